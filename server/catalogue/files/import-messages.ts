import type { z } from 'zod'
import { FORM_MESSAGES } from '../form-schema'

/**
 * What an import tells an admin about a value it refuses, in plain Indonesian: zod's issue codes, and the seed
 * schema's own rules (formats of the SPBE id, the slug, the RAL code), read as sentences with an example.
 */

const FORMATS: Record<string, string> = {
  spbeId: 'Tulis ID SPBE seperti LAY-1806-01.12-001: LAY-1806-, kode kategori RAL, tanda hubung, tiga angka.',
  slug: 'Tulis slug dengan huruf kecil, angka dan tanda hubung saja, contoh akta-kelahiran.',
  categoryCode: 'Tulis kode kategori RAL seperti 01.12.',
  key: 'Tulis kunci isian formulir dalam camelCase, contoh namaLengkap.',
  value: 'Tulis nilai pilihan dengan huruf kecil, angka dan tanda hubung, contoh ktp-baru.',
}

/** The form schema's own rules (server/catalogue/form-schema.ts), already in Indonesian: read as a sentence. */
const FORM_RULES: ReadonlySet<string> = new Set(Object.values(FORM_MESSAGES))
const formRule = (message: string) => FORM_RULES.has(message)
  ? `${message[0]!.toUpperCase()}${message.slice(1)}`
  : undefined

const TYPES: Record<string, string> = {
  string: 'Harus berupa teks.',
  number: 'Harus berupa bilangan bulat.',
  int: 'Harus berupa bilangan bulat.',
  boolean: 'Harus true atau false.',
  array: 'Harus berupa daftar.',
  object: 'Harus berupa objek JSON.',
}

function lastName(path: readonly PropertyKey[]): string {
  return String([...path].reverse().find(part => typeof part === 'string') ?? '')
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, part) =>
    node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined, root)
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, small: boolean): string {
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum)
  if (issue.origin === 'string') {
    return small ? `Terlalu pendek: paling sedikit ${bound} huruf.` : `Terlalu panjang: paling banyak ${bound} huruf.`
  }
  if (issue.origin === 'array') {
    return small ? `Isi paling sedikit ${bound} butir.` : `Isi paling banyak ${bound} butir.`
  }
  return small ? `Paling kecil ${bound}.` : `Paling besar ${bound}.`
}

/** One refusal as a sentence; `input` is the value that was checked, to tell a missing value from a wrong one. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'Wajib diisi.' : TYPES[issue.expected] ?? 'Jenis isinya salah.'
    case 'too_small':
      return sizeMessage(issue, true)
    case 'too_big':
      return sizeMessage(issue, false)
    case 'invalid_value':
      return `Pilih salah satu: ${issue.values.map(String).join(', ')}.`
    case 'unrecognized_keys':
      return `Isian tidak dikenal: ${issue.keys.join(', ')}. Hapus isian itu atau periksa ejaannya.`
    case 'invalid_format':
      if (issue.format === 'url') return 'Alamat web tidak sah. Tulis lengkap, diawali https://.'
      return formRule(issue.message) ?? FORMATS[lastName(issue.path)] ?? 'Bentuk tulisannya tidak sesuai aturan.'
    default:
      return formRule(issue.message) ?? 'Isinya tidak sesuai aturan katalog.'
  }
}

/**
 * Where in a row a problem is: the column (CSV) or the field (JSON), then a list item as "butir ke-N" and a
 * field inside the form by its name, e.g. "requirements, butir ke-3" or "form, questions, butir ke-2, label".
 */
export function fieldLabel(path: readonly PropertyKey[], format: 'json' | 'csv'): string {
  const [first, ...rest] = path
  let head = String(first ?? '')
  if (first === 'fee' && typeof rest[0] === 'string') {
    head = format === 'csv' ? `fee${rest[0][0]!.toUpperCase()}${rest[0].slice(1)}` : `fee.${rest[0]}`
    rest.shift()
  }
  return [head, ...rest.map(part => typeof part === 'number' ? `butir ke-${part + 1}` : String(part))].join(', ')
}

/** How a report names a row: a CSV line as a spreadsheet numbers it, or a JSON service by its place. */
export function rowName(format: 'json' | 'csv', row: number): string {
  return format === 'csv' ? `Baris ${row}` : `Layanan ke-${row}`
}

/**
 * Why a file was not imported, in one sentence for the page and the API's `message`: how many problems, and where
 * checking stopped when it did (`stoppedAtRow`, ImportReport).
 */
export function refusalMessage(format: 'json' | 'csv' | null, total: number, stoppedAtRow: number | null): string {
  const problems = `${total.toLocaleString('id-ID')} masalah`
  const found = stoppedAtRow === null
    ? `ada ${problems}, jadi tidak ada yang diubah`
    : `sampai ${rowName(format ?? 'csv', stoppedAtRow).toLowerCase()} sudah ada ${problems}, jadi pemeriksaan `
      + 'dihentikan dan tidak ada yang diubah'
  return `Berkas belum bisa diimpor: ${found}. Lihat daftar masalah per baris dan kolom.`
}
