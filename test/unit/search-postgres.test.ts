import { openDatabase } from '../../server/database/orm'
import { postgresSearchEngineFor } from '../../server/search/postgres-engine'
import { createTestDatabase, openSeededDatabase } from '../support/database'
import { CONTRACT_SYNONYMS, searchCatalogueContract, searchEngineContract } from '../support/search-contract'

searchEngineContract('PostgreSQL', async () => {
  const database = await openDatabase(await createTestDatabase('search_contract'))
  const engine = postgresSearchEngineFor(database.orm, CONTRACT_SYNONYMS)
  return { engine, close: database.close }
})

searchCatalogueContract('PostgreSQL', async () => {
  const seeded = await openSeededDatabase('search_quality')
  return { engine: seeded.engine, close: seeded.database.close }
})
