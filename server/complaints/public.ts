/**
 * Complaints in public (issue 4, `/pengaduan`): biasa complaints once verified (disposed to an OPD), without any
 * name: what happened, where (kecamatan and pekon, not the address or the map point), the OPD, the status history
 * and the OPD's answer, and the photos an admin has not hidden. Rahasia, anonim, whistleblowing, spam and merged
 * complaints never appear. What the public reads is the redacted version where an admin redacted it (redaction.ts).
 * And per OPD: the complaints it received, the share answered within the deadline, the median working days to the
 * first answer.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import {
  ComplaintEventSchema, ComplaintPhotoSchema, ComplaintSchema, type Complaint,
} from '../database/entities/complaint'
import { ComplaintRedactionSchema, type ComplaintRedaction } from '../database/entities/complaint-redaction'
import type { Execute } from '../database/sql'
import { workingDaysBetween, todayInJakarta } from '../requests/working-days'
import { ANSWER_DAYS } from './deadlines'
import type { ComplaintState } from './state-machine'

const PUBLIC_STATES: ComplaintState[] = ['didisposisikan', 'dijawab', 'dibuka_kembali', 'selesai']
const PUBLIC_CHANNELS: Complaint['channel'][] = ['umum', 'aspirasi']
const PAGE_SIZE = 20

/** On /pengaduan now: a biasa complaint, not whistleblowing, verified and neither spam nor merged. */
export function isPublicComplaint(complaint: Pick<Complaint, 'privacy' | 'channel' | 'status'>): boolean {
  return complaint.privacy === 'biasa' && PUBLIC_CHANNELS.includes(complaint.channel)
    && PUBLIC_STATES.includes(complaint.status)
}

/** Where a complaint's photo is read (server/api/v1/complaints/[trackingCode]/photos/[photo].ts). */
export function complaintPhotoPath(trackingCode: string, photo: string): string {
  return `/api/v1/complaints/${trackingCode}/photos/${photo}`
}

/** The answer the public reads: the redacted one while it still stands for the answer it was made of. */
export function publicAnswer(complaint: Pick<Complaint, 'answer' | 'answeredAt'>,
  redaction: Pick<ComplaintRedaction, 'answer' | 'answerOf'> | null | undefined): string | null {
  const stands = redaction?.answer != null && redaction.answerOf?.getTime() === complaint.answeredAt?.getTime()
  return stands ? redaction.answer! : complaint.answer ?? null
}

export interface PublicVersion {
  title: string
  description: string
  answer: string | null
  /** The photos not hidden, by upload id; none while the complaint is not public. */
  photos: string[]
}

/** What the public reads of each complaint (by id): redacted where an admin redacted it, photos not hidden. */
export async function publicVersions(em: EntityManager, complaints: Complaint[]): Promise<Map<number, PublicVersion>> {
  const ids = complaints.map(complaint => complaint.id)
  const shown = complaints.filter(isPublicComplaint).map(complaint => complaint.id)
  const [redactions, photos] = await Promise.all([
    ids.length ? em.find(ComplaintRedactionSchema, { complaint: { $in: ids } }) : [],
    shown.length
      ? em.find(ComplaintPhotoSchema, { complaint: { $in: shown }, hidden: false },
          { populate: ['upload'], orderBy: { id: 'asc' } })
      : [],
  ])
  const redactionOf = new Map(redactions.map(redaction => [redaction.complaint.id, redaction]))
  return new Map(complaints.map((complaint) => {
    const redaction = redactionOf.get(complaint.id)
    return [complaint.id, {
      title: redaction?.title ?? complaint.title,
      description: redaction?.description ?? complaint.description,
      answer: publicAnswer(complaint, redaction),
      photos: photos.filter(photo => photo.complaint.id === complaint.id).map(photo => photo.upload.publicId),
    }]
  }))
}

export interface PublicComplaintFilter {
  category?: string
  agency?: string
  kecamatan?: string
  status?: ComplaintState
  /** The id to continue after (keyset, newest first). */
  cursor?: number
}

export interface PublicComplaint {
  trackingCode: string
  title: string
  description: string
  kecamatan: string
  village: string | null
  category: { code: string, name: string } | null
  agency: { slug: string, name: string } | null
  status: ComplaintState
  createdAt: Date
  answer: string | null
  /** Where each photo not hidden is read. */
  photos: string[]
  history: { at: Date, to: ComplaintState }[]
}

