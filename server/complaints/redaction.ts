/**
 * Redacting what the public reads of a pengaduan (issue 4: "admins can redact text and hide photos; the original is
 * kept and the redaction logged"). A Diskominfo admin replaces the public title, description or answer (a name or a
 * phone number someone typed), restores the original, or hides and shows a photo, each with a reason. The complaint
 * itself never changes: the public version lives in complaint_redaction, and its reporter and OPD read the original.
 * Every change is appended to complaint_redaction_event. What the public then reads is public.ts's publicVersions.
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { ComplaintPhotoSchema, ComplaintSchema, type Complaint } from '../database/entities/complaint'
import {
  ComplaintRedactionEventSchema, ComplaintRedactionSchema, type ComplaintRedaction,
} from '../database/entities/complaint-redaction'
import type { User } from '../database/entities/user'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { COMPLAINT_NOT_FOUND, ComplaintError } from './errors'
import { complaintPhotoPath, isPublicComplaint, publicAnswer } from './public'
import { MAX_COMPLAINT_NOTE, type ComplaintState } from './state-machine'

export const REDACTABLE_FIELDS = ['title', 'description', 'answer'] as const
export type RedactableField = typeof REDACTABLE_FIELDS[number]

/** The longest public text of each field: as long as its original may be. */
const LONGEST: Record<RedactableField, number> = { title: 200, description: 4000, answer: MAX_COMPLAINT_NOTE }

const reason = z.string({ message: 'Tuliskan alasan penyuntingan.' }).trim()
  .min(10, 'Tuliskan alasan penyuntingan, paling sedikit 10 huruf (misalnya: nomor HP pelapor).')
  .max(1000, 'Alasan paling banyak 1.000 huruf.')
const field = z.enum(REDACTABLE_FIELDS, { message: 'Pilih judul, uraian, atau jawaban.' })
const photo = z.string({ message: 'Pilih foto.' }).uuid('Foto tidak ditemukan.')

export const redactionInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('redact'), field, reason,
    text: z.string({ message: 'Tuliskan teks yang boleh dibaca publik.' }).trim()
      .min(1, 'Tuliskan teks yang boleh dibaca publik.') }),
  z.object({ action: z.literal('restore'), field, reason }),
  z.object({ action: z.literal('hide'), photo, reason }),
  z.object({ action: z.literal('show'), photo, reason }),
], { message: 'Tindakan ini tidak dikenal.' })
export type RedactionInput = z.infer<typeof redactionInputSchema>

export interface RedactionField {
  field: RedactableField
  original: string | null
  /** What the public reads now. */
  shown: string | null
  redacted: boolean
  /** An answer redacted before the OPD answered again: the new answer shows as given. */
  outdated: boolean
}

export interface RedactionView {
  trackingCode: string
  status: ComplaintState
  /** A biasa complaint, not whistleblowing: public once verified, so worth redacting. */
  publishable: boolean
  /** On /pengaduan now. */
  shownInPublic: boolean
  fields: RedactionField[]
  photos: { id: string, url: string, hidden: boolean }[]
  log: RedactionLogEntry[]
}

export interface RedactionLogEntry {
  at: Date
  admin: string
  action: string
  field: string
  photo: string | null
  publicText: string | null
  reason: string
}

const isPublishable = (complaint: Complaint) => complaint.privacy === 'biasa' && complaint.channel !== 'wbs'

