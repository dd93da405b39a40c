import { z } from 'zod'
import { requestsOfApplicant, submitRequest } from '../../../requests/requests'

const submissionSchema = z.object({
  service: z.string({ message: 'Pilih layanan yang diajukan.' }).max(80),
  answers: z.record(z.string(), z.unknown()).default({}),
  documents: z.record(z.string(), z.unknown()).default({}),
})

/**
 * POST: submits a permohonan for the signed-in citizen. The Idempotency-Key header makes a retry (a double tap, a
 * flaky connection) return the same request: 201 when created, 200 when the key had already sent it.
 * GET: the citizen's own requests.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const user = await requireUser(event)
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method !== 'POST') return requestsOfApplicant(em, user)

  const parsed = submissionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  const submitted = await submitRequest(em, { applicant: user, serviceSlug: parsed.data.service,
    answers: parsed.data.answers, documents: parsed.data.documents,
    idempotencyKey: getRequestHeader(event, 'idempotency-key') ?? '' })
  setResponseStatus(event, submitted.created ? 201 : 200)
  return { trackingCode: submitted.trackingCode, status: submitted.status, dueDate: submitted.dueDate }
})
