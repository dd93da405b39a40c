import { z } from 'zod'
import { actOnComplaint } from '../../../../../complaints/act'

const actionSchema = z.object({
  action: z.string({ message: 'Pilih tindakan.' }).max(40),
  note: z.string().max(4000, 'Catatan paling banyak 4.000 huruf.').optional(),
  input: z.object({ toAgency: z.string().max(80).optional(), mergeInto: z.string().max(40).optional() }).optional(),
})

/**
 * A staff action on a complaint through the state machine: answer, return_to_verification ("bukan wewenang"),
 * forward and add_note by the handling OPD; dispose, merge, mark_spam, forward and add_note by Diskominfo admins.
 */
export default defineApiHandler(['POST'], async (event) => {
  const user = await requireUser(event, ['officer', 'head', 'admin'])
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return actOnComplaint(await useEm(event), { trackingCode: getRouterParam(event, 'trackingCode') ?? '',
    asker: { user, pin: null }, action: parsed.data.action,
    input: { note: parsed.data.note, ...parsed.data.input } })
})
