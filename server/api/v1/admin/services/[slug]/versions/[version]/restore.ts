import { restoreVersion } from '../../../../../../../catalogue/lifecycle'

/** A new draft holding this version (admins only): 201 `{ id }`; 409 while the service has an open draft. */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const draft = await restoreVersion(await useEm(event), admin, getRouterParam(event, 'slug') ?? '',
    numberParam(event, 'version'))
  setResponseStatus(event, 201)
  return draft
})
