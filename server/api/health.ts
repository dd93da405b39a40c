/** Liveness and readiness in one: 200 when the database answers, 503 otherwise. */
export default defineReadHandler(async (event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  let database = 'down'
  let search = 'down'
  try {
    const db = await useDatabase()
    await db.orm.em.getConnection().execute('select 1')
    database = 'up'
    search = await (await useSearchEngine()).isHealthy() ? 'up' : 'down'
  }
  catch {
    // reported below; an embedded database that stopped is started again on the next request
    if (database === 'up') search = 'down'
    else void recoverEmbeddedDatabase()
  }
  const status = database === 'up' && search === 'up' ? 'ok' : database === 'up' ? 'degraded' : 'down'
  if (database !== 'up') setResponseStatus(event, 503)
  return { status, database, search }
})
