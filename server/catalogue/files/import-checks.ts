import type { EntityManager } from '@mikro-orm/postgresql'
import { ServiceSchema } from '../../database/entities/service'
import { categoryMismatchMessage } from '../publish'
import { sameSnapshot, serviceSnapshotSchema, type ServiceSnapshot } from '../snapshot'
import type { CatalogueDocument } from './export'
import { describeIssue, fieldLabel, rowName } from './import-messages'
import { PROBLEMS_COUNTED, type ImportProblem, type ParsedFile } from './parse'

/**
 * The checks of every import row, made before anything is written and the same for a dry run and an import: the
 * snapshot schema, then the portal. Whatever `publishServiceSnapshot` would refuse (an unknown category, an unknown
 * or deactivated OPD, a category that does not list the OPD, a slug or SPBE ID another service holds, archived ones
 * included) is found here and reported by row and field, so that a file the dry run passes also imports.
 */

/** An import row: exactly the snapshot's fields, none unknown. */
const rowSchema = serviceSnapshotSchema.strict()

export interface CheckedRow {
  row: number
  snapshot: ServiceSnapshot
}

/** What the rows are checked against: the published catalogue (every OPD, with its flag) and archived services. */
export interface PortalState {
  catalogue: CatalogueDocument
  archived: { slug: string, spbeId: string }[]
}

export async function readArchived(em: EntityManager): Promise<PortalState['archived']> {
  const services = await em.find(ServiceSchema, { status: 'archived' }, { orderBy: { spbeId: 'asc' } })
  return services.map(({ slug, spbeId }) => ({ slug, spbeId }))
}

/** A service of the portal that holds a slug or an SPBE ID. */
interface Holder {
  slug: string
  spbeId: string
  archived: boolean
}

const restoreHint = (slug: string) => `pulihkan layanan itu di /admin/layanan/${slug}`

/** What a row is told when a service of the portal holds its slug or its SPBE ID, and what the admin can do. */
const HELD = {
  slugOfArchived: (row: ServiceSnapshot, holder: Holder) => `Slug ${row.slug} milik layanan yang diarsipkan (ID SPBE `
    + `${holder.spbeId}). Untuk menayangkannya lagi, tulis ID SPBE ${holder.spbeId} di baris ini atau `
    + `${restoreHint(holder.slug)}; untuk layanan baru, beri baris ini slug lain.`,
  idChanged: (row: ServiceSnapshot, holder: Holder) => `ID SPBE layanan ${row.slug} di portal adalah `
    + `${holder.spbeId} dan tidak bisa diganti. Tulis ${holder.spbeId}, atau beri baris ini slug lain bila ini `
    + 'layanan baru.',
  idOfArchived: (row: ServiceSnapshot, holder: Holder) => `ID SPBE ${row.spbeId} milik layanan ${holder.slug} yang `
    + `diarsipkan. Untuk menayangkannya lagi, pakai slug ${holder.slug} atau ${restoreHint(holder.slug)}; untuk `
    + 'layanan baru, beri baris ini ID SPBE lain.',
  idOfPublished: (row: ServiceSnapshot, holder: Holder) => `ID SPBE ${row.spbeId} milik layanan ${holder.slug} di `
    + 'portal. Slug layanan tidak bisa diganti lewat impor: pakai slug lama, atau beri layanan baru ID SPBE lain.',
}

/** The problems of a row whose slug or SPBE ID another service holds (the slug and the SPBE ID of one go together). */
function identityProblems(row: ServiceSnapshot, bySlug: Holder | undefined, byId: Holder | undefined,
  idTakenInFile: boolean): [string, string][] {
  const problems: [string, string][] = []
  if (bySlug && bySlug.spbeId !== row.spbeId) {
    problems.push(bySlug.archived
      ? ['slug', HELD.slugOfArchived(row, bySlug)]
      : ['spbeId', HELD.idChanged(row, bySlug)])
  }
  if (byId && byId.slug !== row.slug && !idTakenInFile) {
    problems.push(['spbeId', byId.archived ? HELD.idOfArchived(row, byId) : HELD.idOfPublished(row, byId)])
  }
  return problems
}

/** The portal's lists a row is checked against, each by its key. */
function lookups({ catalogue, archived }: PortalState) {
  const holders: Holder[] = [...catalogue.services.map(({ slug, spbeId }) => ({ slug, spbeId, archived: false })),
    ...archived.map(service => ({ ...service, archived: true }))]
  return {
    categories: new Map(catalogue.categories.map(category => [category.code, category])),
    agencies: new Map(catalogue.agencies.map(agency => [agency.slug, agency])),
    published: new Map(catalogue.services.map(service => [service.slug, service])),
    holderBySlug: new Map(holders.map(holder => [holder.slug, holder])),
    holderById: new Map(holders.map(holder => [holder.spbeId, holder])),
  }
}