export async function publicComplaints(em: EntityManager, filter: PublicComplaintFilter = {}) {
  const where = {
    privacy: 'biasa' as const, channel: { $in: PUBLIC_CHANNELS },
    status: filter.status && PUBLIC_STATES.includes(filter.status) ? filter.status : { $in: PUBLIC_STATES },
    ...(filter.category ? { category: { code: filter.category } } : {}),
    ...(filter.agency ? { agency: { slug: filter.agency } } : {}),
    ...(filter.kecamatan ? { kecamatan: { slug: filter.kecamatan } } : {}),
    ...(filter.cursor ? { id: { $lt: filter.cursor } } : {}),
  }
  const rows = await em.find(ComplaintSchema, where, { populate: ['kecamatan', 'category', 'agency'],
    orderBy: { id: 'desc' }, limit: PAGE_SIZE + 1 })
  const page = rows.slice(0, PAGE_SIZE)
  const [events, versions] = await Promise.all([
    page.length
      ? em.find(ComplaintEventSchema, { complaint: { $in: page.map(row => row.id) }, internal: false },
          { orderBy: { at: 'asc', id: 'asc' } })
      : [],
    publicVersions(em, page),
  ])
  const items: PublicComplaint[] = page.map((row) => {
    const shown = versions.get(row.id)!
    return { trackingCode: row.trackingCode, title: shown.title, description: shown.description,
      kecamatan: row.kecamatan.name, village: row.village ?? null, status: row.status, createdAt: row.createdAt,
      answer: shown.answer, photos: shown.photos.map(photo => complaintPhotoPath(row.trackingCode, photo)),
      category: row.category ? { code: row.category.code, name: row.category.name } : null,
      agency: row.agency ? { slug: row.agency.slug, name: row.agency.name } : null,
      // The steps' states and dates only: who acted, and every note, stay out of the public page.
      history: events.filter(event => event.complaint.id === row.id)
        .map(event => ({ at: event.at, to: event.toStatus })) }
  })
  return { items, nextCursor: rows.length > PAGE_SIZE ? page.at(-1)!.id : null }
}

export interface AgencyComplaintFigures {
  agency: { slug: string, name: string }
  received: number
  answered: number
  /** Answered within ANSWER_DAYS working days of the disposition, of those answered; null before any answer. */
  onTimeShare: number | null
  /** Working days from the disposition to the first answer; null before any answer. */
  medianDaysToAnswer: number | null
}

interface DispositionRow {
  slug: string
  name: string
  disposed_at: Date | string
  answered_at: Date | string | null
}

/**
 * Per OPD, over every complaint disposed to it (whatever its privacy: the figures name no complaint): received,
 * answered, the share answered on time and the median working days to the first answer. Whistleblowing is left out.
 */
export async function agencyComplaintFigures(execute: Execute): Promise<AgencyComplaintFigures[]> {
  const rows = await execute<DispositionRow>(`
    select a."slug", a."name", d."at" as "disposed_at", (select min(e."at") from "complaint_event" e
        where e."complaint_id" = d."complaint_id" and e."action" = 'answer' and e."at" >= d."at") as "answered_at"
      from "complaint_event" d
      join "complaint" c on c."id" = d."complaint_id"
      join "agency" a on a."slug" = d."detail"->>'toAgency'
     where d."action" in ('dispose', 'forward') and c."channel" <> 'wbs' and c."status" not in ('spam', 'digabung')
       and not exists (select 1 from "complaint_event" later where later."complaint_id" = d."complaint_id"
         and later."action" in ('dispose', 'forward') and later."at" > d."at")`)
  const byAgency = new Map<string, { name: string, days: number[], received: number }>()
  for (const row of rows) {
    const entry = byAgency.get(row.slug) ?? { name: row.name, days: [], received: 0 }
    entry.received++
    if (row.answered_at) {
      entry.days.push(Math.max(0, workingDaysBetween(todayInJakarta(new Date(row.disposed_at)),
        todayInJakarta(new Date(row.answered_at)))))
    }
    byAgency.set(row.slug, entry)
  }
  return [...byAgency.entries()].map(([slug, entry]) => {
    const sorted = [...entry.days].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    const median = !sorted.length
      ? null
      : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
    return { agency: { slug, name: entry.name }, received: entry.received, answered: sorted.length,
      onTimeShare: sorted.length ? sorted.filter(days => days <= ANSWER_DAYS).length / sorted.length : null,
      medianDaysToAnswer: median }
  }).sort((a, b) => b.received - a.received || a.agency.slug.localeCompare(b.agency.slug))
}
