/**
 * The page forms of a pengaduan (issue 4), front doors to the same domain code as the JSON routes:
 *
 *   /pengaduan/baru               the text, checked and kept as a draft      (server/complaints/drafts.ts);
 *                                 or, with "Cari OPD yang tepat", the same form with suggestions to pick from
 *   /pengaduan/baru/:token/foto   one photo per post, then "Kirim pengaduan"  (fileComplaint)
 *   /pengaduan/lacak              follow, rate and object: code and PIN in the body, never in a URL or cookie
 *
 * The PIN of a reporter without an account is shown once, in the answer to the post that filed the complaint; a
 * PIN reporter's follow-up pages are the answers to their posts, so the PIN travels only in form bodies.
 */
import type { H3Event } from 'h3'
import { actOnComplaint } from '../complaints/act'
import { grantComplaintPhotos } from '../complaints/asker'
import {
  attachDraftPhoto, complaintDraftOf, DRAFT_GONE, fileComplaintDraft, removeDraftPhoto, startComplaintDraft,
} from '../complaints/drafts'
import { ComplaintError } from '../complaints/errors'
import { countPinAttempt, TooManyComplaintsError } from '../complaints/limits'
import { complaintSuggestSchema } from '../complaints/schemas'
import { COMPLAINT_TEXT_MAX, suggestComplaintTargets, type ComplaintSuggestion } from '../complaints/suggest'
import { complaintForViewer } from '../complaints/view'
import { sqlExecutor } from '../database/sql'
import { RequestError } from '../requests/errors'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { UploadError } from '../uploads/errors'
import { useFileStorage } from '../uploads/storage'
import type { FormHandler, FormOutcome, FormRoute } from './registry'

/** The page's inputs are named as complaintInputSchema's fields; an empty optional one is left out. */
const FIELDS = ['title', 'description', 'kecamatan', 'village', 'address', 'occurredOn', 'service', 'category',
  'privacy', 'email'] as const
const REQUIRED = new Set(['title', 'description', 'kecamatan', 'privacy'])
/** Longer than any field allows, so an over-long text is refused with its message rather than cut. */
const MAX_VALUE = 5000

const photoPage = (token: string) => `/pengaduan/baru/${encodeURIComponent(token)}/foto`

function refusedForNow(event: H3Event, error: TooManyComplaintsError, field: string): FormOutcome {
  setResponseHeader(event, 'Retry-After', Math.max(1, Math.ceil((error.retryAfter.getTime() - Date.now()) / 1000)))
  return { errors: { [field]: error.message }, status: 429 }
}

const MAP_POINT_UNREADABLE = 'Tulis titik lokasi sebagai dua angka, contoh: -5.4893, 104.6237 (salin dari peta di '
  + 'ponsel Anda), atau kosongkan.'

/**
 * The optional map point as a phone's map app copies it: latitude, then longitude, in decimal degrees with a point,
 * apart by a comma, a semicolon or a space ("-5.4893, 104.6237"). Null when it is not two such numbers; whether the
 * point lies in Tanggamus is the complaint schema's to say.
 */
export function parseMapPoint(text: string): { lat: number, long: number } | null {
  const match = /^\s*(-?\d{1,2}(?:\.\d{1,10})?)\s*[,;]?\s*(-?\d{1,3}(?:\.\d{1,10})?)\s*$/.exec(text)
  return match ? { lat: Number(match[1]), long: Number(match[2]) } : null
}

/** A suggestion as the form lists it: a choice by its OPD's slug (radio `saran`). */
export type ShownSuggestion = Pick<ComplaintSuggestion, 'agency' | 'category' | 'service'>

/**
 * Lists the suggestions for the title and description typed so far on the page that answers the post
 * (event.context.complaintSuggestions); the field's message when there is nothing to go on.
 */
async function listSuggestions(event: H3Event, values: Record<string, string>): Promise<string | null> {
  const text = complaintSuggestSchema.safeParse({
    text: `${values.title ?? ''}\n${values.description ?? ''}`.slice(0, COMPLAINT_TEXT_MAX) })
  if (!text.success) return text.error.issues[0]?.message ?? 'Tuliskan dulu apa yang ingin Anda adukan.'
  const ranked = await suggestComplaintTargets(sqlExecutor(await useEm(event)), await useSynonymIndex(),
    text.data.text)
  event.context.complaintSuggestions = ranked.map(({ agency, category, service }): ShownSuggestion =>
    ({ agency, category, ...(service ? { service } : {}) }))
  return null
}

