// `npm run search:setup`: applies the Meilisearch index settings of this build (server/search/meilisearch-settings.ts)
// to the live index named by MEILI_INDEX (default "services"). The portal does the same on every start.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openDatabase } from '../server/database/orm'
import { meilisearchConfigFromEnv } from '../server/search/meilisearch-config'
import { applySettings, createMeilisearchRuntime } from '../server/search/meilisearch-runtime'

const config = meilisearchConfigFromEnv()
if (!config) {
  console.error('MEILI_HOST is not set: there is no Meilisearch to set up (PostgreSQL needs no setup).')
  process.exit(2)
}
const synonyms = await readFile(join(import.meta.dirname, '../server/catalogue/seed/synonyms.txt'), 'utf8')
const database = await openDatabase(process.env.DATABASE_URL)
try {
  await applySettings(createMeilisearchRuntime(config, database.orm, synonyms))
  console.log(`settings applied to the Meilisearch index "${config.indexUid}"`)
}
finally {
  await database.close()
}
