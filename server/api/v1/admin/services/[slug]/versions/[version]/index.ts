import { serviceForEditor } from '../../../../../../../catalogue/drafts'
import { findVersion } from '../../../../../../../catalogue/versions'

/** One published version with its snapshot (admins only). */
export default defineReadHandler(async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const em = await useEm(event)
  const service = await serviceForEditor(em, admin, getRouterParam(event, 'slug') ?? '')
  return findVersion(em, service, numberParam(event, 'version'))
})
