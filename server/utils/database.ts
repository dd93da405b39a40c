import type { EntityManager } from '@mikro-orm/postgresql'
import type { H3Event } from 'h3'
import { ensureCatalogue } from '../catalogue/bootstrap'
import { openDatabase, type Database } from '../database/orm'
import { logger } from './logger'

let ready: Promise<Database> | undefined

/**
 * The process-wide database: opened on first use (the start-up plugin calls it), migrated, and seeded when the
 * catalogue is empty. A failed open is forgotten so that the next request tries again.
 */
export function useDatabase(): Promise<Database> {
  if (!ready) {
    ready = (async () => {
      const database = await openDatabase(useRuntimeConfig().databaseUrl || process.env.DATABASE_URL)
      await ensureCatalogue(database.orm, loadCatalogueSeedFiles, await useSearchEngine(database))
      return database
    })()
    ready.catch((error: Error) => {
      logger.error({ error: error.message }, 'database could not be opened')
      ready = undefined
    })
  }
  return ready
}

export async function closeDatabase() {
  const current = ready
  ready = undefined
  if (current) await (await current.catch(() => null))?.close()
}

/** The request's own EntityManager: forked once per request, never the global one. */
export async function useEm(event: H3Event): Promise<EntityManager> {
  if (!event.context.em) event.context.em = (await useDatabase()).orm.em.fork()
  return event.context.em as EntityManager
}
