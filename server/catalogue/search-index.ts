import type { EntityManager } from '@mikro-orm/postgresql'
import { ServiceSchema } from '../database/entities/service'
import { transactionalSqlExecutor } from '../database/sql'
import { createPostgresSearchEngine } from '../search/postgres-engine'
import { searchDocument } from './queries'

/**
 * The one place the catalogue tells search that services changed: published, archived, or their OPD or category
 * renamed. It runs inside the change's transaction, so search never shows what was rolled back. Until the Meilisearch
 * outbox lands it rewrites the PostgreSQL engine's documents itself (published services indexed, the rest removed);
 * with it, this calls `enqueueSearchUpdate(em, slugs)` instead (docs/known-limitations.md).
 */
export async function updateSearchIndex(em: EntityManager, slugs: string[]): Promise<void> {
  if (!slugs.length) return
  // Only index and remove are used: the engine needs no synonyms for them.
  const engine = createPostgresSearchEngine(transactionalSqlExecutor(em), new Map())
  const live = await em.find(ServiceSchema, { slug: { $in: slugs }, status: 'published' },
    { populate: ['category', 'agency'] })
  if (live.length) await engine.index(live.map(searchDocument))
  await engine.remove(slugs.filter(slug => !live.some(service => service.slug === slug)))
}
