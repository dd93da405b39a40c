import { z } from 'zod'
import { createStaffAccount, listStaff } from '../../../../accounts/staff-admin'

const querySchema = z.object({
  agency: z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'OPD tidak dikenal.' }).optional(),
})

/**
 * Staff accounts (admins only): GET lists them (`agency` narrows to one OPD); POST `{ name, email, role, agency? }`
 * creates one and answers 201 `{ account, password }`, the password shown this once.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const em = await useEm(event)
  if (event.method !== 'POST') return listStaff(em, await validQuery(event, querySchema))
  const created = await createStaffAccount(em, admin, await readJsonObject(event))
  setResponseStatus(event, 201)
  return created
})
