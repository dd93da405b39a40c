/**
 * Whistleblowing (channel `wbs`) is the Inspektorat's (issue 4: "readable only by Inspektorat staff, and by admins
 * who give a reason that is recorded"). A Diskominfo admin gives a reason for one complaint; the reason is recorded
 * (complaint_wbs_read, append-only) and that record is itself the permission: for WBS_READ_HOURS the admin reads
 * that complaint, and only reads it (no action is offered or accepted). Afterwards a new reason is needed, so every
 * working day of reading is accounted for. The Inspektorat's staff see who read it, when and why.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { ComplaintSchema } from '../database/entities/complaint'
import { ComplaintWbsReadSchema } from '../database/entities/complaint-wbs-read'
import type { User } from '../database/entities/user'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { COMPLAINT_NOT_FOUND, ComplaintError } from './errors'

/** One working day: the read ends with the day it was asked for, not with the admin's session. */
export const WBS_READ_HOURS = 8
const HOUR_MS = 60 * 60 * 1000

export const WBS_REASON_MIN = 20
export const wbsReasonSchema = z.string({ message: 'Tuliskan alasan Anda perlu membaca pengaduan ini.' }).trim()
  .min(WBS_REASON_MIN, `Tuliskan alasan Anda perlu membaca pengaduan ini, paling sedikit ${WBS_REASON_MIN} huruf `
  + '(misalnya nomor surat permintaan Inspektorat).')
  .max(1000, 'Alasan paling banyak 1.000 huruf.')

/** Until when `admin` may read complaint `complaintId`, or null when they hold no read now. */
export async function wbsReadUntil(em: EntityManager, admin: User, complaintId: number, now = new Date()):
Promise<Date | null> {
  const latest = await em.findOne(ComplaintWbsReadSchema,
    { complaint: complaintId, admin: admin.id, at: { $gt: new Date(now.getTime() - WBS_READ_HOURS * HOUR_MS) } },
    { orderBy: { at: 'desc' }, fields: ['at'] })
  return latest ? new Date(latest.at.getTime() + WBS_READ_HOURS * HOUR_MS) : null
}

/**
 * Whether the one asking is an admin who would read whistleblowing complaint `trackingCode` after giving a reason
 * (and does not hold a read now): the page then asks for the reason instead of answering as for an unknown code.
 */
export async function wbsReasonNeeded(em: EntityManager, trackingCode: string, user: User | null, now = new Date()) {
  const code = normaliseTrackingCode(trackingCode, COMPLAINT_CODE_PREFIX)
  if (user?.role !== 'admin' || !code) return false
  const complaint = await em.findOne(ComplaintSchema, { trackingCode: code, channel: 'wbs' }, { fields: ['id'] })
  return Boolean(complaint) && !await wbsReadUntil(em, user, complaint!.id, now)
}

export interface WbsRead {
  trackingCode: string
  /** The read ends then; a new reason after that. */
  until: Date
}

/** Records an admin's reason to read a whistleblowing complaint, which lets them read it until `until`. */
export async function recordWbsRead(em: EntityManager, admin: User, trackingCode: string, reason: unknown,
  now = new Date()): Promise<WbsRead> {
  const code = normaliseTrackingCode(trackingCode, COMPLAINT_CODE_PREFIX)
  const complaint = code && admin.role === 'admin'
    ? await em.findOne(ComplaintSchema, { trackingCode: code }, { fields: ['id', 'channel', 'trackingCode'] })
    : null
  if (!complaint) throw new ComplaintError('not-found', COMPLAINT_NOT_FOUND)
  if (complaint.channel !== 'wbs') {
    throw new ComplaintError('refused', 'Hanya pengaduan WBS yang perlu alasan untuk dibaca.')
  }
  const parsed = wbsReasonSchema.safeParse(reason)
  if (!parsed.success) {
    const message = parsed.error.issues[0]!.message
    throw new ComplaintError('invalid-input', message, { reason: message })
  }
  await em.insert(ComplaintWbsReadSchema, { at: now, complaint: complaint.id, admin: admin.id, reason: parsed.data })
  return { trackingCode: complaint.trackingCode, until: new Date(now.getTime() + WBS_READ_HOURS * HOUR_MS) }
}

export interface WbsReadRecord {
  at: Date
  admin: string
  reason: string
}

/** Who of Diskominfo read a whistleblowing complaint, when and why, newest first. */
export async function wbsReadsOf(em: EntityManager, complaintId: number): Promise<WbsReadRecord[]> {
  const reads = await em.find(ComplaintWbsReadSchema, { complaint: complaintId },
    { populate: ['admin'], orderBy: { at: 'desc', id: 'desc' }, limit: 100 })
  return reads.map(read => ({ at: read.at, admin: read.admin.name, reason: read.reason }))
}
