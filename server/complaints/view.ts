/**
 * Reading a pengaduan: who may (its reporter by session or by PIN, the staff of the OPD handling it, a Diskominfo
 * admin), and what each sees. Everyone else, and a wrong PIN, gets the same null as an unknown code. An anonim
 * complaint shows its reporter to nobody but the reporter; internal notes are for staff only. Whistleblowing is the
 * Inspektorat's: an admin reads one only after giving a reason (whistleblowing.ts), and then only reads it.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { verifyPassword } from '../accounts/password-hash'
import { ComplaintEventSchema, ComplaintPhotoSchema, ComplaintSchema, type Complaint }
  from '../database/entities/complaint'
import { UserSchema, type User } from '../database/entities/user'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { isPast } from './deadlines'
import { wbsReadsOf, wbsReadUntil, type WbsReadRecord } from './whistleblowing'
import {
  availableComplaintActions, type ComplaintAction, type ComplaintRole, type ComplaintStanding, type ComplaintState,
} from './state-machine'

/** Who is asking: the signed-in account (or null) and the PIN sent with the code (or null). */
export interface ComplaintAsker {
  user: User | null
  pin: string | null
}

export interface ComplaintStep {
  at: Date
  action: string
  role: string
  actorName: string
  from: ComplaintState | null
  to: ComplaintState
  note: string | null
  internal: boolean
}

export interface ComplaintView {
  trackingCode: string
  channel: Complaint['channel']
  title: string
  description: string
  kecamatan: string
  village: string | null
  address: string | null
  location: { lat: number, long: number } | null
  occurredOn: string | null
  privacy: Complaint['privacy']
  status: ComplaintState
  dueDate: string | null
  dueKind: Complaint['dueKind']
  agency: { slug: string, name: string } | null
  category: { code: string, name: string } | null
  /** With its promised jangka waktu, shown next to the facts (issue 4). */
  service: { slug: string, name: string, durationDays: number | null } | null
  answer: string | null
  answeredAt: Date | null
  objected: boolean
  rating: { score: number, comment: string | null } | null
  photos: string[]
  /** For staff, when the complaint is not anonim; null otherwise. */
  reporter: { name: string, email: string | null } | null
  createdAt: Date
  timeline: ComplaintStep[]
  /** What the asker may do now. */
  actions: ComplaintAction[]
  /** How the asker stands: as the reporter, or as staff. */
  as: ComplaintRole
  /** Whistleblowing, for staff: which admins read it, when and why (whistleblowing.ts); null otherwise. */
  adminReads: WbsReadRecord[] | null
}

/**
 * The complaint and the asker's role in it, or null for a stranger (and a wrong PIN, and an unknown code).
 * `readOnly`: an admin reading whistleblowing with a reason may act on nothing.
 */
export async function complaintAccess(em: EntityManager, trackingCode: string, asker: ComplaintAsker,
  now = new Date()) {
  const code = normaliseTrackingCode(trackingCode, COMPLAINT_CODE_PREFIX)
  if (!code) return null
  const complaint = await em.findOne(ComplaintSchema, { trackingCode: code },
    { populate: ['agency', 'category', 'service', 'kecamatan', 'reporter'] })
  if (!complaint) return null
  const user = asker.user ? await em.findOne(UserSchema, { id: asker.user.id, active: true }) : null

  const byAccount = Boolean(user && complaint.reporter?.id === user.id)
  const byPin = !complaint.reporter && Boolean(asker.pin && complaint.pinHash)
    && await verifyPassword(complaint.pinHash!, asker.pin!)
  const isStaff = user?.role === 'officer' || user?.role === 'head'
  const handles = isStaff && Boolean(complaint.agency) && user!.agency?.id === complaint.agency!.id
  const standing: ComplaintStanding = { isReporter: byAccount || byPin, isHandlingAgency: handles,
    objected: Boolean(complaint.objectedAt) }

  // Whistleblowing is the Inspektorat's alone; an admin reads it only for a while after giving a recorded reason.
  const adminMay = user?.role === 'admin'
    && (complaint.channel !== 'wbs' || Boolean(await wbsReadUntil(em, user, complaint.id, now)))
  const role: ComplaintRole | null = standing.isReporter
    ? 'reporter'
    : handles
      ? user!.role as ComplaintRole
      : adminMay ? 'admin' : null
  if (!role) return null
  return { complaint, role, standing, user, readOnly: role === 'admin' && complaint.channel === 'wbs' }
}

