/**
 * An admin's decisions on a published service besides publishing (issue 6): restoring an old version as a new draft
 * (it goes through review and publishing like any draft), and archiving the service, which takes it off the public
 * pages and out of search. An archived service comes back when a draft of it is published.
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { changedFields, flushAudited, recordAudit } from '../audit'
import { ServiceDraftSchema, ServiceSchema } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { openDraftOf, serviceForEditor } from './drafts'
import { CatalogueError } from './errors'
import { snapshotOf } from './snapshot'
import { updateSearchIndex } from './search-index'
import { findVersion } from './versions'

/** Only admins restore and archive; heads are stopped by the routes' role check before this. */
function assertAdmin(actor: User) {
  if (actor.role !== 'admin') throw new CatalogueError('forbidden', 'Hanya admin Diskominfo yang dapat melakukan ini.')
}

/** A new draft holding version `version`'s snapshot; refused while the service has an open draft. */
export async function restoreVersion(em: EntityManager, actor: User, slug: string, version: number,
  now = new Date()): Promise<{ id: number }> {
  assertAdmin(actor)
  const service = await serviceForEditor(em, actor, slug)
  const old = await findVersion(em, service, version)
  if (version === service.version && service.status === 'published') {
    throw new CatalogueError('conflict', `Versi ${version} adalah versi yang sedang tayang.`)
  }
  const open = await openDraftOf(em, service)
  if (open) {
    throw new CatalogueError('conflict', 'Layanan ini sudah punya draf yang belum selesai. Terbitkan atau buang draf '
      + 'itu dulu.')
  }
  const draft = em.create(ServiceDraftSchema, { service, agency: service.agency, slug: service.slug,
    snapshot: old.snapshot, status: 'draft', baseVersion: service.version, restoredFrom: version, author: actor.id,
    submittedAt: null, returnReason: null, reviewedBy: null, reviewedAt: null, publishedVersion: null,
    createdAt: now, updatedAt: now })
  // A restore never overwrites a draft (an open one is refused above): before it there was none. The fields are
  // those the restored version changes from the live one, as publishing records them.
  const changed = changedFields(snapshotOf(service), old.snapshot)
  await flushAudited(em, () => ({ actor, action: 'service.restore', entityType: 'service', entityId: slug,
    before: { draft: null, ...changed.before },
    after: { draft: draft.id, restoredFrom: version, baseVersion: service.version, ...changed.after } }))
  logger.info({ draft: draft.id, service: slug, version, actor: actor.id }, 'service version restored as a draft')
  return { id: draft.id }
}

/** Takes a published service off the public pages and out of search; its versions and drafts stay. */
export async function archiveService(em: EntityManager, actor: User, slug: string): Promise<void> {
  assertAdmin(actor)
  const found = await serviceForEditor(em, actor, slug)
  await em.transactional(async (tx) => {
    const service = await tx.findOneOrFail(ServiceSchema, found.id, { lockMode: LockMode.PESSIMISTIC_WRITE })
    if (service.status === 'archived') throw new CatalogueError('conflict', 'Layanan ini sudah diarsipkan.')
    const before = { status: service.status }
    service.status = 'archived'
    await tx.flush()
    await updateSearchIndex(tx, [slug])
    await recordAudit(tx, { actor, action: 'service.archive', entityType: 'service', entityId: slug, before,
      after: { status: service.status } })
  })
  logger.info({ service: slug, actor: actor.id }, 'service archived')
}
