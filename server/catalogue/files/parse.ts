import { CELL_KINDS, CSV_COLUMNS, decodeCell, unflatten, type CsvColumn } from './catalogue-csv'
import { CsvSyntaxError, readCsv } from './csv'
import { rowName } from './import-messages'

/**
 * Reading an uploaded catalogue file into rows to check: its bytes as UTF-8 text (a BOM is dropped), JSON when it
 * starts with `{` or `[`, CSV otherwise. A file that cannot be read as either is refused as a whole with one problem
 * that says why; values are checked later, row by row (import.ts).
 */

export type CatalogueFormat = 'json' | 'csv'

export interface ImportProblem {
  /** The row (CSV: the line as a spreadsheet numbers it, the header being 1; JSON: the service's place). */
  row: number | null
  field: string | null
  message: string
}

/**
 * Checking stops once this many problems are found, so that a file of junk is answered in a moment: the rows up to
 * where it stopped are checked in full, the rest are not (their problems are not counted).
 */
export const PROBLEMS_COUNTED = 1_000

export interface ParsedFile {
  format: CatalogueFormat | null
  rows: { row: number, value: unknown }[]
  /** The problems of reading the file, in row order. */
  problems: ImportProblem[]
  /** Set when reading stopped at PROBLEMS_COUNTED problems: the last row read. */
  stoppedAtRow?: number
  /** A JSON file's other sections, as given (reported, never imported). */
  categories?: unknown[]
  agencies?: unknown[]
}

const NOT_TEXT = 'Berkas ini bukan teks UTF-8 (mungkin gambar, PDF atau berkas biner). Unggah berkas katalog dalam '
  + 'JSON, atau CSV yang disimpan sebagai "CSV UTF-8".'
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

function failed(message: string, format: CatalogueFormat | null = null, row: number | null = null): ParsedFile {
  return { format, rows: [], problems: [{ row, field: null, message }] }
}

function decodeText(bytes: Uint8Array): { text: string } | { problem: string } {
  if (!bytes.length) return { problem: 'Berkasnya kosong.' }
  if (bytes[0] === 0x50 && bytes[1] === 0x4B && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { problem: 'Ini berkas Excel (.xlsx) atau ZIP, bukan CSV. Di Excel pilih Simpan Sebagai, lalu "CSV UTF-8 '
      + '(dipisah koma)", dan unggah berkas itu.' }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  }
  catch {
    return { problem: NOT_TEXT }
  }
  if (CONTROL_CHARACTERS.test(text)) return { problem: NOT_TEXT }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text }
}

export function parseCatalogueFile(bytes: Uint8Array): ParsedFile {
  const decoded = decodeText(bytes)
  if ('problem' in decoded) return failed(decoded.problem)
  return /^\s*[[{]/.test(decoded.text) ? parseJsonFile(decoded.text) : parseCsvFile(decoded.text)
}

function lineOf(text: string, error: unknown): number | null {
  const message = error instanceof Error ? error.message : ''
  const line = /line (\d+)/.exec(message)?.[1]
  if (line) return Number(line)
  const position = /position (\d+)/.exec(message)?.[1]
  return position ? text.slice(0, Number(position)).split('\n').length : null
}

const JSON_SECTIONS = new Set(['categories', 'agencies', 'services'])

function parseJsonFile(text: string): ParsedFile {
  let document: unknown
  try {
    document = JSON.parse(text)
  }
  catch (error) {
    const line = lineOf(text, error)
    return failed(`Berkas JSON tidak sah${line ? ` di sekitar baris teks ${line}` : ''}: periksa koma, kurung dan `
      + 'tanda petik.', 'json')
  }
  // A bare array is a list of services, as in the seed files of one category.
  const sections = Array.isArray(document) ? { services: document } : document as Record<string, unknown> | null
  if (!sections || typeof sections !== 'object' || !Array.isArray(sections.services)) {
    return failed('Berkas JSON harus berisi "services": daftar layanan, seperti berkas ekspor katalog.', 'json')
  }
  const unknown = Object.keys(sections).filter(key => !JSON_SECTIONS.has(key))
  if (unknown.length) {
    return failed(`Bagian berkas tidak dikenal: ${unknown.join(', ')}. Berkas katalog hanya berisi categories, `
      + 'agencies dan services.', 'json')
  }
  if (!sections.services.length) return failed('Berkas tidak memuat satu layanan pun.', 'json')
  const list = (value: unknown) => Array.isArray(value) ? value : undefined
  return { format: 'json', rows: sections.services.map((value, index) => ({ row: index + 1, value })), problems: [],
    categories: list(sections.categories), agencies: list(sections.agencies) }
}

/** The header names exactly the catalogue's columns, each once, in any order. */
function headerProblem(header: string[]): string | null {
  const missing = CSV_COLUMNS.filter(column => !header.includes(column))
  const unknown = header.filter(name => !(CSV_COLUMNS as readonly string[]).includes(name))
  const twice = header.filter((name, index) => header.indexOf(name) !== index)
  if (!missing.length && !unknown.length && !twice.length) return null
  if (header.includes('Nama Layanan')) {
    return 'Ini berkas metadata SPBE, bukan berkas katalog. Unggah berkas katalog (CSV atau JSON) dari halaman ini.'
  }
  return [
    missing.length ? `Kolom ini tidak ada: ${missing.join(', ')}.` : '',
    unknown.length ? `Kolom ini tidak dikenal: ${unknown.join(', ')}.` : '',
    twice.length ? `Kolom ini muncul dua kali: ${[...new Set(twice)].join(', ')}.` : '',
    'Baris pertama harus berisi nama kolom seperti di berkas ekspor katalog.',
  ].filter(Boolean).join(' ')
}

function parseCsvFile(text: string): ParsedFile {
  let records: string[][]
  try {
    records = readCsv(text)
  }
  catch (error) {
    if (error instanceof CsvSyntaxError) return failed(`${rowName('csv', error.record)}: ${error.message}`, 'csv')
    throw error
  }
  const [header = [], ...body] = records
  const wrongHeader = headerProblem(header)
  if (wrongHeader) return failed(wrongHeader, 'csv', 1)

  const file: ParsedFile = { format: 'csv', rows: [], problems: [] }
  for (const [index, cells] of body.entries()) {
    const row = index + 2
    if (file.problems.length >= PROBLEMS_COUNTED) {
      file.stoppedAtRow = row - 1
      break
    }
    // A row of empty cells (a spreadsheet may save some at the end) holds no service.
    if (cells.every(cell => cell === '')) continue
    if (cells.length !== header.length) {
      file.problems.push({ row, field: null, message: `Baris ini punya ${cells.length} sel, padahal ada `
        + `${header.length} kolom. Periksa koma dan tanda petik di baris ini.` })
      continue
    }
    const record: Partial<Record<CsvColumn, unknown>> = {}
    let readable = true
    header.forEach((name, column) => {
      const decoded = decodeCell(CELL_KINDS[name as CsvColumn], cells[column]!)
      if ('value' in decoded) record[name as CsvColumn] = decoded.value
      else {
        file.problems.push({ row, field: name, message: decoded.problem })
        readable = false
      }
    })
    // A row with a cell that cannot be read is reported for that cell only, not again for a missing value.
    if (readable) file.rows.push({ row, value: unflatten(record) })
  }
  if (!file.rows.length && !file.problems.length) file.problems.push(...failed('Berkas tidak memuat satu layanan '
    + 'pun.', 'csv').problems)
  return file
}
