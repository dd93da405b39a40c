import { z } from 'zod'
import { actOnComplaint } from '../../../../complaints/act'
import { askerOf } from '../../../../complaints/asker'

const objectionSchema = z.object({
  reason: z.string({ message: 'Tuliskan alasan Anda belum puas dengan jawaban.' })
    .max(4000, 'Alasan paling banyak 4.000 huruf.'),
})

/** The reporter objects to the answer, once, with a reason: the complaint reopens at the OPD. */
export default defineApiHandler(['POST'], async (event) => {
  const em = await useEm(event)
  const parsed = objectionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error, 'Tuliskan alasan keberatan.')
  const code = getRouterParam(event, 'trackingCode') ?? ''
  const { asker, settle } = await askerOf(event, em, code)
  const result = await actOnComplaint(em, { trackingCode: code, asker, action: 'object',
    input: { note: parsed.data.reason } })
  await settle(true)
  return result
})
