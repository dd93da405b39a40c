import { z } from 'zod'
import { retryFailedForAdmin } from '../../../../outbox'

const retrySchema = z.object({
  ids: z.array(z.number().int().positive(), { message: 'ids berupa daftar nomor surel.' }).min(1).max(100)
    .optional(),
}, { message: 'Kirim { ids? } sebagai JSON.' })

/** Puts failed messages (all, or those of `ids`) back in the queue with a fresh round of attempts; admins only. */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const parsed = retrySchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return { requeued: await retryFailedForAdmin(await useEm(event), admin, parsed.data.ids) }
})
