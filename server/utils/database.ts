import type { EntityManager } from '@mikro-orm/postgresql'
import type { H3Event } from 'h3'
import { resolve } from 'node:path'
import { seedDemoStaff } from '../accounts/demo-staff'
import { ensureCatalogue } from '../catalogue/bootstrap'
import { openDatabase, type Database } from '../database/orm'
import { DatabaseUnavailableError } from './api'
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
      await ensureCatalogue(database.orm, loadCatalogueSeedFiles)
      if (database.embedded && process.env.PORTAL_ENV !== 'production') await offerDemoStaff(database)
      return database
    })()
    ready.catch((error: Error) => {
      logger.error({ error: error.message }, 'database could not be opened')
      ready = undefined
      forgetSearchEngine()
    })
  }
  return ready
}

/** On the embedded default only, and never in production: staff accounts to try the portal with. */
async function offerDemoStaff(database: Database) {
  const file = resolve(process.env.DEMO_STAFF_FILE || '.data/demo-staff.txt')
  const created = await seedDemoStaff(database.orm.em.fork(), file)
  if (created) logger.info({ accounts: created, file }, 'demo staff accounts created; their passwords are in the file')
}

/** Gives up after `ms`, so that a dead database cannot hold up a shutdown. */
function withTimeout(work: Promise<unknown>, ms: number) {
  return Promise.race([work, new Promise(resolve => setTimeout(resolve, ms).unref())])
}

export async function closeDatabase() {
  const current = ready
  ready = undefined
  forgetSearchEngine()
  const database = await current?.catch(() => null)
  if (database) await withTimeout(database.close().catch(() => {}), 10_000)
}

/**
 * Called when the database stopped answering. The embedded PostgreSQL may have been stopped under us (by the
 * process that started it, or by hand): forget it, so the next request starts or finds one again. A configured
 * DATABASE_URL is simply retried by its connection pool.
 */
export async function recoverEmbeddedDatabase() {
  const database = await ready?.catch(() => null)
  if (!database?.embedded) return
  logger.warn('embedded PostgreSQL stopped answering; it will be started again on the next request')
  await closeDatabase()
}

/** The request's own EntityManager: forked once per request, never the global one. */
export async function useEm(event: H3Event): Promise<EntityManager> {
  if (!event.context.em) {
    const database = await useDatabase().catch((error: unknown) => {
      throw new DatabaseUnavailableError(error)
    })
    event.context.em = database.orm.em.fork()
  }
  return event.context.em as EntityManager
}
