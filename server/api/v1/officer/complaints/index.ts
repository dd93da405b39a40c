import { z } from 'zod'
import { complaintInbox } from '../../../../complaints/view'
import { COMPLAINT_STATES } from '../../../../complaints/state-machine'

const inboxQuery = z.object({
  status: z.enum(COMPLAINT_STATES, { message: 'Status tidak dikenal.' }).optional(),
  queue: z.enum(['1', 'true']).optional(),
  channel: z.enum(['wbs'], { message: 'Kanal tidak dikenal.' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
})

/**
 * The complaints of the officer's OPD; for an admin, every OPD's but whistleblowing, with `queue=1` the verification
 * queue, with `channel=wbs` the Inspektorat's whistleblowing without titles (`title: null`).
 */
export default defineReadHandler(async (event) => {
  const user = await requireUser(event, ['officer', 'head', 'admin'])
  const query = await validQuery(event, inboxQuery)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return complaintInbox(await useEm(event), user, { status: query.status, queue: Boolean(query.queue),
    whistleblowing: query.channel === 'wbs', limit: query.limit })
})
