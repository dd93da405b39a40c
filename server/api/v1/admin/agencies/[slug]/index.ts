import { agencyForEditor, updateAgency } from '../../../../../catalogue/agency-editor'

/** One OPD; PUT its names, address, contacts and opening hours (the slug stays). Admins only. */
export default defineApiHandler(['GET', 'HEAD', 'PUT'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const em = await useEm(event)
  const slug = getRouterParam(event, 'slug') ?? ''
  if (event.method !== 'PUT') return agencyForEditor(em, slug)
  return updateAgency(em, admin, slug, await readJsonObject(event))
})
