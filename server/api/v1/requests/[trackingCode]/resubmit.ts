import { z } from 'zod'
import { actOnRequest, fixDraftOf } from '../../../../requests/requests'

const fixSchema = z.object({
  answers: z.record(z.string(), z.unknown()).optional(),
  documents: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(2000, { message: 'Pesan paling banyak 2.000 huruf.' }).optional(),
})

/**
 * The citizen's fix of their request (it waits in perlu_perbaikan): POST the corrected answers (a field left out
 * or empty keeps what was sent), files given again (requirement → upload id; those sent to …/documents/:key are
 * taken too) and a message for the officer. GET shows the files given again so far.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const user = await requireUser(event)
  const em = await useEm(event)
  const code = getRouterParam(event, 'trackingCode') ?? ''
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method !== 'POST') return fixDraftOf(em, code, user)
  const parsed = fixSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return actOnRequest(em, { trackingCode: code, actor: user, action: 'resubmit', note: parsed.data.note,
    input: { answers: parsed.data.answers, documents: parsed.data.documents } })
})
