import type { MikroORM } from '@mikro-orm/postgresql'
import { sqlExecutor, transactionSql } from '../database/sql'
import { CategorySchema } from '../database/entities/category'
import { ComplaintTypeSchema } from '../database/entities/complaint-type'
import { allIndexedSlugs, enqueueSearchUpdate } from '../search/outbox'
import { rebuildPostgresIndex } from '../search/reindex'
import { logger } from '../utils/logger'
import { seedCatalogue, type CatalogueSeedFiles } from './seed'
import { recordMissingVersions } from './versions'

/**
 * Seeds the catalogue when it is empty (or always, with `force`). The seed, the PostgreSQL search index and the
 * search outbox are written in one transaction (enqueueSearchUpdate), so they are never out of step. Then records a
 * version for every service whose live version has none (server/catalogue/versions.ts). A database whose index
 * differs from its published services (one seeded before the seed and the index shared a transaction) is
 * re-indexed. A catalogue seeded before complaint types existed is seeded again once, to gain them (the seed is
 * idempotent).
 */
export async function ensureCatalogue(orm: MikroORM, loadFiles: () => Promise<CatalogueSeedFiles>,
  options: { force?: boolean } = {}) {
  const em = orm.em.fork()
  const categories = await em.count(CategorySchema, {})
  const complaintTypes = await em.count(ComplaintTypeSchema, {})
  if (categories === 0 || complaintTypes === 0 || options.force) {
    const files = await loadFiles()
    const report = await em.transactional(async (tx) => {
      const seeded = await seedCatalogue(tx, files)
      const slugs = await allIndexedSlugs(transactionSql(tx, 'ensureCatalogue'))
      return { ...seeded, catalogueVersion: await enqueueSearchUpdate(tx, slugs) }
    })
    logger.info({ ...report }, 'catalogue seeded and indexed')
  }
  const versions = await recordMissingVersions(em)
  if (versions) logger.info({ versions }, 'service versions recorded')
  const [counts] = await sqlExecutor(orm)<{ indexed: string, services: string }>(
    `select (select count(*) from search_document) as indexed,
      (select count(*) from service where status = 'published') as services`)
  if (Number(counts?.indexed) !== Number(counts?.services)) {
    const { version } = await rebuildPostgresIndex(orm)
    logger.info({ catalogueVersion: version }, 'search index rebuilt')
  }
}
