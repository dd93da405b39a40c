import { z } from 'zod'
import { actOnComplaint } from '../../../../complaints/act'
import { askerOf } from '../../../../complaints/asker'

const ratingSchema = z.object({
  score: z.coerce.number({ message: 'Pilih nilai 1 sampai 5.' }).int('Pilih nilai 1 sampai 5.').min(1).max(5),
  comment: z.string().max(2000, 'Komentar paling banyak 2.000 huruf.').optional(),
})

/** The reporter rates the answer, 1 to 5 with a comment (session or X-Complaint-Pin). */
export default defineApiHandler(['POST'], async (event) => {
  const em = await useEm(event)
  const parsed = ratingSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error, 'Pilih nilai 1 sampai 5.')
  const code = getRouterParam(event, 'trackingCode') ?? ''
  const { asker, settle } = await askerOf(event, em, code)
  const result = await actOnComplaint(em, { trackingCode: code, asker, action: 'rate',
    input: { score: String(parsed.data.score) }, comment: parsed.data.comment })
  await settle(true)
  return result
})