/**
 * Step 1. "Cari OPD yang tepat" (`langkah=cari`) answers 200 with the form as typed and the suggestions listed;
 * the other button saves the draft, with the suggestion picked (`saran`), and goes on to the photos.
 */
export const newComplaintForm: FormHandler = async (event, body) => {
  const values = Object.fromEntries([...FIELDS, 'saran'].map(key => [key, String(body[key] ?? '').slice(0, MAX_VALUE)]))
  if (body.langkah === 'cari') {
    const problem = await listSuggestions(event, values)
    return problem ? { values, errors: { description: problem } } : { values, status: 200 }
  }
  const fields: Record<string, unknown> = Object.fromEntries(FIELDS.filter(key => REQUIRED.has(key)
    || values[key]?.trim()).map(key => [key, values[key]]))
  values.titik = String(body.titik ?? '').slice(0, 100)
  if (values.titik.trim()) {
    const point = parseMapPoint(values.titik)
    if (!point) return { values, errors: { titik: MAP_POINT_UNREADABLE }, message: MAP_POINT_UNREADABLE }
    fields.location = point
  }
  try {
    const token = await startComplaintDraft(await useEm(event), { reporter: await currentUser(event), fields,
      pick: values.saran || undefined, synonyms: await useSynonymIndex() })
    return { redirect: photoPage(token) }
  }
  catch (error) {
    if (!(error instanceof ComplaintError) || error.kind !== 'invalid-input') throw error
    // Suggestions shown before stay on the page, with the one picked.
    if (body.disarankan) await listSuggestions(event, values)
    const { location, ...errors } = error.errors
    return { values, errors: location ? { ...errors, titik: location } : errors, message: error.message }
  }
}

/** One photo into the draft: back to the photo page, or the page again with the reason beside the file input. */
export const draftPhotoFileForm: FormHandler = async (event, _body, { params }) => {
  const em = await useEm(event)
  const draft = await complaintDraftOf(em, params.token!, await currentUser(event))
  if (!draft) {
    setResponseHeader(event, 'Connection', 'close')
    return { errors: { file: DRAFT_GONE }, status: 404 }
  }
  try {
    await attachDraftPhoto(em, { draft, body: event.node.req, storage: useFileStorage(),
      clientAddress: clientAddress(event) })
  }
  catch (error) {
    setResponseHeader(event, 'Connection', 'close')
    if (error instanceof TooManyComplaintsError) return refusedForNow(event, error, 'file')
    if (error instanceof UploadError) {
      return { errors: { file: error.message }, status: error.statusCode === 413 ? 413 : 422 }
    }
    if (error instanceof ComplaintError && error.kind === 'invalid-input') return { errors: error.errors }
    throw error
  }
  return { redirect: `${photoPage(params.token!)}#foto` }
}

/** "Hapus" takes a photo out; "Kirim pengaduan" files the draft and answers 200 with the code (and the PIN, once). */
export const draftSendForm: FormHandler = async (event, body, { params }) => {
  const em = await useEm(event)
  const draft = await complaintDraftOf(em, params.token!, await currentUser(event))
  if (!draft) return { errors: { kirim: DRAFT_GONE }, status: 404 }
  if (body.hapus) {
    await removeDraftPhoto(em, draft, String(body.hapus))
    return { redirect: `${photoPage(params.token!)}#foto` }
  }
  try {
    const filed = await fileComplaintDraft(em, { draft, synonyms: await useSynonymIndex(),
      clientAddress: clientAddress(event) })
    setResponseHeader(event, 'Cache-Control', 'no-store')
    return { status: 200, values: { kode: filed.trackingCode, pin: filed.pin ?? '', dueDate: filed.dueDate ?? '',
      status: filed.status, signedIn: draft.reporter ? 'ya' : '' } }
  }
  catch (error) {
    if (error instanceof TooManyComplaintsError) return refusedForNow(event, error, 'kirim')
    if (!(error instanceof RequestError)) throw error
    const { idempotencyKey: _key, ...fields } = error.errors
    return { errors: Object.keys(fields).length ? fields : { kirim: error.message }, message: error.message }
  }
}