/** A complaint an admin may redact; whistleblowing is never public and answers as unknown. */
async function findComplaint(em: EntityManager, admin: User, trackingCode: string, lock = false) {
  const code = normaliseTrackingCode(trackingCode, COMPLAINT_CODE_PREFIX)
  const complaint = code && admin.role === 'admin'
    ? await em.findOne(ComplaintSchema, { trackingCode: code, channel: { $ne: 'wbs' } },
        lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
    : null
  if (!complaint) throw new ComplaintError('not-found', COMPLAINT_NOT_FOUND)
  return complaint
}

/** The originals, what the public reads, the photos and the record of redactions of one complaint. */
export async function redactionOf(em: EntityManager, admin: User, trackingCode: string): Promise<RedactionView> {
  const complaint = await findComplaint(em, admin, trackingCode)
  const [redaction, photos, log] = await Promise.all([
    em.findOne(ComplaintRedactionSchema, { complaint: complaint.id }),
    em.find(ComplaintPhotoSchema, { complaint: complaint.id }, { populate: ['upload'], orderBy: { id: 'asc' } }),
    em.find(ComplaintRedactionEventSchema, { complaint: complaint.id },
      { populate: ['admin', 'photo.upload'], orderBy: { at: 'desc', id: 'desc' }, limit: 200 }),
  ])
  const answer = publicAnswer(complaint, redaction)
  return {
    trackingCode: complaint.trackingCode, status: complaint.status, publishable: isPublishable(complaint),
    shownInPublic: isPublicComplaint(complaint),
    fields: [
      { field: 'title', original: complaint.title, shown: redaction?.title ?? complaint.title,
        redacted: redaction?.title != null, outdated: false },
      { field: 'description', original: complaint.description, shown: redaction?.description ?? complaint.description,
        redacted: redaction?.description != null, outdated: false },
      { field: 'answer', original: complaint.answer ?? null, shown: answer, redacted: redaction?.answer != null,
        outdated: redaction?.answer != null && answer !== redaction.answer },
    ],
    photos: photos.map(photo => ({ id: photo.upload.publicId, hidden: photo.hidden,
      url: complaintPhotoPath(complaint.trackingCode, photo.upload.publicId) })),
    log: log.map(event => ({ at: event.at, admin: event.admin.name, action: event.action, field: event.field,
      photo: event.photo?.upload.publicId ?? null, publicText: event.publicText ?? null, reason: event.reason })),
  }
}

function refused(message: string, field = 'action') {
  return new ComplaintError('refused', message, { [field]: message })
}

/** The public text of `field` after a redaction or a restoration (`text` null: the original again). */
function setPublicText(redaction: ComplaintRedaction, complaint: Complaint, target: RedactableField,
  text: string | null) {
  if (target === 'answer') {
    redaction.answer = text
    redaction.answerOf = text === null ? null : complaint.answeredAt!
  }
  else {
    redaction[target] = text
  }
}

/** Applies one redaction, restoration, hidden or shown photo, and records it, in one transaction. */
export async function applyRedaction(em: EntityManager, admin: User, trackingCode: string, body: unknown,
  now = new Date()): Promise<RedactionView> {
  const parsed = redactionInputSchema.safeParse(body)
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0] ?? 'action'),
      issue.message]))
    throw new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
  }
  const input = parsed.data
  await em.fork().transactional(async (tx) => {
    const complaint = await findComplaint(tx, admin, trackingCode, true)
    if (!isPublishable(complaint)) {
      throw refused('Pengaduan rahasia, anonim dan WBS tidak pernah tampil di publik; tidak ada yang perlu disunting.')
    }
    const entry = { at: now, complaint, admin: admin.id, action: input.action, reason: input.reason }
    if (input.action === 'hide' || input.action === 'show') {
      const shown = await tx.findOne(ComplaintPhotoSchema,
        { complaint: complaint.id, upload: { publicId: input.photo.toLowerCase() } })
      if (!shown) throw new ComplaintError('invalid-input', 'Foto tidak ditemukan.', { photo: 'Foto tidak ditemukan.' })
      if (shown.hidden === (input.action === 'hide')) {
        throw refused(input.action === 'hide' ? 'Foto ini sudah disembunyikan.' : 'Foto ini sudah tampil di publik.')
      }
      shown.hidden = input.action === 'hide'
      tx.create(ComplaintRedactionEventSchema, { ...entry, field: 'photo', photo: shown, publicText: null })
      await tx.flush()
      return
    }
    const original = input.field === 'answer' ? complaint.answer : complaint[input.field]
    if (!original) throw refused('Pengaduan ini belum dijawab; belum ada jawaban untuk disunting.', 'text')
    const redaction = await tx.findOne(ComplaintRedactionSchema, { complaint: complaint.id })
      ?? tx.create(ComplaintRedactionSchema, { complaint, title: null, description: null, answer: null,
        answerOf: null })
    if (input.action === 'restore') {
      if (redaction[input.field] == null) throw refused('Bagian ini tampil apa adanya; tidak ada yang dipulihkan.')
      setPublicText(redaction, complaint, input.field, null)
    }
    else {
      if ([...input.text].length > LONGEST[input.field]) {
        throw new ComplaintError('invalid-input', 'Teks terlalu panjang.',
          { text: `Paling banyak ${LONGEST[input.field].toLocaleString('id-ID')} huruf.` })
      }
      if (input.text === original) {
        throw new ComplaintError('invalid-input', 'Teks publik sama dengan aslinya.',
          { text: 'Teks publik sama dengan aslinya: hapus atau ganti bagian yang tidak boleh dibaca publik.' })
      }
      setPublicText(redaction, complaint, input.field, input.text)
    }
    tx.create(ComplaintRedactionEventSchema, { ...entry, field: input.field,
      publicText: input.action === 'redact' ? input.text : null, photo: null })
    await tx.flush()
  })
  return redactionOf(em.fork(), admin, trackingCode)
}
