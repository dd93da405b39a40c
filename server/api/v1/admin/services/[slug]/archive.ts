import { archiveService } from '../../../../../catalogue/lifecycle'

/** Takes the service off the public pages and out of search (admins only): 204. */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  await archiveService(await useEm(event), admin, getRouterParam(event, 'slug') ?? '')
  setResponseStatus(event, 204)
  return null
})
