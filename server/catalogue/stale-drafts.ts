/**
 * Drafts left behind (issue 6): a draft begun from version N of a service while version N+1 or later is live now.
 * Publishing it would silently undo what the newer versions changed, so it can be neither submitted nor published;
 * its author starts again from the live version, with or without this draft's own changes carried over.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { OPEN_DRAFT_STATUSES, ServiceVersionSchema, type ServiceDraft } from '../database/entities/service'
import { CatalogueError } from './errors'
import { canonicalJson, diffSnapshots, type FieldChange, type ServiceSnapshot } from './snapshot'

/** A newer version was published since the draft began (its service, with the live version, must be loaded). */
export const isStale = (draft: ServiceDraft) => Boolean(draft.service
  && OPEN_DRAFT_STATUSES.includes(draft.status) && draft.baseVersion !== draft.service.version)

/** Why a stale draft is refused, and the way on, in the words its author reads (the API's 409). */
export function staleMessage(liveVersion: number, baseVersion: number): string {
  return `Versi ${liveVersion} terbit setelah draf ini dibuat dari versi ${baseVersion}. Draf ini `
    + 'tidak bisa diajukan atau diterbitkan lagi: buat draf baru dari versi yang tayang (perubahan draf ini boleh '
    + 'dibawa), atau buang draf ini.'
}

/** What the versions published since a stale draft began changed, or null when its first version is not kept. */
export interface NewerVersions {
  from: number
  to: number
  changes: FieldChange[] | null
}

async function baseSnapshot(em: EntityManager, draft: ServiceDraft): Promise<ServiceSnapshot | null> {
  if (!draft.service || draft.baseVersion === null || draft.baseVersion === undefined) return null
  const row = await em.findOne(ServiceVersionSchema, { service: draft.service.id, version: draft.baseVersion })
  return row?.snapshot ?? null
}

export async function newerVersions(em: EntityManager, draft: ServiceDraft, live: ServiceSnapshot | null):
Promise<NewerVersions | null> {
  if (!isStale(draft) || !live) return null
  const base = await baseSnapshot(em, draft)
  return { from: draft.baseVersion!, to: draft.service!.version, changes: base ? diffSnapshots(base, live) : null }
}

/**
 * The fields a stale draft changed from the version it began with, as the draft has them: laid over the live
 * version, they make the new draft its author checks. Where a newer version changed the same field, the draft's
 * value is taken and the difference list shows the live value beside it.
 */
export async function changesOfDraft(em: EntityManager, draft: ServiceDraft): Promise<Partial<ServiceSnapshot>> {
  const base = await baseSnapshot(em, draft)
  if (!base) {
    throw new CatalogueError('conflict', `Versi ${draft.baseVersion} tidak tersimpan, jadi perubahan draf ini tidak `
      + 'bisa dibawa. Buang draf ini lalu buat draf baru dari versi yang tayang.')
  }
  const proposed = draft.snapshot
  const keys = Object.keys(proposed) as (keyof ServiceSnapshot)[]
  return Object.fromEntries(keys.filter(key => canonicalJson(proposed[key]) !== canonicalJson(base[key]))
    .map(key => [key, proposed[key]]))
}
