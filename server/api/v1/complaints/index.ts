import { fileComplaint } from '../../../complaints/file'
import { countFiling } from '../../../complaints/limits'
import { complaintsOfReporter } from '../../../complaints/view'
import { sqlExecutor } from '../../../database/sql'

/**
 * POST: files a pengaduan, with or without an account (header Idempotency-Key): 201 `{ trackingCode, pin?, status,
 * dueDate }`, `pin` only for a reporter without an account; the same key and complaint again → 200 with the same
 * answer; too many filed from one address → 429
 * (refused input and retries are not counted). GET: the signed-in reporter's own complaints.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method !== 'POST') return complaintsOfReporter(em, await requireUser(event))

  const body = await readLimitedBody(event)
  const execute = sqlExecutor(em)
  const address = clientAddress(event)
  const filed = await fileComplaint(em, { reporter: await currentUser(event), complaint: body,
    idempotencyKey: getRequestHeader(event, 'idempotency-key') ?? '',
    beforeCreate: () => countFiling(execute, address) }, await useSynonymIndex())
  setResponseStatus(event, filed.created ? 201 : 200)
  return { trackingCode: filed.trackingCode, ...(filed.pin ? { pin: filed.pin } : {}), status: filed.status,
    dueDate: filed.dueDate }
})
