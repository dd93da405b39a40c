/**
 * An action on a pengaduan by its reporter, the OPD handling it or a Diskominfo admin: asked of the state machine,
 * then the state, the OPD, the running deadline, the timeline and the e-mails change in one transaction with the
 * row locked, so two people acting at once take turns.
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { changedFields, recordAudit } from '../audit'
import { AgencySchema } from '../database/entities/agency'
import { ComplaintEventSchema, ComplaintSchema, type Complaint } from '../database/entities/complaint'
import { UserSchema } from '../database/entities/user'
import { enqueueEmail } from '../outbox'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { logger } from '../utils/logger'
import { deadlineOnEntering } from './deadlines'
import { COMPLAINT_NOT_FOUND, ComplaintError } from './errors'
import { reporterName } from './file'
import {
  COMPLAINT_ACTIONS, decideComplaint, type ComplaintAction, type ComplaintActionInput, type ComplaintState,
} from './state-machine'
import { complaintAccess, type ComplaintAsker } from './view'

export interface ActOnComplaintInput {
  trackingCode: string
  asker: ComplaintAsker
  action: string
  input?: ComplaintActionInput
  /** The rating's comment. */
  comment?: string
  now?: Date
}

export interface ComplaintActionResult {
  trackingCode: string
  status: ComplaintState
  dueDate: string | null
  agency: string | null
}

