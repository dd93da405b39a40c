import { complaintDraftOf, DRAFT_GONE, viewComplaintDraft } from '../../../complaints/drafts'

/** A pengaduan draft's title and photos, for its photo page: whoever holds the token (and started it). */
export default defineReadHandler(async (event) => {
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const draft = await complaintDraftOf(em, getRouterParam(event, 'token') ?? '', await currentUser(event))
  if (!draft) throw notFound(DRAFT_GONE)
  return viewComplaintDraft(em, draft)
})