/**
 * The problems of a row whose category or OPD the portal lacks, whose OPD is deactivated, or whose category does not
 * list its OPD.
 */
function referenceProblems(row: ServiceSnapshot, portal: ReturnType<typeof lookups>): [string, string][] {
  const problems: [string, string][] = []
  const category = portal.categories.get(row.categoryCode)
  if (!category) {
    problems.push(['categoryCode', `Kategori ${row.categoryCode} tidak ada di katalog portal. Pakai kode salah satu `
    + 'kategori RAL yang tercantum di /admin/kategori, contoh 01.12.'])
  }
  const agency = portal.agencies.get(row.agencySlug)
  const current = portal.published.get(row.slug)
  if (!agency) {
    problems.push(['agencySlug', `OPD ${row.agencySlug} tidak ada di portal. Pakai slug OPD dari daftar OPD, atau `
    + 'tambahkan OPD itu dulu lewat halaman admin.'])
  }
  // A deactivated OPD keeps what it has, but nothing is published under it (publishServiceSnapshot).
  else if (!agency.active && !(current && sameSnapshot(current, row))) {
    problems.push(['agencySlug', `OPD ${row.agencySlug} sudah dinonaktifkan, jadi tidak bisa menerbitkan layanan. `
    + `Aktifkan lagi OPD itu di /admin/opd/${row.agencySlug}, atau pakai slug OPD lain.`])
  }
  // Publishing refuses it too (publishServiceSnapshot); an unchanged row is not published.
  else if (category && !category.agencies.includes(agency.slug) && !(current && sameSnapshot(current, row))) {
    problems.push(['categoryCode', categoryMismatchMessage(category, agency.shortName || agency.name, true)])
  }
  return problems
}

/** The rows that pass, and every problem of the rows checked, the file's and the portal's, in row order. */
export interface CheckedFile {
  rows: CheckedRow[]
  problems: ImportProblem[]
  /** The last row checked when checking stopped at PROBLEMS_COUNTED problems; null when every row was checked. */
  stoppedAtRow: number | null
}

/** A row's problems against the snapshot schema, or its snapshot. */
function schemaProblems(file: ParsedFile, row: number, value: unknown): ImportProblem[] | ServiceSnapshot {
  const parsed = rowSchema.safeParse(value)
  if (parsed.success) return parsed.data
  return parsed.error.issues.map(issue => ({ row, field: fieldLabel(issue.path, file.format!) || null,
    message: describeIssue(issue, value) }))
}

/**
 * Every row against the snapshot schema and the portal, in row order, until the problems found in the rows so far
 * (the file's own included) reach PROBLEMS_COUNTED: the rows up to there are checked in full, none after.
 */
export function checkRows(file: ParsedFile, state: PortalState): CheckedFile {
  const portal = lookups(state)
  const checked: CheckedRow[] = []
  const found: ImportProblem[] = []
  const slugRows = new Map<string, number>()
  const idRows = new Map<string, number>()
  const where = (other: number) => rowName(file.format!, other).toLowerCase()
  let stoppedAtRow = file.stoppedAtRow ?? null
  let fromFile = 0
  for (const { row, value } of file.rows) {
    // The file's problems in the rows before this one (they come in row order).
    while (fromFile < file.problems.length && (file.problems[fromFile]!.row ?? 0) < row) fromFile++
    if (found.length + fromFile >= PROBLEMS_COUNTED) {
      stoppedAtRow = row - 1
      break
    }
    const snapshot = schemaProblems(file, row, value)
    if (Array.isArray(snapshot)) {
      found.push(...snapshot)
      continue
    }
    const problems = referenceProblems(snapshot, portal)
    const [sameSlug, sameId] = [slugRows.get(snapshot.slug), idRows.get(snapshot.spbeId)]
    if (sameSlug) problems.push(['slug', `Slug ${snapshot.slug} sudah dipakai di ${where(sameSlug)}.`])
    if (sameId) problems.push(['spbeId', `ID SPBE ${snapshot.spbeId} sudah dipakai di ${where(sameId)}.`])
    problems.push(...identityProblems(snapshot, portal.holderBySlug.get(snapshot.slug),
      portal.holderById.get(snapshot.spbeId), Boolean(sameId)))
    found.push(...problems.map(([field, message]) => ({ row, field, message })))
    slugRows.set(snapshot.slug, row)
    idRows.set(snapshot.spbeId, row)
    checked.push({ row, snapshot })
  }
  const ofFile = file.problems.filter(problem => stoppedAtRow === null || (problem.row ?? 0) <= stoppedAtRow)
  return { rows: checked, problems: [...ofFile, ...found].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)), stoppedAtRow }
}
