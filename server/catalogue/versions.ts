/**
 * Published versions of a service (issue 6): listing them, one version's snapshot, the difference between two, and
 * the start-up pass that gives every live service a version row (the seed's new and changed services, and services
 * from before versions were kept).
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { ServiceSchema, ServiceVersionSchema, type Service } from '../database/entities/service'
import { sqlExecutor } from '../database/sql'
import type { ServiceForm } from './form-schema'
import { catalogueNotFound } from './errors'
import { SYSTEM_PUBLISHER } from './publish'
import { diffSnapshots, snapshotOf, type FieldChange, type ServiceSnapshot } from './snapshot'

export interface VersionSummary {
  version: number
  publishedAt: Date
  publishedBy: string
  note: string | null
}

export interface VersionView extends VersionSummary {
  snapshot: ServiceSnapshot
}

export async function listVersions(em: EntityManager, service: Service): Promise<VersionSummary[]> {
  const rows = await em.find(ServiceVersionSchema, { service: service.id }, { orderBy: { version: 'desc' } })
  return rows.map(row => ({ version: row.version, publishedAt: row.publishedAt, publishedBy: row.publishedByName,
    note: row.note ?? null }))
}

export async function findVersion(em: EntityManager, service: Service, version: number): Promise<VersionView> {
  const row = Number.isSafeInteger(version)
    ? await em.findOne(ServiceVersionSchema, { service: service.id, version })
    : null
  // numberParam reads anything but 1, 2, 3… as -1, which is no number to show back.
  const named = Number.isSafeInteger(version) && version > 0 ? `Versi ${version}` : 'Versi itu'
  if (!row) throw catalogueNotFound(`${named} dari layanan ini tidak ada.`)
  return { version: row.version, publishedAt: row.publishedAt, publishedBy: row.publishedByName,
    note: row.note ?? null, snapshot: row.snapshot }
}

export interface VersionDiff {
  from: number
  to: number
  changes: FieldChange[]
}

/** What changed from version `from` to version `to`, field by field (either may be the older). */
export async function diffVersions(em: EntityManager, service: Service, from: number, to: number):
Promise<VersionDiff> {
  const [older, newer] = await Promise.all([findVersion(em, service, from), findVersion(em, service, to)])
  return { from, to, changes: diffSnapshots(older.snapshot, newer.snapshot) }
}

/**
 * Gives each service whose live version has no row one, from the service as it stands: run after every seed, so
 * that every published version is in service_version. Returns how many were recorded.
 */
export async function recordMissingVersions(em: EntityManager, now = new Date()): Promise<number> {
  const rows = await sqlExecutor(em)<{ id: number }>(`select s.id from service s where not exists (
    select 1 from service_version v where v.service_id = s.id and v.version = s.version)`)
  if (!rows.length) return 0
  const services = await em.find(ServiceSchema, { id: { $in: rows.map(row => row.id) } },
    { populate: ['category', 'agency'] })
  for (const service of services) {
    em.create(ServiceVersionSchema, { service, version: service.version, snapshot: snapshotOf(service),
      publishedBy: null, publishedByName: SYSTEM_PUBLISHER, publishedAt: now, note: 'Dari berkas katalog (seed)' })
  }
  await em.flush()
  return services.length
}

/** The snapshot of version `serviceVersion` of the service, or null when that version has no row. */
async function filedSnapshot(em: EntityManager, filed: Filed): Promise<ServiceSnapshot | null> {
  const row = await em.findOne(ServiceVersionSchema, { service: filed.service.id, version: filed.serviceVersion })
  return row?.snapshot ?? null
}

interface Filed {
  service: Service
  serviceVersion: number
}

/**
 * The application form of the version a request was filed against, so that an officer reads its answers, and the
 * citizen's fix is checked, against the questions the citizen was asked; the live form when that version is live.
 */
export async function formFiledAgainst(em: EntityManager, filed: Filed): Promise<ServiceForm | null> {
  if (filed.serviceVersion === filed.service.version) return filed.service.form ?? null
  const snapshot = await filedSnapshot(em, filed)
  return snapshot ? snapshot.form : filed.service.form ?? null
}

/** The jangka waktu the service promised in the version a complaint was filed against. */
export async function durationFiledAgainst(em: EntityManager, filed: Filed): Promise<number | null> {
  if (filed.serviceVersion === filed.service.version) return filed.service.durationDays ?? null
  const snapshot = await filedSnapshot(em, filed)
  return snapshot ? snapshot.durationDays : filed.service.durationDays ?? null
}
