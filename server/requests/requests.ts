/**
 * The permohonan domain, free of HTTP: what the routes and pages of issue 3 call. Errors are RequestError (kind →
 * status code in server/utils/api.ts); every function takes the request-scoped EntityManager fork.
 *
 *   submitRequest      check answers and documents, store the request, first timeline step, e-mails; idempotent
 *   saveDraft, draftOf, draftsOfApplicant, discardDraft, attachDraftDocument   the unsent application
 *   attachFixDocument, fixDraftOf   documents given again for a fix, sent with resubmit
 *   actOnRequest       verify, start_processing, request_fix, resubmit, complete, reject, forward, assign, add_note
 *   requestsOfApplicant, requestForViewer, trackPublic, officerInbox   reading
 */
export { actOnRequest, type ActionRequestInput, type ActionResult, type ActOnRequestInput } from './act'
export { canView, mayReadNik } from './access'
export {
  attachDraftDocument, attachFixDocument, discardDraft, DRAFT_STEPS, draftOf, draftsOfApplicant, fixDraftOf, saveDraft,
  type DraftInput, type DraftStep, type DraftView, type FixDraftView, type UploadJson,
} from './drafts'
export { INVALID_APPLICATION, REQUEST_NOT_FOUND, RequestError, type RequestErrorKind } from './errors'
export { INBOX_COUNT_CAP, officerInbox, type InboxFilter, type InboxItem, type InboxPage } from './inbox'
export { dueDateFor, submitRequest, type SubmitRequestInput, type SubmittedRequest } from './submit'
export {
  requestForViewer, requestsOfApplicant, trackPublic, type PublicTracking, type RequestSummary, type RequestView,
  type TimelineStep,
} from './view'
