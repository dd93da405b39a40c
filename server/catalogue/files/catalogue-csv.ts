import type { ServiceSnapshot } from '../snapshot'
import { writeCsv } from './csv'

/**
 * The catalogue as CSV: one row per service, one column per snapshot field (the fee as two columns). How a cell
 * holds a value that is not text is fixed per column, so every value comes back exactly (docs/catalogue-files.md):
 * a list is a JSON array of strings, the form a JSON object, a missing number or text an empty cell.
 */
export const CSV_COLUMNS = ['spbeId', 'slug', 'name', 'categoryCode', 'agencySlug', 'aliases', 'purpose', 'function',
  'target', 'method', 'benefits', 'economicPotential', 'risks', 'riskMitigation', 'relatedMinistry',
  'governmentAffair', 'relatedMetadataIds', 'requirements', 'procedure', 'durationDays', 'durationNote', 'feeAmount',
  'feeNote', 'output', 'legalBasis', 'complaintHandling', 'channelUrl', 'externalProvider', 'popular', 'sources',
  'form'] as const

export type CsvColumn = typeof CSV_COLUMNS[number]

/** How a column's cell holds its value. */
export type CellKind = 'text' | 'list' | 'number' | 'optional-text' | 'boolean' | 'form'

export const CELL_KINDS: Record<CsvColumn, CellKind> = {
  spbeId: 'text', slug: 'text', name: 'text', categoryCode: 'text', agencySlug: 'text', aliases: 'list',
  purpose: 'text', function: 'text', target: 'text', method: 'text', benefits: 'text', economicPotential: 'text',
  risks: 'text', riskMitigation: 'text', relatedMinistry: 'text', governmentAffair: 'text', relatedMetadataIds: 'list',
  requirements: 'list', procedure: 'list', durationDays: 'number', durationNote: 'text', feeAmount: 'number',
  feeNote: 'text', output: 'text', legalBasis: 'list', complaintHandling: 'text', channelUrl: 'optional-text',
  externalProvider: 'optional-text', popular: 'boolean', sources: 'list', form: 'form',
}

/** A snapshot as a flat record, one entry per column. */
export function flatten(snapshot: ServiceSnapshot): Record<CsvColumn, unknown> {
  const { fee, ...rest } = snapshot
  return { ...rest, feeAmount: fee.amount, feeNote: fee.note }
}

/** The snapshot shape again from a flat record (its values still to be validated). */
export function unflatten(record: Partial<Record<CsvColumn, unknown>>): Record<string, unknown> {
  const { feeAmount, feeNote, ...rest } = record
  return { ...rest, fee: { amount: feeAmount, note: feeNote } }
}

function encodeCell(kind: CellKind, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (kind === 'list' || kind === 'form') return JSON.stringify(value)
  return String(value)
}

/** The whole catalogue as one CSV document, the header first. */
export function catalogueCsv(services: readonly ServiceSnapshot[]): string {
  const rows = services.map((snapshot) => {
    const record = flatten(snapshot)
    return CSV_COLUMNS.map(column => encodeCell(CELL_KINDS[column], record[column]))
  })
  return writeCsv([[...CSV_COLUMNS], ...rows])
}

/** A cell read back into its value, or why it cannot be. */
export type DecodedCell = { value: unknown } | { problem: string }

export function decodeCell(kind: CellKind, cell: string): DecodedCell {
  if (kind === 'text') return { value: cell }
  if (kind === 'optional-text') return { value: cell === '' ? null : cell }
  if (kind === 'number') {
    if (cell === '') return { value: null }
    return /^\d{1,9}$/.test(cell)
      ? { value: Number(cell) }
      : { problem: 'Harus bilangan bulat tanpa titik atau koma (contoh 14), atau kosong bila belum diketahui.' }
  }
  if (kind === 'boolean') {
    if (cell === 'true' || cell === 'false') return { value: cell === 'true' }
    return { problem: 'Tulis true atau false.' }
  }
  if (kind === 'form' && cell === '') return { value: null }
  try {
    return { value: JSON.parse(cell) as unknown }
  }
  catch {
    return kind === 'list'
      ? { problem: 'Harus daftar JSON, contoh ["KTP asli","Kartu Keluarga"]; daftar kosong ditulis [].' }
      : { problem: 'Harus formulir dalam JSON (seperti di berkas ekspor), atau kosong bila tidak ada formulir.' }
  }
}
