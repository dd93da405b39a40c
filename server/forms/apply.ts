/**
 * The page forms of applying (issue 3, the GOV.UK way), each a front door to the same domain code as its JSON
 * route: questions → documents → check answers → submit, and a citizen's fix of a request. Every step saves the
 * draft; a failed step renders the page again with what was typed and a message per field.
 *
 *   /layanan/:slug/ajukan/isian     the questions                  (PUT /api/v1/drafts/:service)
 *   /layanan/:slug/ajukan/dokumen   one file per persyaratan        (POST /api/v1/drafts/:service/documents/:key)
 *   /layanan/:slug/ajukan/periksa   check answers and send          (POST /api/v1/requests)
 *   /permohonan/:kode/perbaiki      files again, answers, send fix  (POST /api/v1/requests/:trackingCode/…)
 */
import type { H3Event } from 'h3'
import type { FormQuestion, ServiceForm } from '../catalogue/form-schema'
import { formFiledAgainst } from '../catalogue/versions'
import { RequestSchema } from '../database/entities/request'
import { ServiceSchema } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { checkApplication, checkQuestions, ownValue } from '../requests/answers'
import {
  actOnRequest, attachDraftDocument, attachFixDocument, draftOf, RequestError, saveDraft, submitRequest,
} from '../requests/requests'
import { normaliseTrackingCode } from '../requests/tracking-code'
import { UploadError } from '../uploads/errors'
import { useFileStorage } from '../uploads/storage'
import type { FormHandler, FormOutcome, FormRoute } from './registry'

const MAX_VALUE = 2000
export const DATE_PARTS = ['hari', 'bulan', 'tahun'] as const

