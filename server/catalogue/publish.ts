import type { EntityManager } from '@mikro-orm/postgresql'
import { changedFields, recordAudit } from '../audit'
import { AgencySchema } from '../database/entities/agency'
import { CategorySchema } from '../database/entities/category'
import { ServiceSchema, type Service } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { enqueueSearchUpdate } from '../search/outbox'
import { logger } from '../utils/logger'
import { snapshotOf, type ServiceSnapshot } from './snapshot'

/**
 * Makes `snapshot` the live version of a service: the given service is updated in place, or a new one is created
 * when it is null; its search update is queued and the audit trail records the fields that changed. Runs inside the
 * caller's transaction (`em.transactional`), which the search outbox and the audit trail require; the service's
 * category and OPD must be loaded.
 *
 * The minimal form the catalogue import needs. The versions branch of issue 6 owns the real one (a new version row
 * per publish); it keeps this name and signature.
 */
export async function publishServiceSnapshot(em: EntityManager, service: Service | null, snapshot: ServiceSnapshot,
  actor: User): Promise<Service> {
  const before = service ? snapshotOf(service) : {}
  const category = await em.findOneOrFail(CategorySchema, { code: snapshot.categoryCode })
  const agency = await em.findOneOrFail(AgencySchema, { slug: snapshot.agencySlug })
  const { categoryCode: _code, agencySlug: _agency, fee, ...fields } = snapshot
  const data = { ...fields, category, agency, feeAmount: fee.amount, feeNote: fee.note }
  const published = service ? em.assign(service, data) : em.create(ServiceSchema, data)
  await enqueueSearchUpdate(em, [published.slug])
  // A snapshot holds catalogue facts only: no personal data can reach the trail through it.
  await recordAudit(em, { actor, action: 'service.publish', entityType: 'service', entityId: published.slug,
    ...changedFields(before, { ...snapshot }) })
  logger.info({ service: published.slug, actor: actor.id, created: !service }, 'service published')
  return published
}
