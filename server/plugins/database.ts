import { closeDatabase, useDatabase } from '../utils/database'

/** Opens (and on the embedded default, starts) the database at start-up, and closes it cleanly on shutdown. */
export default defineNitroPlugin((nitroApp) => {
  useDatabase().catch(() => { /* logged in useDatabase; /api/health reports it */ })
  nitroApp.hooks.hook('close', closeDatabase)
})
