// `npm run user:create -- --role officer|head|admin --agency <agency slug> --email <e> --password <p> --name <n>`
// Creates a staff account, whether or not the portal is running (it shares the embedded database).
import { parseArgs } from 'node:util'
import { createStaff } from '../server/accounts/accounts'
import { AccountError } from '../server/accounts/errors'
import { openDatabase } from '../server/database/orm'

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agency: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
  },
})

const role = values.role
if (role !== 'officer' && role !== 'head' && role !== 'admin') {
  console.error('--role must be officer, head or admin')
  process.exit(2)
}
if (!values.email || !values.password || !values.name) {
  console.error('--email, --password and --name are required')
  process.exit(2)
}

const database = await openDatabase(process.env.DATABASE_URL)
try {
  const user = await createStaff(database.orm.em.fork(), { role, agencySlug: values.agency, email: values.email,
    password: values.password, name: values.name })
  console.log(`created ${user.role} #${user.id}${user.agency ? ` of ${user.agency.slug}` : ''}`)
}
catch (error) {
  if (!(error instanceof AccountError)) throw error
  console.error([error.message, ...Object.values(error.fields)].join(' '))
  process.exitCode = 1
}
finally {
  await database.close()
}
