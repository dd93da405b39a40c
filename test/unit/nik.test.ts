import { describe, expect, it } from 'vitest'
import { maskNik, validateNik } from '../../server/requests/nik'

// Made-up NIKs for tests only: Tanggamus (18.06), kecamatan 01, serials 0001 and 9999.
const now = new Date('2026-12-04T10:00:00+07:00')
const check = (input: string) => validateNik(input, { now })

describe('validating a NIK', () => {
  it('accepts a man\'s NIK and reads his date of birth', () => {
    expect(check('1806011708900001')).toEqual({
      ok: true, nik: '1806011708900001', birthDate: '1990-08-17', sex: 'laki-laki',
    })
  })

  it('accepts a woman\'s NIK, whose day of birth has 40 added', () => {
    expect(check('1806015708909999')).toEqual({
      ok: true, nik: '1806015708909999', birthDate: '1990-08-17', sex: 'perempuan',
    })
  })

  it('removes spaces, dots and hyphens people type to group the digits', () => {
    expect(check(' 18.06.01 170890 0001 ')).toMatchObject({ ok: true, nik: '1806011708900001' })
    expect(check('1806-0117-0890-0001')).toMatchObject({ ok: true, nik: '1806011708900001' })
  })

  it('accepts 29 February in a leap year, for men and women', () => {
    expect(check('1806012902000001')).toMatchObject({ ok: true, birthDate: '2000-02-29', sex: 'laki-laki' })
    expect(check('1806016902960001')).toMatchObject({ ok: true, birthDate: '1996-02-29', sex: 'perempuan' })
  })

  it('refuses 29 February in a year that is not a leap year', () => {
    expect(check('1806012902010001')).toEqual({
      ok: false, message: 'Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak valid.',
    })
    expect(check('1806016902970001').ok).toBe(false)
  })

  it.each([
    ['day 00', '1806010008900001'],
    ['day 32', '1806013208900001'],
    ['day 40, neither a man\'s nor a woman\'s', '1806014008900001'],
    ['day 72 (a woman\'s 32)', '1806017208900001'],
    ['month 00', '1806011700900001'],
    ['month 13', '1806011713900001'],
    ['31 April', '1806013104900001'],
  ])('refuses a date of birth with %s', (_, nik) => {
    expect(check(nik)).toEqual({ ok: false, message: 'Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak valid.' })
  })

  it('refuses a date of birth after today, judged in WIB', () => {
    expect(check('1806010512260001')).toEqual({ ok: false, message: 'Tanggal lahir di NIK jatuh setelah hari ini.' })
    expect(check('1806010412260001')).toMatchObject({ ok: true, birthDate: '2026-12-04' })
    // 17:30 UTC on 3 December is already 4 December in Tanggamus.
    expect(validateNik('1806010412260001', { now: new Date('2026-12-03T17:30:00Z') }).ok).toBe(true)
  })

  it('reads a two-digit year after this year\'s as the previous century', () => {
    expect(check('1806011708270001')).toMatchObject({ ok: true, birthDate: '1927-08-17' })
  })

  it.each([
    ['20', 'between Sumatera and Jawa'],
    ['97', 'after the last Papua province'],
    ['54', 'Timor Timur\'s, gone before NIKs'],
    ['00', 'zero'],
  ])('refuses province code %s (%s)', (code) => {
    expect(check(`${code}06011708900001`)).toEqual({
      ok: false, message: 'Kode provinsi di NIK (2 angka pertama) tidak dikenal.',
    })
  })

  it('accepts the provinces created in 2022 in Papua', () => {
    for (const code of ['93', '94', '95', '96']) expect(check(`${code}01011708900001`).ok).toBe(true)
  })

  it('refuses a kabupaten/kota code or a kecamatan code of 00', () => {
    expect(check('1800011708900001')).toEqual({
      ok: false, message: 'Kode kabupaten/kota di NIK (angka ke-3 dan ke-4) tidak boleh 00.',
    })
    expect(check('1806001708900001')).toEqual({
      ok: false, message: 'Kode kecamatan di NIK (angka ke-5 dan ke-6) tidak boleh 00.',
    })
  })

  it('refuses the serial 0000', () => {
    expect(check('1806011708900000')).toEqual({
      ok: false, message: 'Nomor urut di NIK (4 angka terakhir) tidak boleh 0000.',
    })
  })

  it('asks for exactly 16 digits and says how many were typed', () => {
    expect(check('180601170890001')).toEqual({ ok: false, message: 'NIK harus 16 angka; yang dimasukkan 15 angka.' })
    expect(check('18060117089000011')).toMatchObject({ ok: false, message: expect.stringContaining('17 angka') })
  })

  it('refuses letters and asks for a NIK when nothing was typed', () => {
    expect(check('18060117O8900001')).toEqual({ ok: false, message: 'NIK hanya boleh berisi angka.' })
    expect(check('  ')).toEqual({ ok: false, message: 'Masukkan NIK.' })
  })
})

describe('masking a NIK', () => {
  it('shows the first four and the last four digits only', () => {
    expect(maskNik('1806011708900001')).toBe('1806••••••••0001')
  })

  it('masks a NIK typed with spaces the same way', () => {
    expect(maskNik('1806 0117 0890 0001')).toBe('1806••••••••0001')
  })

  it('masks anything that is not a 16-digit NIK completely', () => {
    expect(maskNik('180601170890001')).toBe('••••••••••••••••')
    expect(maskNik('')).toBe('••••••••••••••••')
  })
})
