import { Migrator } from '@mikro-orm/migrations'
import { defineConfig, MikroORM } from '@mikro-orm/postgresql'
import { logger } from '../utils/logger'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded'
import { entities } from './entities'
import { migrations } from './migrations'

export interface Database {
  orm: MikroORM
  embedded: boolean
  close: () => Promise<void>
}

export function ormConfig(clientUrl: string) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: Number(process.env.DATABASE_POOL_MAX ?? 10) },
    // The global EntityManager is never used for work: every request forks its own (server/utils/em.ts).
    allowGlobalContext: false,
    debug: process.env.DATABASE_DEBUG === '1',
    // MikroORM's own messages (migrations applied, SQL when debugging) go through the portal's logger.
    logger: message => logger.debug({ source: 'mikro-orm' }, message),
  })
}

/**
 * Opens the database named by `url`, or starts the embedded PostgreSQL when none is given, and brings its schema
 * up to date with the committed migrations.
 */
export async function openDatabase(url?: string): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined
  if (!url) embedded = await startEmbeddedPostgres()
  try {
    const orm = await MikroORM.init(ormConfig(url || embedded!.url))
    const applied = await orm.migrator.up()
    if (applied.length) logger.info({ migrations: applied.map(m => m.name) }, 'database migrated')
    return {
      orm,
      embedded: Boolean(embedded),
      close: async () => {
        await orm.close(true)
        await embedded?.stop()
      },
    }
  }
  catch (error) {
    await embedded?.stop()
    throw error
  }
}
