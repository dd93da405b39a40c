import { listOpen311Keys } from '../../../open311/keys'

/** The Open311 API keys issued so far, newest first (names and dates only: a key itself is never kept). */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return listOpen311Keys(await useEm(event))
})
