import { z } from 'zod'
import { actOnRequest } from '../../../../../requests/requests'

/** What an action may carry besides its note; each is a string, so a number or an object is refused with 400. */
const actionInputSchema = z.object({
  outputDocumentId: z.string().max(64).optional(),
  toAgency: z.string().max(80).optional(),
  assignee: z.union([z.string().max(20), z.int().positive().transform(String)]).optional(),
}, { message: 'Isian tindakan tidak valid.' })

const actionSchema = z.object({
  action: z.string({ message: 'Pilih tindakan.' }).max(40),
  note: z.string().max(2000, { message: 'Catatan paling banyak 2.000 huruf.' }).optional(),
  input: actionInputSchema.optional(),
})

/**
 * An officer's action on a request of their OPD, through the state machine; refusals say why in plain words. The
 * page /petugas/:kode posts its forms to the same domain code (server/forms/officer.ts).
 */
export default defineApiHandler(['POST'], async (event) => {
  const actor = await requireUser(event, ['officer', 'head', 'admin'])
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return actOnRequest(await useEm(event), { trackingCode: getRouterParam(event, 'trackingCode') ?? '', actor,
    action: parsed.data.action, note: parsed.data.note, input: parsed.data.input })
})