export async function complaintForViewer(em: EntityManager, trackingCode: string, asker: ComplaintAsker,
  now = new Date()): Promise<ComplaintView | null> {
  const access = await complaintAccess(em, trackingCode, asker, now)
  if (!access) return null
  const { complaint, role, standing, readOnly } = access
  const staff = role !== 'reporter'
  const [photos, events, adminReads] = await Promise.all([
    em.find(ComplaintPhotoSchema, { complaint: complaint.id }, { populate: ['upload'], orderBy: { id: 'asc' } }),
    em.find(ComplaintEventSchema, { complaint: complaint.id, ...(staff ? {} : { internal: false }) },
      { orderBy: { at: 'asc', id: 'asc' } }),
    staff && complaint.channel === 'wbs' ? wbsReadsOf(em, complaint.id) : null,
  ])
  // The whistleblower stays unknown to an admin reading with a reason: the text is what the reason is for.
  const shownToStaff = staff && !readOnly && complaint.privacy !== 'anonim'
  const identified = shownToStaff && complaint.reporter
  return {
    trackingCode: complaint.trackingCode, channel: complaint.channel, title: complaint.title,
    description: complaint.description, kecamatan: complaint.kecamatan.name, village: complaint.village ?? null,
    address: complaint.address ?? null,
    location: complaint.latitude != null && complaint.longitude != null
      ? { lat: Number(complaint.latitude), long: Number(complaint.longitude) }
      : null,
    occurredOn: complaint.occurredOn ?? null, privacy: complaint.privacy, status: complaint.status,
    dueDate: complaint.dueDate ?? null, dueKind: complaint.dueKind ?? null,
    agency: complaint.agency ? { slug: complaint.agency.slug, name: complaint.agency.name } : null,
    category: complaint.category ? { code: complaint.category.code, name: complaint.category.name } : null,
    service: complaint.service
      ? { slug: complaint.service.slug, name: complaint.service.name,
          durationDays: complaint.service.durationDays ?? null }
      : null,
    answer: complaint.answer ?? null, answeredAt: complaint.answeredAt ?? null, objected: standing.objected,
    rating: complaint.rating ? { score: complaint.rating, comment: complaint.ratingComment ?? null } : null,
    // Hiding a photo is for the public (redaction.ts): the reporter and the OPD see every photo.
    photos: photos.map(photo => photo.upload.publicId),
    reporter: identified
      ? { name: complaint.reporter!.name, email: complaint.reporter!.email }
      : shownToStaff && complaint.contactEmail
        ? { name: 'Pelapor tanpa akun', email: complaint.contactEmail }
        : null,
    createdAt: complaint.createdAt,
    timeline: events.map(event => ({ at: event.at, action: event.action, role: event.actorRole,
      actorName: readOnly && event.actorRole === 'reporter' ? 'Pelapor' : event.actorName,
      from: event.fromStatus ?? null, to: event.toStatus, note: event.note ?? null, internal: event.internal })),
    actions: readOnly ? [] : availableComplaintActions(complaint.status, role, standing),
    as: role,
    adminReads,
  }
}

export interface ComplaintSummary {
  trackingCode: string
  /** Null for whistleblowing in an admin's list: its text is sealed there. */
  title: string | null
  status: ComplaintState
  dueDate: string | null
  /** A verification or an answer past its due day (an answered complaint waiting to close is not late). */
  overdue: boolean
  agency: { slug: string, name: string } | null
  createdAt: Date
}

function summaryOf(complaint: Complaint, sealed = false): ComplaintSummary {
  return { trackingCode: complaint.trackingCode, title: sealed ? null : complaint.title, status: complaint.status,
    dueDate: complaint.dueDate ?? null, createdAt: complaint.createdAt,
    overdue: complaint.dueKind !== 'penutupan' && isPast(complaint.dueDate),
    agency: complaint.agency ? { slug: complaint.agency.slug, name: complaint.agency.name } : null }
}

/** The signed-in reporter's own complaints, newest first. */
export async function complaintsOfReporter(em: EntityManager, reporter: User): Promise<ComplaintSummary[]> {
  const complaints = await em.find(ComplaintSchema, { reporter: reporter.id },
    { populate: ['agency'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: 200 })
  return complaints.map(complaint => summaryOf(complaint))
}

export interface ComplaintInboxFilter {
  status?: ComplaintState
  /** An admin's view: the verification queue (complaints with no OPD yet) instead of every OPD's. */
  queue?: boolean
  /** An admin's view: the Inspektorat's whistleblowing complaints, their code, state and deadline only. */
  whistleblowing?: boolean
  limit?: number
}

/**
 * The complaints an officer's OPD handles, or for a Diskominfo admin the verification queue or every OPD's but the
 * Inspektorat's whistleblowing, which is listed on its own without its title (reading one takes a reason); open ones
 * first, the earliest deadline first.
 */
export async function complaintInbox(em: EntityManager, viewer: User, filter: ComplaintInboxFilter = {}):
Promise<ComplaintSummary[]> {
  const sealed = viewer.role === 'admin' && Boolean(filter.whistleblowing)
  const scope = viewer.role !== 'admin'
    ? { agency: viewer.agency?.id ?? -1 }
    : sealed
      ? { channel: 'wbs' as const }
      : { ...(filter.queue ? { agency: null } : {}), channel: { $ne: 'wbs' as const } }
  const complaints = await em.find(ComplaintSchema, { ...scope, ...(filter.status
    ? { status: filter.status }
    : { status: { $nin: ['selesai', 'spam', 'digabung'] as ComplaintState[] } }) },
  { populate: ['agency'], orderBy: { dueDate: 'asc', id: 'asc' }, limit: Math.min(filter.limit ?? 50, 100) })
  return complaints.map(complaint => summaryOf(complaint, sealed))
}
