/**
 * Diskominfo's complaint tools as script-free forms, through the same domain functions as their JSON routes:
 * redacting what the public reads of a pengaduan (`/admin/pengaduan/:kode`) and creating and editing complaint types
 * (`/admin/jenis-pengaduan/baru`, `/admin/jenis-pengaduan/:key`). Success answers 303; a refusal renders the page
 * again with what was typed and a message per field. Signed out: to the sign-in page and back; not an admin: 403.
 */
import { saveComplaintType } from '../complaints/complaint-types'
import { ComplaintError } from '../complaints/errors'
import { applyRedaction } from '../complaints/redaction'
import type { FormHandler, FormRoute } from './registry'

export const TYPES_PAGE = '/admin/jenis-pengaduan'
const NEW_TYPE_PAGE = `${TYPES_PAGE}/baru`

/** The sign-in page, coming back to `page` afterwards. */
const signInFor = (page: string) => ({ redirect: `/masuk?lanjut=${encodeURIComponent(page)}` })

function notFoundPage(): never {
  throw createError({ statusCode: 404, statusMessage: 'Not Found' })
}

/**
 * One form per field (`title`, `description`, `answer`), per restoration (`title-restore`) and per photo
 * (`photo-<id>`): the ids of its boxes are `<form>-text` and `<form>-reason`, and a refusal about the whole form
 * links to the form itself.
 */
export const redactionForm: FormHandler = async (event, body, { params }) => {
  const code = params.kode ?? ''
  const page = `/admin/pengaduan/${encodeURIComponent(code)}`
  if (!await currentUser(event)) return signInFor(page)
  const admin = await requireUser(event, ['admin'])
  const input = Object.fromEntries(['action', 'field', 'photo', 'text', 'reason']
    .map(name => [name, String(body[name] ?? '').slice(0, 5000)]))
  const isPhoto = input.action === 'hide' || input.action === 'show'
  const form = (isPhoto
    ? `photo-${input.photo}`
    : input.action === 'restore' ? `${input.field}-restore` : input.field) || 'tindakan'
  try {
    await applyRedaction(await useEm(event), admin, code,
      isPhoto ? { ...input, field: undefined, text: undefined } : { ...input, photo: undefined })
  }
  catch (error) {
    if (!(error instanceof ComplaintError)) throw error
    if (error.kind === 'not-found') notFoundPage()
    const errors = Object.entries(error.errors).map(([field, message]) =>
      [field === 'text' || field === 'reason' ? `${form}-${field}` : form, message])
    return { values: { ...input, form }, message: error.message,
      errors: errors.length ? Object.fromEntries(errors) : { [form]: error.message } }
  }
  return { redirect: `${page}?berhasil=${input.action}` }
}

const TYPE_FIELDS = ['name', 'agency', 'category', 'service', 'keywords', 'active'] as const

export const complaintTypeForm: FormHandler = async (event, body, { params }) => {
  const key = params.key ?? null
  if (!await currentUser(event)) return signInFor(key ? `${TYPES_PAGE}/${encodeURIComponent(key)}` : NEW_TYPE_PAGE)
  const admin = await requireUser(event, ['admin'])
  const values = Object.fromEntries(TYPE_FIELDS.map(name => [name, String(body[name] ?? '').slice(0, 8000)]))
  try {
    const saved = await saveComplaintType(await useEm(event), admin, key,
      { ...values, active: values.active || undefined })
    return { redirect: `${TYPES_PAGE}?opd=${saved.agency.slug}&tersimpan=${saved.key}` }
  }
  catch (error) {
    if (!(error instanceof ComplaintError)) throw error
    if (error.kind === 'not-found') notFoundPage()
    return { values, message: error.message, errors: error.errors }
  }
}

export const COMPLAINT_ADMIN_FORMS: FormRoute[] = [
  { path: '/admin/pengaduan/:kode', handler: redactionForm },
  { path: NEW_TYPE_PAGE, handler: complaintTypeForm },
  { path: `${TYPES_PAGE}/:key`, handler: complaintTypeForm },
]
