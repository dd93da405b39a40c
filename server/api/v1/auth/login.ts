import { authenticate } from '../../../accounts/accounts'
import { sqlExecutor } from '../../../database/sql'

/** Signs in: 200 `{ user }`; a wrong e-mail or password 401; too many failures 429. */
export default defineApiHandler(['POST'], async (event) => {
  const database = await useDatabase()
  const user = await authenticate(await useEm(event), await readLimitedBody(event), {
    execute: sqlExecutor(database.orm), clientAddress: clientAddress(event),
  })
  await signIn(event, user)
  return { user: publicUser(user) }
})
