import { z } from 'zod'
import { pageLimitSchema } from '../../../../validation/page-limit'
import { OUTBOX_STATUSES } from '../../../../outbox/statuses'
import { countOutbox, listOutbox, outboxSummary } from '../../../../outbox'

const outboxQuerySchema = z.object({
  status: z.enum(OUTBOX_STATUSES, { message: 'Status itu tidak dikenal.' }).optional(),
  cursor: z.string().regex(/^[1-9]\d{0,9}$/, { message: 'Penunjuk halaman tidak valid.' }).optional(),
  limit: pageLimitSchema,
})

/**
 * The e-mail outbox for Diskominfo's admins (docs/outbox.md): counts per status and the messages, newest first, in
 * keyset pages. Recipients are personal data: this route is admin-only and never cached.
 */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  const query = await validQuery(event, outboxQuerySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const em = await useEm(event)
  const { messages, nextCursor } = await listOutbox(em, query)
  return { counts: await countOutbox(em), messages: messages.map(outboxSummary), nextCursor }
})
