import type { EntityManager } from '@mikro-orm/postgresql'
import { enqueueSearchUpdate } from '../search/outbox'

/**
 * The one place the catalogue tells search that services changed: published, archived, or their OPD or category
 * renamed. It runs inside the change's transaction: the PostgreSQL index is rewritten and the change queued for
 * Meilisearch in the search outbox (server/search/outbox.ts), so search never shows what was rolled back and never
 * misses what was committed.
 */
export async function updateSearchIndex(em: EntityManager, slugs: string[]): Promise<void> {
  if (!slugs.length) return
  await enqueueSearchUpdate(em, slugs)
}
