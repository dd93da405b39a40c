import { z } from 'zod'
import { actOnDraft } from '../../../../../catalogue/drafts'

const actionSchema = z.object({
  action: z.string({ message: 'Pilih tindakan.' }).max(40),
  reason: z.string().max(2000, { message: 'Alasan paling banyak 2.000 huruf.' }).optional(),
}, { message: 'Kirim { action, reason? } sebagai JSON.' })

/**
 * Moves a draft on: `submit` (its OPD's head or an admin), `publish`, `return` with a `reason`, and `discard` (an
 * admin; a head while it is a draft). Answers the draft as it is now. A stale draft (a newer version was published
 * since it began) is neither submitted nor published (409); `restart` and `carry_over` discard it and answer the new
 * draft begun from the live version, empty or with its changes carried over.
 */
export default defineApiHandler(['POST'], async (event) => {
  const editor = await requireEditor(event)
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return actOnDraft(await useEm(event), editor, numberParam(event, 'id'), parsed.data)
})
