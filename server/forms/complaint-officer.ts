import type { H3Event } from 'h3'
import { actOnComplaint } from '../complaints/act'
import { ComplaintError } from '../complaints/errors'
import { recordWbsRead } from '../complaints/whistleblowing'
import type { User } from '../database/entities/user'
import type { FormHandler, FormOutcome } from './registry'

const FIELDS = ['note', 'toAgency', 'mergeInto'] as const

/**
 * The complaint page's action forms (`/petugas/pengaduan/:kode`), through the same actOnComplaint as the JSON route:
 * 303 back to the page with the action's name, or the page again with the reason (422). A complaint the asker may
 * not see is a 404, as on a plain visit. An admin's reason to read whistleblowing (`read_wbs`) is recorded first.
 */
export const complaintActionForm: FormHandler = async (event, body, { params }) => {
  const code = params.kode ?? ''
  const page = `/petugas/pengaduan/${encodeURIComponent(code)}`
  const user = await currentUser(event)
  if (!user) return { redirect: `/masuk?lanjut=${encodeURIComponent(page)}` }
  if (user.role === 'citizen') throw createError({ statusCode: 403, statusMessage: 'Forbidden' })
  const action = String(body.action ?? '').slice(0, 40)
  if (action === 'read_wbs') return wbsReasonForm(event, user, code, page, String(body.reason ?? '').slice(0, 2000))
  const values = Object.fromEntries([['action', action], ...FIELDS.map(field =>
    [field, String(body[field] ?? '').slice(0, 4000)])])
  try {
    await actOnComplaint(await useEm(event), { trackingCode: code, asker: { user, pin: null }, action,
      input: { note: values.note, toAgency: values.toAgency || undefined, mergeInto: values.mergeInto || undefined } })
  }
  catch (error) {
    if (!(error instanceof ComplaintError)) throw error
    if (error.kind === 'not-found') throw createError({ statusCode: 404, statusMessage: 'Not Found' })
    // The ids of the page's fields: one note box per form (`answer-note`), the one merge box (`mergeInto`).
    const fields = Object.entries(error.errors).map(([field, message]) =>
      [field === 'mergeInto' ? field : `${action}-${field}`, message])
    return { values, message: error.message,
      errors: fields.length ? Object.fromEntries(fields) : { tindakan: error.message } }
  }
  // After a disposition elsewhere or "bukan wewenang" the OPD no longer holds it: back to the list.
  const left = (action === 'return_to_verification' || action === 'forward') && user.role !== 'admin'
  return { redirect: left ? `/petugas/pengaduan?berhasil=${action}` : `${page}?berhasil=${action}` }
}

/** The reason form an admin sees instead of a whistleblowing complaint: recorded, then the complaint itself. */
async function wbsReasonForm(event: H3Event, user: User, code: string, page: string, reason: string):
Promise<FormOutcome> {
  try {
    await recordWbsRead(await useEm(event), user, code, reason)
  }
  catch (error) {
    if (!(error instanceof ComplaintError)) throw error
    if (error.kind === 'not-found') throw createError({ statusCode: 404, statusMessage: 'Not Found' })
    if (error.kind === 'refused') return { redirect: page }
    return { values: { action: 'read_wbs', reason }, message: error.message,
      errors: { 'wbs-reason': error.errors.reason ?? error.message } }
  }
  return { redirect: page }
}
