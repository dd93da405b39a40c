import { agenciesForEditor, createAgency } from '../../../../catalogue/agency-editor'

/**
 * Every OPD, the deactivated ones too, with how many published services and active staff it has; POST
 * `{ slug, name, shortName, address?, phone?, email?, website?, openingHours? }` creates one (201). Admins only.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const em = await useEm(event)
  if (event.method !== 'POST') return agenciesForEditor(em)
  const agency = await createAgency(em, admin, await readJsonObject(event))
  setResponseStatus(event, 201)
  return agency
})
