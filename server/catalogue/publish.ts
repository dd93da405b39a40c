/**
 * Publishing a service (issue 6): the one function every way of publishing goes through (a reviewed draft, a restored
 * version, a catalogue import). It never edits a version in place: the service row becomes the new live version,
 * its number goes up by one, and the snapshot is added to service_version; the search index follows in the same
 * transaction.
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { changedFields, recordAudit } from '../audit'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema, type Category } from '../database/entities/category'
import { ServiceSchema, ServiceVersionSchema, type Service } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { CatalogueError, invalidCatalogueInput } from './errors'
import { updateSearchIndex } from './search-index'
import { parseSnapshot, sameSnapshot, serviceData, snapshotOf, type ServiceSnapshot } from './snapshot'

/** The name a version shows when no person published it (the seed, a start-up repair). */
export const SYSTEM_PUBLISHER = 'Sistem MPP Digital'

export interface PublishedService {
  service: Service
  version: number
  /** The live snapshot it replaced; null for a new service. */
  before: ServiceSnapshot | null
  after: ServiceSnapshot
}

export interface PublishOptions {
  /** Why this version, kept with it ("Dipulihkan dari versi 2"). */
  note?: string
  /** More work in the same transaction (the draft marked published); when it throws, nothing is published. */
  alongside?: (tx: EntityManager, published: PublishedService) => Promise<void>
  now?: Date
}

/**
 * Publishes `snapshot` as the next version of `serviceOrNull`, or as version 1 of a new service. The slug and SPBE ID
 * of a service are fixed once published; a snapshot equal to the live one of a published service is refused, since
 * it would be a version without a change. An archived service published again is public again.
 */
export async function publishServiceSnapshot(em: EntityManager, serviceOrNull: Service | null, snapshot: unknown,
  actor: User | null, options: PublishOptions = {}): Promise<PublishedService> {
  const parsed = parseSnapshot(snapshot)
  if (parsed.errors) throw invalidCatalogueInput(parsed.errors)
  const after = parsed.snapshot
  const now = options.now ?? new Date()

  const published = await em.transactional(async (tx) => {
    const [category, agency] = await Promise.all([
      tx.findOne(CategorySchema, { code: after.categoryCode }),
      tx.findOne(AgencySchema, { slug: after.agencySlug, active: true }),
    ])
    const unknown: Record<string, string> = {}
    if (!category) unknown.categoryCode = `Kategori ${after.categoryCode} tidak dikenal.`
    if (!agency) unknown.agencySlug = `OPD "${after.agencySlug}" tidak dikenal atau tidak aktif.`
    if (!category || !agency) throw invalidCatalogueInput(unknown)
    await assertCategoryOfAgency(tx, category, agency, actor)

    let service: Service
    let before: ServiceSnapshot | null = null
    if (serviceOrNull) {
      // Locked first, then its references loaded: FOR UPDATE cannot cover the outer joins of a populate.
      service = await tx.findOneOrFail(ServiceSchema, serviceOrNull.id, { lockMode: LockMode.PESSIMISTIC_WRITE })
      await tx.populate(service, ['category', 'agency'])
      before = snapshotOf(service)
      assertFixedIdentity(before, after)
      if (service.status === 'published' && sameSnapshot(before, after)) {
        throw new CatalogueError('conflict', 'Tidak ada perubahan dibanding versi yang tayang.')
      }
      tx.assign(service, { ...serviceData(after, category, agency), status: 'published', version: service.version + 1 })
    }
    else {
      await assertNewIdentity(tx, after)
      service = tx.create(ServiceSchema, { ...serviceData(after, category, agency), status: 'published', version: 1 })
    }
    tx.create(ServiceVersionSchema, { service, version: service.version, snapshot: after,
      publishedBy: actor?.id ?? null, publishedByName: actor?.name ?? SYSTEM_PUBLISHER, publishedAt: now,
      note: options.note ?? null })
    await tx.flush()
    const result = { service, version: service.version, before, after }
    await options.alongside?.(tx, result)
    await updateSearchIndex(tx, [service.slug])
    // Last, after the rows `alongside` locks: the trail's append lock is held until the commit.
    const changed = changedFields(before ?? {}, after)
    await recordAudit(tx, { actor, action: 'service.publish', entityType: 'service', entityId: service.slug,
      before: before && { ...changed.before, version: service.version - 1 },
      after: { ...changed.after, version: service.version } })
    return result
  })
  logger.info({ service: published.service.slug, version: published.version, actor: actor?.id ?? null },
    'service published')
  return published
}

/** A published service keeps its address (slug) and its SPBE ID: links and other systems rely on them. */
export function assertFixedIdentity(live: ServiceSnapshot, proposed: ServiceSnapshot) {
  const fields: Record<string, string> = {}
  if (proposed.slug !== live.slug) fields.slug = `Alamat layanan tetap "${live.slug}" setelah tayang.`
  if (proposed.spbeId !== live.spbeId) fields.spbeId = `ID layanan SPBE tetap ${live.spbeId} setelah tayang.`
  if (Object.keys(fields).length) throw invalidCatalogueInput(fields)
}

/** A new service needs a slug and an SPBE ID no other service has. */
export async function assertNewIdentity(em: EntityManager, proposed: ServiceSnapshot) {
  const fields: Record<string, string> = {}
  if (await em.count(ServiceSchema, { slug: proposed.slug })) {
    fields.slug = `Alamat "${proposed.slug}" sudah dipakai layanan lain.`
  }
  if (await em.count(ServiceSchema, { spbeId: proposed.spbeId })) {
    fields.spbeId = `ID layanan ${proposed.spbeId} sudah dipakai layanan lain.`
  }
  if (Object.keys(fields).length) throw invalidCatalogueInput(fields)
}

/**
 * What a service under a RAL category whose OPD mapping does not list its OPD is told, naming both; an admin is sent
 * to the category's page to add the OPD, an OPD head to the categories of their own OPD.
 */
export function categoryMismatchMessage(category: { code: string, name: string }, agencyName: string,
  forAdmin: boolean): string {
  return `Kategori ${category.code} ${category.name} tidak mencantumkan ${agencyName} sebagai OPD pelaksana. `
    + (forAdmin
      ? `Pilih kategori yang mencantumkan ${agencyName}, atau tambahkan ${agencyName} ke kategori itu di `
      + `/admin/kategori/${category.code}.`
      : `Pilih salah satu kategori ${agencyName} dari daftar.`)
}

/**
 * A service sits only under a category that lists its OPD, or the public category and OPD pages disagree about it.
 * The category editor keeps the other half: an OPD leaves a category only once none of its services is there.
 */
export async function assertCategoryOfAgency(em: EntityManager, category: Category, agency: Agency,
  actor: User | null) {
  if (await em.count(CategoryAgencySchema, { category, agency })) return
  const name = agency.shortName || agency.name
  throw invalidCatalogueInput({ categoryCode: categoryMismatchMessage(category, name, actor?.role !== 'head') })
}
