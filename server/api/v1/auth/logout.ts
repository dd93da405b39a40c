import { endAllSessions } from '../../../accounts/accounts'

/** Signs out everywhere: the account's session version rises, so every copy of the old cookie stops working. */
export default defineApiHandler(['POST'], async (event) => {
  const user = await currentUser(event)
  if (user) await endAllSessions(await useEm(event), user)
  await clearUserSession(event)
  setResponseStatus(event, 204)
  return null
})
