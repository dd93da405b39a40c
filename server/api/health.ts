import type { SearchHealth } from '../utils/search'

/**
 * Liveness and readiness in one: 200 when the database answers, 503 otherwise. `search` is up when the configured
 * engine answers, fallback when Meilisearch does not and PostgreSQL answers in its place; `searchEngine` and
 * `searchIndex` say which engine is configured, the state of each, and how far its index lags behind the catalogue.
 */
export default defineReadHandler(async (event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  let database = 'down'
  let search: Partial<SearchHealth> & Pick<SearchHealth, 'search'> = { search: 'down' }
  try {
    const db = await useDatabase()
    await db.orm.em.getConnection().execute('select 1')
    database = 'up'
    search = await searchHealth()
  }
  catch {
    // reported below; an embedded database that stopped is started again on the next request
    if (database !== 'up') void recoverEmbeddedDatabase()
  }
  const status = database === 'up' && search.search === 'up' ? 'ok' : database === 'up' ? 'degraded' : 'down'
  if (database !== 'up') setResponseStatus(event, 503)
  return { status, database, ...search }
})
