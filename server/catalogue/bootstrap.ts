import type { MikroORM } from '@mikro-orm/postgresql'
import { sqlExecutor } from '../database/sql'
import { CategorySchema } from '../database/entities/category'
import { ComplaintTypeSchema } from '../database/entities/complaint-type'
import type { SearchEngine } from '../search/engine'
import { logger } from '../utils/logger'
import { allSearchDocuments } from './queries'
import { seedCatalogue, type CatalogueSeedFiles } from './seed'
import { recordMissingVersions } from './versions'

/**
 * Seeds the catalogue when it is empty (or always, with `force`), records a version for every service whose live
 * version has none (server/catalogue/versions.ts), then makes sure every published service is in the search index:
 * a start after a crash between the steps repairs them. A catalogue seeded before complaint types
 * existed is seeded again once, to gain them (the seed is idempotent).
 */
export async function ensureCatalogue(orm: MikroORM, loadFiles: () => Promise<CatalogueSeedFiles>,
  engine: SearchEngine, options: { force?: boolean } = {}) {
  const em = orm.em.fork()
  const categories = await em.count(CategorySchema, {})
  const complaintTypes = await em.count(ComplaintTypeSchema, {})
  if (categories === 0 || complaintTypes === 0 || options.force) {
    const report = await seedCatalogue(em, await loadFiles())
    logger.info({ ...report }, 'catalogue seeded')
  }
  const versions = await recordMissingVersions(em)
  if (versions) logger.info({ versions }, 'service versions recorded')
  const [counts] = await sqlExecutor(orm)<{ indexed: string, services: string }>(
    `select (select count(*) from search_document) as indexed,
      (select count(*) from service where status = 'published') as services`)
  if (options.force || Number(counts?.indexed) !== Number(counts?.services)) {
    const documents = await allSearchDocuments(em)
    await engine.index(documents)
    const stale = await sqlExecutor(orm)<{ slug: string }>(`select slug from search_document where slug not in (
      select slug from service where status = 'published')`)
    await engine.remove(stale.map(row => row.slug))
    logger.info({ engine: engine.name, documents: documents.length }, 'search index rebuilt')
  }
}
