import type { EntityManager } from '@mikro-orm/postgresql'
import { ServiceSchema } from '../../database/entities/service'
import type { User } from '../../database/entities/user'
import { publishServiceSnapshot } from '../publish'
import { canonicalJson, type ServiceSnapshot } from '../snapshot'
import { CSV_COLUMNS, flatten } from './catalogue-csv'
import { readCatalogue, type CatalogueDocument } from './export'
import { checkRows, readArchived, type CheckedRow } from './import-checks'
import { refusalMessage } from './import-messages'
import { parseCatalogueFile, type CatalogueFormat, type ImportProblem, type ParsedFile } from './parse'

/**
 * Importing the catalogue file (JSON or CSV, docs/catalogue-files.md). Every row is checked first; when any row
 * has a problem nothing is imported and the problems are reported by row and field, the first PROBLEMS_SHOWN of
 * them listed and the rest counted (a file of junk would otherwise answer with megabytes of problems). Otherwise the
 * report says what changes (new, changed and which fields, unchanged) and, unless it is a dry run, each new or
 * changed service is published, all in one transaction. A service missing from the file is listed as such and left
 * alone: an import never deletes or archives.
 */

export type ChangeKind = 'new' | 'changed' | 'unchanged' | 'removed'

export interface ServiceChange {
  /** The row in the file (CSV: its line as a spreadsheet numbers it; JSON: its place in `services`); null if absent. */
  row: number | null
  slug: string
  name: string
  change: ChangeKind
  fields: string[]
}

export interface ImportReport {
  format: CatalogueFormat | null
  dryRun: boolean
  applied: boolean
  rows: number
  counts: Record<ChangeKind, number>
  services: ServiceChange[]
  /** The first PROBLEMS_SHOWN problems, in row order. */
  problems: ImportProblem[]
  /** Every problem found, the listed ones included. */
  problemsTotal: number
  /** The problems found but not listed. */
  problemsMore: number
  /** The last row checked when checking stopped at PROBLEMS_COUNTED problems (parse.ts); null when all were. */
  stoppedAtRow: number | null
  /** Why nothing was imported, in one sentence: only when there are problems. */
  message?: string
  /** What the file says that an import does not change (categories and OPDs are edited in /admin). */
  notices: string[]
}

/** How many problems a report lists: enough to work on, few enough that the answer stays small. */
export const PROBLEMS_SHOWN = 100

export interface ImportOptions {
  dryRun: boolean
  actor: User
}

function emptyReport(format: CatalogueFormat | null, dryRun: boolean): ImportReport {
  return { format, dryRun, applied: false, rows: 0, counts: { new: 0, changed: 0, unchanged: 0, removed: 0 },
    services: [], problems: [], problemsTotal: 0, problemsMore: 0, stoppedAtRow: null, notices: [] }
}

/** The report of a refused file: its first problems, how many there are, and why nothing was imported. */
function refused(report: ImportReport, problems: ImportProblem[], stoppedAtRow: number | null): ImportReport {
  const shown = problems.slice(0, PROBLEMS_SHOWN)
  return { ...report, problems: shown, problemsTotal: problems.length, problemsMore: problems.length - shown.length,
    stoppedAtRow, message: refusalMessage(report.format, problems.length, stoppedAtRow) }
}

/** The columns whose values differ, named as the file names them (the fee as two columns in CSV). */
function changedColumns(before: ServiceSnapshot, after: ServiceSnapshot, format: CatalogueFormat): string[] {
  const [old, next] = [flatten(before), flatten(after)]
  return CSV_COLUMNS.filter(column => canonicalJson(old[column]) !== canonicalJson(next[column]))
    .map(column => format === 'json' && column.startsWith('fee') ? `fee.${column.slice(3).toLowerCase()}` : column)
}

function planChanges(rows: CheckedRow[], catalogue: CatalogueDocument, format: CatalogueFormat): ServiceChange[] {
  const current = new Map(catalogue.services.map(service => [service.slug, service]))
  const changes: ServiceChange[] = rows.map(({ row, snapshot }) => {
    const before = current.get(snapshot.slug)
    const fields = before ? changedColumns(before, snapshot, format) : []
    const change: ChangeKind = !before ? 'new' : fields.length ? 'changed' : 'unchanged'
    return { row, slug: snapshot.slug, name: snapshot.name, change, fields }
  })
  const inFile = new Set(rows.map(({ snapshot }) => snapshot.slug))
  for (const service of catalogue.services.filter(s => !inFile.has(s.slug))) {
    changes.push({ row: null, slug: service.slug, name: service.name, change: 'removed', fields: [] })
  }
  return changes
}

/** Categories and OPDs in a JSON file that differ from the portal's: an import leaves them as they are. */
function sectionNotices(file: ParsedFile, catalogue: CatalogueDocument): string[] {
  const notices: string[] = []
  const compare = (entries: unknown[] | undefined, current: { key: string, json: string }[], keyName: string,
    what: string) => {
    const byKey = new Map(current.map(entry => [entry.key, entry.json]))
    for (const entry of entries ?? []) {
      const key = String((entry as Record<string, unknown> | null)?.[keyName] ?? '?')
      if (!byKey.has(key)) notices.push(`${what} ${key} tidak ada di portal dan tidak ditambahkan oleh impor.`)
      else if (byKey.get(key) !== canonicalJson(entry)) {
        notices.push(`${what} ${key} di berkas berbeda dengan di portal; impor tidak mengubahnya.`)
      }
    }
  }
  compare(file.categories, catalogue.categories.map(c => ({ key: c.code, json: canonicalJson(c) })), 'code',
    'Kategori')
  compare(file.agencies, catalogue.agencies.map(a => ({ key: a.slug, json: canonicalJson(a) })), 'slug', 'OPD')
  return notices
}

export async function importCatalogue(
  em: EntityManager, bytes: Uint8Array, options: ImportOptions,
): Promise<ImportReport> {
  const file = parseCatalogueFile(bytes)
  const report = emptyReport(file.format, options.dryRun)
  report.rows = file.rows.length
  if (!file.rows.length) return refused(report, file.problems, file.stoppedAtRow ?? null)

  const run = async (work: EntityManager): Promise<ImportReport> => {
    const catalogue = await readCatalogue(work, 'admin')
    const { rows, problems, stoppedAtRow } = checkRows(file, { catalogue, archived: await readArchived(work) })
    if (problems.length) return refused(report, problems, stoppedAtRow)

    const services = planChanges(rows, catalogue, file.format!)
    for (const { change } of services) report.counts[change]++
    const result = { ...report, services, notices: sectionNotices(file, catalogue) }
    if (options.dryRun) return result

    const toPublish = rows.filter((_, index) => services[index]!.change !== 'unchanged')
    for (const { snapshot } of toPublish) {
      const existing = await work.findOne(ServiceSchema, { slug: snapshot.slug }, { populate: ['category', 'agency'] })
      await publishServiceSnapshot(work, existing, snapshot, options.actor)
    }
    return { ...result, applied: true }
  }
  return options.dryRun ? run(em) : em.transactional(run)
}