const SCORE = /^[1-5]$/
const actions = { nilai: 'rate', keberatan: 'object' } as const

/**
 * Follow a complaint: by code and PIN (a reporter without an account), or by code alone for a signed-in reporter.
 * With `tindakan` it first rates (nilai, komentar) or objects (alasan). A PIN reporter gets the page in the answer
 * (the PIN goes back only into that page's own forms); a signed-in one a 303 to the page of the code.
 */
export const followComplaintForm: FormHandler = async (event, body) => {
  const em = await useEm(event)
  const user = await currentUser(event)
  const kode = String(body.kode ?? '').trim().slice(0, 40)
  const pin = String(body.pin ?? '').trim().slice(0, 20)
  const tindakan = String(body.tindakan ?? '') as keyof typeof actions | ''
  const values = { kode, nilai: String(body.nilai ?? ''), komentar: String(body.komentar ?? '').slice(0, 2000),
    alasan: String(body.alasan ?? '').slice(0, 4000) }
  const code = normaliseTrackingCode(kode, COMPLAINT_CODE_PREFIX)
  if (!code) return { values, errors: { kode: 'Tulis kode pengaduan, contoh: ADU-7K3M9Q2X.' } }
  if (!pin && !user) return { values, errors: { pin: 'Tulis PIN yang Anda terima saat mengirim pengaduan.' } }

  let settle = async (_right: boolean) => {}
  try {
    if (pin) settle = await countPinAttempt(sqlExecutor(em), code, clientAddress(event))
  }
  catch (error) {
    if (error instanceof TooManyComplaintsError) return { values, ...refusedForNow(event, error, 'pin') }
    throw error
  }
  const asker = { user, pin: pin || null }
  let done: string | undefined
  if (tindakan in actions) {
    const outcome = await act(em, code, asker, tindakan as keyof typeof actions, values)
    if ('errors' in outcome) {
      const view = await complaintForViewer(em, code, asker)
      await settle(view?.as === 'reporter')
      if (!view) return { values, errors: { kode: 'Kode atau PIN tidak cocok.' } }
      event.context.complaintView = view
      return { values: { ...values, pin }, ...outcome }
    }
    done = tindakan
  }
  const view = await complaintForViewer(em, code, asker)
  await settle(view?.as === 'reporter')
  if (!view || view.as !== 'reporter') return { values, errors: { kode: 'Kode atau PIN tidak cocok.' } }
  if (!pin) return { redirect: `/pengaduan/lacak?kode=${view.trackingCode}${done ? `&berhasil=${done}` : ''}` }
  event.context.complaintView = view
  await grantComplaintPhotos(event, view.trackingCode)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { status: 200, values: { kode: view.trackingCode, pin, ...(done ? { berhasil: done } : {}) } }
}

type Em = Awaited<ReturnType<typeof useEm>>
type Asker = Parameters<typeof complaintForViewer>[2]

async function act(em: Em, code: string, asker: Asker, tindakan: keyof typeof actions, values: Record<string, string>):
Promise<{ errors: Record<string, string> } | { ok: true }> {
  if (tindakan === 'nilai' && !SCORE.test(values.nilai ?? '')) return { errors: { nilai: 'Pilih nilai 1 sampai 5.' } }
  if (tindakan === 'keberatan' && !values.alasan?.trim()) {
    return { errors: { alasan: 'Tuliskan alasan Anda belum puas dengan jawaban.' } }
  }
  try {
    await actOnComplaint(em, { trackingCode: code, asker, action: actions[tindakan],
      ...(tindakan === 'nilai'
        ? { input: { score: values.nilai! }, comment: values.komentar || undefined }
        : { input: { note: values.alasan! } }) })
    return { ok: true }
  }
  catch (error) {
    if (!(error instanceof RequestError) || error.kind === 'not-found') throw error
    return { errors: { [tindakan === 'nilai' ? 'nilai' : 'alasan']: error.message } }
  }
}

export const COMPLAINT_FORMS: FormRoute[] = [
  { path: '/pengaduan/baru', handler: newComplaintForm },
  { path: '/pengaduan/lacak', handler: followComplaintForm },
  { path: '/pengaduan/baru/:token/foto', handler: draftSendForm, fileHandler: draftPhotoFileForm },
]
