/** Liveness and readiness in one: 200 when the database answers, 503 otherwise. */
export default defineEventHandler(async (event) => {
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
    // reported below; the cause is logged where the database is opened
  }
  const status = database === 'up' && search === 'up' ? 'ok' : database === 'up' ? 'degraded' : 'down'
  if (database !== 'up') setResponseStatus(event, 503)
  return { status, database, search }
})