/** What the citizen typed for the form's questions, as answers (a date from its three boxes) and as shown back. */
export function answersFromForm(form: ServiceForm, body: Record<string, string>) {
  const answers: Record<string, string> = {}
  const values: Record<string, string> = {}
  const partDates: string[] = []
  for (const question of form.questions) {
    if (question.type !== 'date') {
      const value = String(ownValue(body, question.key) ?? '').slice(0, MAX_VALUE)
      answers[question.key] = values[question.key] = value
      continue
    }
    const parts = DATE_PARTS.map((part) => {
      const value = String(ownValue(body, `${question.key}-${part}`) ?? '').trim().slice(0, 4)
      values[`${question.key}-${part}`] = value
      return value
    })
    const [day, month, year] = parts
    if (parts.every(part => !part)) answers[question.key] = ''
    else if (parts.some(part => !part)) {
      partDates.push(question.key)
      answers[question.key] = ''
    }
    else answers[question.key] = `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
  }
  return { answers, values, partDates }
}

/** The domain's messages, worded for the page's inputs (a date is typed in three boxes there). */
function pageErrors(form: ServiceForm, errors: Record<string, string>, partDates: string[] = []) {
  const byKey = new Map<string, FormQuestion>(form.questions.map(question => [question.key, question]))
  const shown = { ...errors }
  for (const [key, message] of Object.entries(errors)) {
    if (byKey.get(key)?.type === 'date' && message.startsWith('Tanggal belum benar')) {
      shown[key] = 'Tanggal belum benar. Isi hari, bulan dan tahun dengan angka, contoh: 12 5 2024'
    }
  }
  for (const key of partDates) shown[key] = 'Tanggal harus berisi hari, bulan dan tahun.'
  return shown
}

async function signedInOr(event: H3Event, page: string): Promise<User | FormOutcome> {
  const user = await currentUser(event)
  return user ?? { redirect: `/masuk?lanjut=${encodeURIComponent(page)}` }
}

async function formOf(event: H3Event, slug: string): Promise<ServiceForm> {
  const service = await (await useEm(event)).findOne(ServiceSchema, { slug, status: 'published' })
  if (!service?.form) throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  return service.form
}

const flowPath = (slug: string, step: string, back?: string) =>
  `/layanan/${encodeURIComponent(slug)}/ajukan/${step}${back === 'periksa' ? '?kembali=periksa' : ''}`

/** A failed file post: the message beside the persyaratan; the rest of an unread body is not waited for. */
function uploadRefusal(event: H3Event, key: string, error: unknown): FormOutcome {
  if (error instanceof UploadError) {
    setResponseHeader(event, 'Connection', 'close')
    return { errors: { [key]: error.message }, status: error.statusCode === 413 ? 413 : 422 }
  }
  if (error instanceof RequestError && error.kind === 'invalid-input') {
    return { errors: { [key]: error.errors[key] ?? error.message } }
  }
  if (error instanceof RequestError && error.kind === 'not-found') {
    setResponseHeader(event, 'Connection', 'close')
    throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  }
  throw error
}

export const questionsForm: FormHandler = async (event, body, { params }) => {
  const page = flowPath(params.slug!, 'isian')
  const user = await signedInOr(event, page)
  if (!('id' in user)) return user
  const em = await useEm(event)
  const form = await formOf(event, params.slug!)
  const { answers, values, partDates } = answersFromForm(form, body)
  const draft = await draftOf(em, user, params.slug!)
  await saveDraft(em, { applicant: user, serviceSlug: params.slug!, answers, documents: draft?.documents ?? {},
    step: 'isian' })

  const { errors } = await checkQuestions(em, form, answers, new Date())
  if (Object.keys(errors).length || partDates.length) {
    return { values: { ...values, kembali: body.kembali ?? '' }, errors: pageErrors(form, errors, partDates) }
  }
  const next = body.kembali === 'periksa' || !form.documents.length ? 'periksa' : 'dokumen'
  return { redirect: flowPath(params.slug!, next) }
}

/** One persyaratan's file (`?syarat=<key>`), into the draft. */
export const documentFileForm: FormHandler = async (event, _body, { params, query }) => {
  const slug = params.slug!
  const user = await signedInOr(event, flowPath(slug, 'dokumen'))
  if (!('id' in user)) {
    setResponseHeader(event, 'Connection', 'close')
    return user
  }
  const key = String(query.syarat ?? '')
  try {
    await attachDraftDocument(await useEm(event), { applicant: user, serviceSlug: slug, requirementKey: key,
      body: event.node.req, storage: useFileStorage() })
  }
  catch (error) {
    return uploadRefusal(event, key, error)
  }
  return { redirect: `${flowPath(slug, 'dokumen', query.kembali)}#${encodeURIComponent(key)}` }
}

/** "Lanjutkan": on to checking once every required file is there. */
export const documentsForm: FormHandler = async (event, body, { params }) => {
  const slug = params.slug!
  const user = await signedInOr(event, flowPath(slug, 'dokumen'))
  if (!('id' in user)) return user
  const em = await useEm(event)
  const form = await formOf(event, slug)
  const draft = await draftOf(em, user, slug)
  const { errors } = await checkApplication(em, form, user, { answers: {}, documents: draft?.documents ?? {} },
    new Date())
  const documentErrors = Object.fromEntries(form.documents.filter(doc => Object.hasOwn(errors, doc.key))
    .map(doc => [doc.key, errors[doc.key]!]))
  if (Object.keys(documentErrors).length) return { values: { kembali: body.kembali ?? '' }, errors: documentErrors }
  await saveDraft(em, { applicant: user, serviceSlug: slug, answers: draft?.answers ?? {},
    documents: draft?.documents ?? {}, step: 'periksa' })
  return { redirect: flowPath(slug, 'periksa') }
}

export const submitForm: FormHandler = async (event, body, { params }) => {
  const slug = params.slug!
  const user = await signedInOr(event, flowPath(slug, 'periksa'))
  if (!('id' in user)) return user
  const em = await useEm(event)
  const draft = await draftOf(em, user, slug)
  try {
    const sent = await submitRequest(em, { applicant: user, serviceSlug: slug, answers: draft?.answers ?? {},
      documents: draft?.documents ?? {}, idempotencyKey: String(body.kunci ?? '') })
    return { redirect: `/permohonan/${sent.trackingCode}/terkirim` }
  }
  catch (error) {
    if (!(error instanceof RequestError)) throw error
    if (error.kind === 'not-found') throw createError({ statusCode: 404, statusMessage: 'Not Found' })
    // A key that cannot send (tampered, or used for another service) is about the button, not a field.
    const { idempotencyKey, ...fields } = error.errors
    const general = idempotencyKey ?? (error.kind === 'invalid-input' ? undefined : error.message)
    return { errors: { ...fields, ...(general ? { kirim: general } : {}) }, message: error.message }
  }
}

const fixPath = (code: string) => `/permohonan/${encodeURIComponent(code)}/perbaiki`

/** A file given again for the fix (`?syarat=<key>`), kept in the fix draft until the fix is sent. */
export const fixFileForm: FormHandler = async (event, _body, { params, query }) => {
  const code = params.kode!
  const user = await signedInOr(event, fixPath(code))
  if (!('id' in user)) {
    setResponseHeader(event, 'Connection', 'close')
    return user
  }
  const key = String(query.syarat ?? '')
  try {
    await attachFixDocument(await useEm(event), code, { applicant: user, requirementKey: key, body: event.node.req,
      storage: useFileStorage() })
  }
  catch (error) {
    if (error instanceof RequestError && error.kind !== 'invalid-input') {
      setResponseHeader(event, 'Connection', 'close')
      return notWaiting(code, error)
    }
    return uploadRefusal(event, key, error)
  }
  return { redirect: `${fixPath(code)}#${encodeURIComponent(key)}` }
}

/** "Kirim perbaikan": the corrected answers and a message, with the files given again. */
export const fixForm: FormHandler = async (event, body, { params }) => {
  const code = params.kode!
  const user = await signedInOr(event, fixPath(code))
  if (!('id' in user)) return user
  const em = await useEm(event)
  const form = await fixFormOf(event, code, user)
  if (!form) return { redirect: `/permohonan/${encodeURIComponent(code)}` }
  const { answers, values, partDates } = answersFromForm(form, body)
  const note = String(body.catatan ?? '').slice(0, MAX_VALUE)
  if (partDates.length) return { values: { ...values, catatan: note }, errors: pageErrors(form, {}, partDates) }
  try {
    await actOnRequest(em, { trackingCode: code, actor: user, action: 'resubmit', note: note || undefined,
      input: { answers } })
  }
  catch (error) {
    if (!(error instanceof RequestError)) throw error
    if (error.kind !== 'invalid-input') return notWaiting(code, error)
    return { values: { ...values, catatan: note }, errors: pageErrors(form, error.errors), message: error.message }
  }
  return { redirect: `/permohonan/${encodeURIComponent(code)}?perbaikan=terkirim` }
}

/** The form of the citizen's own request, or null when it is not theirs or has no form. */
async function fixFormOf(event: H3Event, code: string, user: User): Promise<ServiceForm | null> {
  const trackingCode = normaliseTrackingCode(code)
  const request = trackingCode
    ? await (await useEm(event)).findOne(RequestSchema, { trackingCode, applicant: user.id }, { populate: ['service'] })
    : null
  return request ? formFiledAgainst(await useEm(event), request) : null
}

function notWaiting(code: string, error: RequestError): FormOutcome {
  if (error.kind === 'not-found') throw createError({ statusCode: 404, statusMessage: 'Not Found' })
  return { redirect: `/permohonan/${encodeURIComponent(code)}` }
}

export const APPLY_FORMS: FormRoute[] = [
  { path: '/layanan/:slug/ajukan/isian', handler: questionsForm },
  { path: '/layanan/:slug/ajukan/dokumen', handler: documentsForm, fileHandler: documentFileForm },
  { path: '/layanan/:slug/ajukan/periksa', handler: submitForm },
  { path: '/permohonan/:kode/perbaiki', handler: fixForm, fileHandler: fixFileForm },
]
