import { staffById } from '../../../../../accounts/staff-admin'

/** One staff account (admins only); a citizen's account is not found here. */
export default defineReadHandler(async (event) => {
  await requireEditor(event, ['admin'])
  return staffById(await useEm(event), numberParam(event, 'id'))
})
