// `npm run db:seed`: writes the catalogue into the database (DATABASE_URL, or the embedded one) and re-indexes
// search. Safe to run again: rows are matched by code or slug.
import { join } from 'node:path'
import { ensureCatalogue } from '../server/catalogue/bootstrap'
import { readSeedFilesFromDisk } from '../server/catalogue/seed-files'
import { openDatabase } from '../server/database/orm'

const files = await readSeedFilesFromDisk(join(import.meta.dirname, '../server/catalogue/seed'))
const database = await openDatabase(process.env.DATABASE_URL)
try {
  await ensureCatalogue(database.orm, async () => files, { force: true })
}
finally {
  await database.close()
}
