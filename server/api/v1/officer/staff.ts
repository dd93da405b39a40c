import { UserSchema } from '../../../database/entities/user'

/**
 * The active officers and heads of the caller's own OPD, for a head assigning a request (`assign`): id and name
 * only. An admin belongs to no OPD and gets an empty list.
 */
export default defineReadHandler(async (event) => {
  const user = await requireUser(event, ['officer', 'head', 'admin'])
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (!user.agency) return []
  const staff = await (await useEm(event)).find(UserSchema, { agency: user.agency.id,
    role: { $in: ['officer', 'head'] }, active: true }, { fields: ['name', 'role'], orderBy: { name: 'asc' } })
  return staff.map(member => ({ id: member.id, name: member.name, role: member.role }))
})
