/**
 * Checks a NIK (Nomor Induk Kependudukan) the way a form can without asking Dukcapil: the layout of its 16 digits
 * (wilayah, date of birth, serial). It catches typos and made-up numbers; it cannot prove the number was issued.
 *
 * Layout: digits 1–2 provinsi, 3–4 kabupaten/kota, 5–6 kecamatan (where the NIK was first issued), 7–12 the
 * date of birth as DDMMYY with 40 added to the day for women, 13–16 a serial starting at 0001.
 */

export type JenisKelamin = 'laki-laki' | 'perempuan'

export type NikResult
  = | { ok: true, nik: string, birthDate: string, sex: JenisKelamin }
    | { ok: false, message: string }

export interface NikOptions {
  /** The moment to judge "in the future" against; defaults to now. Tests pass a fixed day. */
  now?: Date
}

/**
 * Kemendagri province codes: the 38 provinces in idn-area-data 4.0.1 (`data/provinces.csv`), including Papua
 * Selatan (93), Papua Tengah (94), Papua Pegunungan (95) and Papua Barat Daya (96), created in 2022. There is no 97.
 * A NIK keeps the code of the place it was issued, so residents of the new Papua provinces may still carry 91 or 92.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21',
  '31', '32', '33', '34', '35', '36',
  '51', '52', '53',
  '61', '62', '63', '64', '65',
  '71', '72', '73', '74', '75', '76',
  '81', '82',
  '91', '92', '93', '94', '95', '96',
])

const FEMALE_DAY_OFFSET = 40
const NIK_LENGTH = 16
const MASK_BULLET = '•'

/** Tanggamus, like all of Lampung, keeps Western Indonesia Time (UTC+7, no daylight saving): "today" is WIB's. */
const TODAY_IN_WIB = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit',
  day: '2-digit' })

/** Removes what people type to group the digits (spaces, dots, hyphens) as printed on the KTP or copied from a KK. */
export function normaliseNik(input: string): string {
  return input.replace(/[\s.-]/g, '')
}

export function validateNik(input: string, options: NikOptions = {}): NikResult {
  const nik = normaliseNik(input)

  if (nik === '') return { ok: false, message: 'Masukkan NIK.' }
  if (!/^\d+$/.test(nik)) return { ok: false, message: 'NIK hanya boleh berisi angka.' }
  if (nik.length !== NIK_LENGTH) {
    return { ok: false, message: `NIK harus 16 angka; yang dimasukkan ${nik.length} angka.` }
  }

  if (!PROVINCE_CODES.has(nik.slice(0, 2))) {
    return { ok: false, message: 'Kode provinsi di NIK (2 angka pertama) tidak dikenal.' }
  }
  if (nik.slice(2, 4) === '00') {
    return { ok: false, message: 'Kode kabupaten/kota di NIK (angka ke-3 dan ke-4) tidak boleh 00.' }
  }
  if (nik.slice(4, 6) === '00') {
    return { ok: false, message: 'Kode kecamatan di NIK (angka ke-5 dan ke-6) tidak boleh 00.' }
  }

  const today = TODAY_IN_WIB.format(options.now ?? new Date())
  const birth = readBirth(nik.slice(6, 12), Number(today.slice(0, 4)))
  if (!birth) return { ok: false, message: 'Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak valid.' }
  if (birth.date > today) return { ok: false, message: 'Tanggal lahir di NIK jatuh setelah hari ini.' }

  if (nik.slice(12) === '0000') {
    return { ok: false, message: 'Nomor urut di NIK (4 angka terakhir) tidak boleh 0000.' }
  }

  return { ok: true, nik, birthDate: birth.date, sex: birth.sex }
}

/**
 * Reads DDMMYY into an ISO date. The year has two digits, so the century is a guess: a year up to this year's two
 * digits is 20YY, a later one 19YY. The guess errs only for someone born in this two-digit year a century ago, after
 * today's day and month (a person turning 100 later this year), who is then refused as born in the future.
 */
function readBirth(digits: string, currentYear: number): { date: string, sex: JenisKelamin } | null {
  const rawDay = Number(digits.slice(0, 2))
  const month = Number(digits.slice(2, 4))
  const shortYear = Number(digits.slice(4, 6))
  const sex: JenisKelamin = rawDay > FEMALE_DAY_OFFSET ? 'perempuan' : 'laki-laki'
  const day = sex === 'perempuan' ? rawDay - FEMALE_DAY_OFFSET : rawDay
  const year = shortYear <= currentYear % 100 ? 2000 + shortYear : 1900 + shortYear

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null

  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return { date, sex }
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; Date.UTC applies the Gregorian leap-year rule.
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * Shows a NIK as `1806••••••••0001`: enough for the citizen to recognise it, too little to reuse it.
 * The issue requires this for everyone but the officers of the OPD handling the request. Anything that is not a
 * 16-digit NIK is masked whole, so a mistyped number never shows either.
 */
export function maskNik(nik: string): string {
  const digits = normaliseNik(nik)
  if (!/^\d{16}$/.test(digits)) return MASK_BULLET.repeat(NIK_LENGTH)
  return `${digits.slice(0, 4)}${MASK_BULLET.repeat(NIK_LENGTH - 8)}${digits.slice(-4)}`
}
