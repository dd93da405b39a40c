import { z } from 'zod'
import { findOutboxMessage } from '../../../../outbox'

const idSchema = z.coerce.number().int().positive().max(2 ** 31 - 1)

/** One outbox message with its plain-text and HTML bodies, for admins only. */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const id = idSchema.safeParse(getRouterParam(event, 'id'))
  const message = id.success ? await findOutboxMessage(await useEm(event), id.data) : null
  if (!message) throw notFound('Surel itu tidak ada di kotak keluar.')
  return message
})