export async function actOnComplaint(em: EntityManager, command: ActOnComplaintInput):
Promise<ComplaintActionResult> {
  const now = command.now ?? new Date()
  if (!(COMPLAINT_ACTIONS as readonly string[]).includes(command.action) || command.action === 'close') {
    throw new ComplaintError('invalid-input', 'Tindakan ini tidak dikenal.', { action: 'Pilih tindakan yang ada.' })
  }
  const action = command.action as ComplaintAction
  const code = normaliseTrackingCode(command.trackingCode, COMPLAINT_CODE_PREFIX)
  if (!code) throw new ComplaintError('not-found', COMPLAINT_NOT_FOUND)

  return em.fork().transactional(async (tx) => {
    await tx.findOne(ComplaintSchema, { trackingCode: code }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    const access = await complaintAccess(tx, code, command.asker, now)
    if (!access) throw new ComplaintError('not-found', COMPLAINT_NOT_FOUND)
    const { complaint, role, standing, user, readOnly } = access
    if (readOnly) {
      throw new ComplaintError('refused', 'Pengaduan WBS hanya dibaca oleh admin; Inspektorat yang menindaklanjuti.',
        {}, 'role')
    }
    const input = command.input ?? {}
    const decision = decideComplaint({ state: complaint.status, action, role, agency: complaint.agency?.slug ?? null,
      ...standing, input })
    if (!decision.ok) {
      const kind = decision.code === 'input' ? 'invalid-input' : 'refused'
      throw new ComplaintError(kind, decision.reason, kind === 'invalid-input' ? { note: decision.reason } : {},
        decision.code)
    }
    const from = complaint.status
    const was = auditedFields(complaint)
    const detail: Record<string, string> = {}

    if (action === 'dispose' || action === 'forward') {
      const target = await tx.findOne(AgencySchema, { slug: input.toAgency!.trim() })
      if (!target) throw inputError('toAgency', 'OPD tujuan tidak ditemukan; pilih dari daftar.')
      if (complaint.agency) detail.fromAgency = complaint.agency.slug
      detail.toAgency = target.slug
      complaint.agency = target
    }
    if (action === 'return_to_verification') {
      detail.fromAgency = complaint.agency!.slug
      complaint.agency = null
    }
    if (action === 'merge') {
      const intoCode = normaliseTrackingCode(input.mergeInto!, COMPLAINT_CODE_PREFIX)
      const into = intoCode ? await tx.findOne(ComplaintSchema, { trackingCode: intoCode }) : null
      if (!into || into.id === complaint.id || ['spam', 'digabung'].includes(into.status)) {
        throw inputError('mergeInto', 'Pengaduan tujuan tidak ditemukan; tulis kode pengaduan yang masih berjalan.')
      }
      complaint.mergedInto = into
      detail.mergeInto = into.trackingCode
    }
    if (action === 'answer') {
      complaint.answer = decision.note
      complaint.answeredAt = now
    }
    if (action === 'object') complaint.objectedAt = now
    if (action === 'rate') {
      complaint.rating = Number(input.score)
      complaint.ratingComment = command.comment?.trim().slice(0, 2000) || null
    }

    const to = decision.to
    if (to !== from || action === 'forward') {
      const deadline = deadlineOnEntering(to, now)
      complaint.dueDate = deadline?.due ?? null
      complaint.dueKind = deadline?.kind ?? null
    }
    complaint.status = to
    complaint.updatedAt = now
    tx.create(ComplaintEventSchema, { complaint, at: now, actor: user?.id ?? null, actorRole: role,
      actorName: role === 'reporter' ? reporterName(user, complaint.privacy) : user!.name.slice(0, 120), action,
      fromStatus: from, toStatus: to, note: action === 'rate' ? `Nilai ${input.score}` : decision.note,
      internal: decision.internal, detail: Object.keys(detail).length ? detail : null })
    await tx.flush()
    await notify(tx, complaint, action, now)
    // Staff's actions only: the reporter's objection and rating are the citizen's; close is the deadline task's.
    if (role !== 'reporter' && action !== 'object' && action !== 'rate' && action !== 'close') {
      await recordAudit(tx, { actor: user!, action: `complaint.${action}`, entityType: 'complaint',
        entityId: complaint.trackingCode, ...changedFields(was, auditedFields(complaint), ['status']), at: now })
    }
    logger.info({ complaint: complaint.id, action, from, to, role }, 'pengaduan action')
    return { trackingCode: complaint.trackingCode, status: complaint.status, dueDate: complaint.dueDate ?? null,
      agency: complaint.agency?.slug ?? null }
  })
}

/**
 * What the audit trail keeps of a complaint (server/audit/): its state, the OPD holding it and its deadline, never
 * the reporter, the complaint's text or the answer.
 */
function auditedFields(complaint: Complaint) {
  return { status: complaint.status, agency: complaint.agency?.slug ?? null, dueDate: complaint.dueDate ?? null,
    mergedInto: complaint.mergedInto?.trackingCode ?? null }
}

function inputError(field: string, message: string) {
  return new ComplaintError('invalid-input', message, { [field]: message }, 'input')
}

/**
 * The reporter hears of an answer (at their account's or the given address); the OPD's staff hear of a complaint
 * disposed, forwarded or reopened to them. The mail carries the code and the title only, never the reporter.
 */
async function notify(tx: EntityManager, complaint: Complaint, action: ComplaintAction, now: Date) {
  const subject = `Pengaduan ${complaint.trackingCode}`
  if (action === 'answer') {
    const to = complaint.reporter?.email ?? complaint.contactEmail
    if (to) {
      await enqueueEmail(tx, { to, subject: `${subject} sudah dijawab`, dedupeKey: `pengaduan:${complaint.id}:`
        + `jawaban:${now.getTime()}`, text: [`Pengaduan Anda "${complaint.title}" sudah dijawab oleh OPD.`,
        'Buka portal MPP Digital Kabupaten Tanggamus dan lacak kode pengaduan Anda untuk membaca jawabannya.']
        .join('\n') }, { now })
    }
  }
  if ((action === 'dispose' || action === 'forward' || action === 'object') && complaint.agency) {
    const staff = await tx.find(UserSchema, { agency: complaint.agency.id, role: { $in: ['officer', 'head'] },
      active: true }, { orderBy: { id: 'asc' } })
    for (const member of staff) {
      await enqueueEmail(tx, { to: member.email, subject: `${subject} perlu ditangani`,
        dedupeKey: `pengaduan:${complaint.id}:${action}:${now.getTime()}:${member.id}`,
        text: [`Pengaduan "${complaint.title}" menunggu jawaban ${complaint.agency.name}.`,
          `Batas jawaban: ${complaint.dueDate ?? '-'}.`, 'Buka kotak masuk petugas di portal MPP Digital.']
          .join('\n') }, { now })
    }
  }
}
