// `npm run search:reindex`: rebuilds the search index from the catalogue. With MEILI_HOST, a fresh Meilisearch index
// (services_tmp_…) is built and swapped in atomically while searches go on (docs/search.md); without it, the
// PostgreSQL index is rebuilt in one transaction.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openDatabase } from '../server/database/orm'
import { meilisearchConfigFromEnv } from '../server/search/meilisearch-config'
import { createMeilisearchRuntime, reindexMeilisearch } from '../server/search/meilisearch-runtime'
import { rebuildPostgresIndex } from '../server/search/reindex'

const config = meilisearchConfigFromEnv()
const database = await openDatabase(process.env.DATABASE_URL)
try {
  const started = performance.now()
  if (config) {
    const synonyms = await readFile(join(import.meta.dirname, '../server/catalogue/seed/synonyms.txt'), 'utf8')
    const { documents, version } = await reindexMeilisearch(createMeilisearchRuntime(config, database.orm, synonyms),
      database.orm)
    console.log(`Meilisearch index "${config.indexUid}" rebuilt: ${documents} services, catalogue version ${version}`)
  }
  else {
    const { documents, version } = await rebuildPostgresIndex(database.orm)
    console.log(`MEILI_HOST is not set: PostgreSQL index rebuilt: ${documents} services, catalogue version ${version}`)
  }
  console.log(`took ${Math.round(performance.now() - started)} ms`)
}
finally {
  await database.close()
}
