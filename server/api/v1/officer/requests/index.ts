import { z } from 'zod'
import { officerInbox } from '../../../../requests/requests'
import { REQUEST_STATES } from '../../../../requests/state-machine'

const inboxQuerySchema = z.object({
  status: z.enum(REQUEST_STATES, { message: 'Status itu tidak dikenal.' }).optional(),
  service: z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'Layanan itu tidak dikenal.' }).optional(),
  overdue: z.enum(['true', 'false', '1', '0'], { message: 'overdue bernilai true atau false.' }).optional(),
  cursor: z.string().max(300).optional(),
})

/** The inbox of the officer's own OPD (an admin sees every OPD): most urgent first, keyset pages, capped count. */
export default defineReadHandler(async (event) => {
  const officer = await requireUser(event, ['officer', 'head', 'admin'])
  const query = await validQuery(event, inboxQuerySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return officerInbox(await useEm(event), officer, { status: query.status, serviceSlug: query.service,
    overdue: query.overdue === 'true' || query.overdue === '1', cursor: query.cursor })
})
