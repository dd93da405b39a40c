/**
 * The forms of /petugas/:kode: one per action, each posting to the page itself, through the same domain code as
 * `POST /api/v1/officer/requests/:trackingCode/actions`. Success answers 303 to the page with the action's name
 * (never anything typed); a refusal renders the page again with the message and what was typed.
 */
import type { H3Event } from 'h3'
import { isStaff } from '../requests/audit'
import { RequestError } from '../requests/errors'
import { actOnRequest } from '../requests/requests'
import type { RequestAction } from '../requests/state-machine'
import { discardUpload } from '../uploads/discard'
import { UploadError } from '../uploads/errors'
import { receiveUpload } from '../uploads/receive'
import { useFileStorage } from '../uploads/storage'
import type { FormHandler, FormOutcome } from './registry'

/** Every staff action but complete, whose form is the one-file form below. */
const FORM_ACTIONS: readonly RequestAction[] = ['verify', 'start_processing', 'request_fix', 'reject', 'forward',
  'assign', 'add_note']

/** Where an action's input is on the page: `reject-note`, `forward-toAgency`, `complete-outputDocumentId`. */
export const fieldId = (action: string, field: string) => `${action}-${field}`
/** The actions section, where a refusal without a field of its own points. */
export const ACTIONS_ANCHOR = 'tindakan'

const pagePath = (code: string) => `/petugas/${encodeURIComponent(code)}`

/** The signed-in staff member, or null when nobody is signed in; a citizen gets the page's 403. */
async function staffMember(event: H3Event) {
  const user = await currentUser(event)
  if (user && !isStaff(user)) {
    const message = 'Anda tidak punya akses ke halaman ini.'
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message, data: { message } })
  }
  return user
}

const signInFirst = (code: string): FormOutcome => ({ redirect: `/masuk?lanjut=${pagePath(code)}` })

/** A RequestError as the page shows it; a request the officer may not see is a 404, as on a plain GET. */
function refusalOutcome(error: RequestError, action: string, values: Record<string, string>): FormOutcome {
  if (error.kind === 'not-found') throw notFound(error.message)
  const fields = Object.entries(error.errors).map(([field, message]) => [fieldId(action, field), message])
  return { values, message: error.message,
    errors: fields.length ? Object.fromEntries(fields) : { [ACTIONS_ANCHOR]: error.message } }
}

export const officerActionForm: FormHandler = async (event, body, { params }) => {
  const code = params.kode ?? ''
  const user = await staffMember(event)
  if (!user) return signInFirst(code)
  const action = String(body.action ?? '')
  const note = String(body.note ?? '')
  // Kept to show again after a refusal; the state machine itself refuses a note that is too long.
  const values = { action, note: note.slice(0, 4000), toAgency: String(body.toAgency ?? '').slice(0, 80),
    assignee: String(body.assignee ?? '').slice(0, 20) }
  if (!FORM_ACTIONS.includes(action as RequestAction)) {
    const message = 'Pilih tindakan yang tersedia.'
    return { values, message, errors: { [ACTIONS_ANCHOR]: message } }
  }

  try {
    await actOnRequest(await useEm(event), { trackingCode: code, actor: user, action, note,
      input: { toAgency: values.toAgency || undefined, assignee: values.assignee || undefined } })
  }
  catch (error) {
    if (error instanceof RequestError) return refusalOutcome(error, action, values)
    throw error
  }
  // A forwarded request leaves the officer's OPD, and with it the page: the inbox says it went.
  if (action === 'forward' && user.role !== 'admin') return { redirect: '/petugas?berhasil=forward' }
  return { redirect: `${pagePath(code)}?berhasil=${action}` }
}

/**
 * Completion with its output document: the file is received for the officer, then `complete` is asked for with
 * its id. When the state machine refuses, the file is removed again, so no stray output stays behind.
 */
export const officerOutputForm: FormHandler = async (event, _body, { params }) => {
  const code = params.kode ?? ''
  const user = await staffMember(event)
  if (!user) {
    setResponseHeader(event, 'Connection', 'close')
    return signInFirst(code)
  }
  const values = { action: 'complete' }
  const em = await useEm(event)
  const storage = useFileStorage()

  let upload
  try {
    upload = await receiveUpload(event.node.req, { em, storage, ownerId: user.id })
  }
  catch (error) {
    if (!(error instanceof UploadError)) throw error
    // The rest of a refused body is not read; closing the connection keeps the browser from sending it.
    setResponseHeader(event, 'Connection', 'close')
    return { values, message: error.message, errors: { [fieldId('complete', 'outputDocumentId')]: error.message } }
  }
  try {
    await actOnRequest(em, { trackingCode: code, actor: user, action: 'complete',
      input: { outputDocumentId: upload.publicId } })
  }
  catch (error) {
    await discardUpload(em, storage, upload)
    if (error instanceof RequestError) return refusalOutcome(error, 'complete', values)
    throw error
  }
  return { redirect: `${pagePath(code)}?berhasil=complete` }
}
