import type { EntityManager } from '@mikro-orm/postgresql'
import { recordAudit, type AuditEntryInput } from './record'

/**
 * Flushes what a write changed on `em` (the request's EntityManager, not an `em.transactional` fork) and records it
 * in one transaction, so the change and its entry commit or roll back together. The entries are built after the
 * flush, when a new row has its id; `flush` replaces `em.flush()` where a write maps its own flush errors.
 */
export async function flushAudited(em: EntityManager, entries: () => AuditEntryInput | AuditEntryInput[],
  flush: () => Promise<void> = () => em.flush()): Promise<void> {
  await em.begin()
  try {
    await flush()
    await recordAudit(em, entries())
    await em.commit()
  }
  catch (error) {
    await em.rollback()
    throw error
  }
}
