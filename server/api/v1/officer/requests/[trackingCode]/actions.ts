import { z } from 'zod'
import { actOnRequest } from '../../../../../requests/requests'

const actionSchema = z.object({
  action: z.string({ message: 'Pilih tindakan.' }).max(40),
  note: z.string().max(2000, { message: 'Catatan paling banyak 2.000 huruf.' }).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
})

/** An officer's action on a request of their OPD, through the state machine; refusals say why in plain words. */
export default defineApiHandler(['POST'], async (event) => {
  const actor = await requireUser(event, ['officer', 'head', 'admin'])
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'Permintaan tidak valid.')
  return actOnRequest(await useEm(event), { trackingCode: getRouterParam(event, 'trackingCode') ?? '', actor,
    action: parsed.data.action, note: parsed.data.note, input: parsed.data.input })
})
