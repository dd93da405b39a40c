import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/orm'
import type { SearchEngine } from '../../server/search/engine'
import { meilisearchConfigFromEnv } from '../../server/search/meilisearch-config'
import {
  applySettings, createMeilisearchRuntime, reindexMeilisearch, type MeilisearchRuntime,
} from '../../server/search/meilisearch-runtime'
import { postgresSearchEngineFor } from '../../server/search/postgres-engine'
import { createTestDatabase, openSeededDatabase } from '../support/database'
import { CONTRACT_SYNONYMS, searchCatalogueContract, searchEngineContract } from '../support/search-contract'

const config = meilisearchConfigFromEnv()
const uniqueIndex = (label: string) => `test_${label}_${randomBytes(4).toString('hex')}`

async function dropIndex(runtime: MeilisearchRuntime) {
  await runtime.adminClient.deleteIndexIfExists(runtime.config.indexUid)
}

// No Meilisearch server can be installed on the project's build machines (it is not on npm and there is no Docker);
// where MEILI_HOST (with its keys) is set, the same contract as PostgreSQL's runs against that server.
describe.skipIf(!config)('the Meilisearch engine on a live server (skipped unless MEILI_HOST is set: no Meilisearch '
  + 'can be installed on this machine)', () => {
  searchEngineContract('Meilisearch', async () => {
    const database = await openDatabase(await createTestDatabase('search_meili_contract'))
    const runtime = createMeilisearchRuntime({ ...config!, indexUid: uniqueIndex('contract') }, database.orm,
      CONTRACT_SYNONYMS)
    await applySettings(runtime)
    // As in the portal, PostgreSQL holds the same documents: its vocabulary answers "did you mean".
    const postgres = postgresSearchEngineFor(database.orm, CONTRACT_SYNONYMS)
    const engine: SearchEngine = {
      ...runtime.engine,
      index: async (documents) => {
        await Promise.all([postgres.index(documents), runtime.engine.index(documents)])
      },
      remove: async (slugs) => {
        await Promise.all([postgres.remove(slugs), runtime.engine.remove(slugs)])
      },
    }
    return { engine, close: async () => {
      await dropIndex(runtime)
      await database.close()
    } }
  })

  searchCatalogueContract('Meilisearch', async () => {
    const seeded = await openSeededDatabase('search_meili_quality')
    const runtime = createMeilisearchRuntime({ ...config!, indexUid: uniqueIndex('catalogue') }, seeded.database.orm,
      seeded.files.synonyms)
    await reindexMeilisearch(runtime, seeded.database.orm)
    return { engine: runtime.engine, close: async () => {
      await dropIndex(runtime)
      await seeded.database.close()
    } }
  })

  describe('rebuilding the live index', () => {
    let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
    let runtime: MeilisearchRuntime
    beforeAll(async () => {
      seeded = await openSeededDatabase('search_meili_swap')
      runtime = createMeilisearchRuntime({ ...config!, indexUid: uniqueIndex('swap') }, seeded.database.orm,
        seeded.files.synonyms)
      await reindexMeilisearch(runtime, seeded.database.orm)
    })
    afterAll(async () => {
      await dropIndex(runtime)
      await seeded?.database.close()
    })

    it('swaps a fresh index in while searches keep answering from the old one', async () => {
      const before = await runtime.engine.search({ q: 'akta kelahiran' })
      const searches: Promise<unknown>[] = []
      const rebuild = reindexMeilisearch(runtime, seeded.database.orm)
      let done = false
      const finished = () => {
        done = true
      }
      rebuild.then(finished, finished)
      while (!done) {
        searches.push(runtime.engine.search({ q: 'akta kelahiran' }))
        await new Promise(resolve => setTimeout(resolve, 20))
      }
      await rebuild
      const answers = await Promise.all(searches) as { total: number }[]
      expect(answers.every(answer => answer.total === before.total)).toBe(true)
      const { results } = await runtime.adminClient.getRawIndexes({ limit: 1000 })
      expect(results.filter(index => index.uid.startsWith(`${runtime.config.indexUid}_tmp_`))).toEqual([])
    })
  })
})
