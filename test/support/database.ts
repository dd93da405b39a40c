import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { ensureCatalogue } from '../../server/catalogue/bootstrap'
import { readSeedFilesFromDisk } from '../../server/catalogue/seed-files'
import { openDatabase, type Database } from '../../server/database/orm'
import { postgresSearchEngineFor } from '../../server/search/postgres-engine'
import { SEED_DIR } from './paths'

/** A new, empty database on the run's PostgreSQL, for one test file. */
export async function createTestDatabase(label: string): Promise<string> {
  const admin = inject('databaseUrl')
  const name = `test_${label.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  return url.toString()
}

/** A migrated and seeded database with its PostgreSQL search engine, as the running portal has it. */
export async function openSeededDatabase(label: string) {
  const url = await createTestDatabase(label)
  const files = await readSeedFilesFromDisk(SEED_DIR)
  const database: Database = await openDatabase(url)
  const engine = postgresSearchEngineFor(database.orm, files.synonyms)
  await ensureCatalogue(database.orm, async () => files)
  return { url, database, engine, files }
}

/** A staff account in the portal's database under test (`setupPortal`'s `databaseUrl`), for the browser to sign in. */
export async function addStaff(databaseUrl: string, staff: Parameters<typeof createStaff>[1]) {
  const database = await openDatabase(databaseUrl)
  try {
    await createStaff(database.orm.em.fork(), staff)
  }
  finally {
    await database.close()
  }
}
