import { z } from 'zod'
import { actOnStaff } from '../../../../../accounts/staff-admin'

const actionSchema = z.object({
  action: z.string({ message: 'Pilih tindakan.' }).max(40),
  role: z.string().max(20).optional(),
  agency: z.string().max(80).optional(),
}, { message: 'Kirim { action, role?, agency? } sebagai JSON.' })

/**
 * Changes a staff account (admins only): `change_role` (with `role` and, for officers and heads, `agency`),
 * `deactivate`, `activate` or `end_sessions`; each ends the account's sessions.
 */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return actOnStaff(await useEm(event), admin, numberParam(event, 'id'), parsed.data)
})
