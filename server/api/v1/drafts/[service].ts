import { z } from 'zod'
import { discardDraft, draftOf, DRAFT_STEPS, saveDraft } from '../../../requests/requests'

const draftSchema = z.object({
  answers: z.record(z.string(), z.unknown()).default({}),
  documents: z.record(z.string(), z.unknown()).optional(),
  step: z.enum(DRAFT_STEPS, { message: 'Langkah tidak dikenal.' }).default('isian'),
})

/**
 * The signed-in citizen's unsent application for one service (the JSON door of the application pages):
 * GET it (404 when there is none), PUT what was typed so far (documents kept when left out), DELETE it.
 */
export default defineApiHandler(['GET', 'HEAD', 'PUT', 'DELETE'], async (event) => {
  const user = await requireUser(event)
  const em = await useEm(event)
  const slug = getRouterParam(event, 'service') ?? ''
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method === 'DELETE') {
    await discardDraft(em, user, slug)
    setResponseStatus(event, 204)
    return null
  }
  if (event.method !== 'PUT') {
    const draft = await draftOf(em, user, slug)
    if (!draft) throw notFound('Belum ada draf permohonan untuk layanan ini.')
    return draft
  }
  const parsed = draftSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  const documents = parsed.data.documents ?? (await draftOf(em, user, slug))?.documents ?? {}
  return saveDraft(em, { applicant: user, serviceSlug: slug, answers: parsed.data.answers, documents,
    step: parsed.data.step })
})
