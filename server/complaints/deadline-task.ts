/**
 * The deadline pass (issue 4: "a scheduled task evaluates deadlines"), run by the Nitro task complaints:deadlines:
 *
 * - an answered complaint whose objection window has passed is closed as selesai by the system;
 * - a verification or an answer past its due day is late: the heads of the OPD handling it (Diskominfo's admins for
 *   the verification queue) get one e-mail per late deadline; the inboxes show it as late from its due date alone.
 *
 * Each complaint is handled in its own transaction with its row locked, so the pass can run on several nodes at
 * once, and again after a crash, without closing twice or sending twice (the outbox's dedupe key).
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { ComplaintEventSchema, ComplaintSchema, type Complaint } from '../database/entities/complaint'
import { UserSchema } from '../database/entities/user'
import { enqueueEmail } from '../outbox'
import { todayInJakarta } from '../requests/working-days'
import { logger } from '../utils/logger'
import { decideComplaint } from './state-machine'

export interface DeadlinePassResult {
  closed: number
  /** Late complaints whose notice went out in this pass (one per deadline, however often the pass runs). */
  lateNotices: number
}

export async function runDeadlinePass(em: EntityManager, now: Date = new Date()): Promise<DeadlinePassResult> {
  const today = todayInJakarta(now)
  const due = await em.fork().find(ComplaintSchema, { dueDate: { $lt: today },
    status: { $in: ['diterima', 'didisposisikan', 'dibuka_kembali', 'dijawab'] } }, { fields: ['id'], limit: 5000 })
  const result: DeadlinePassResult = { closed: 0, lateNotices: 0 }
  for (const { id } of due) {
    const outcome = await em.fork().transactional(async (tx) => {
      const complaint = await tx.findOne(ComplaintSchema, { id, dueDate: { $lt: today } },
        { lockMode: LockMode.PESSIMISTIC_WRITE })
      if (!complaint) return null
      await tx.populate(complaint, ['agency'])
      if (complaint.status === 'dijawab') return closeQuietly(tx, complaint, now)
      return noticeLate(tx, complaint, now)
    })
    if (outcome === 'closed') result.closed++
    if (outcome === 'noticed') result.lateNotices++
  }
  if (result.closed || result.lateNotices) logger.info({ ...result }, 'complaint deadlines evaluated')
  return result
}

async function closeQuietly(tx: EntityManager, complaint: Complaint, now: Date) {
  const decision = decideComplaint({ state: complaint.status, action: 'close', role: 'system',
    agency: complaint.agency?.slug ?? null, isReporter: false, isHandlingAgency: false, objected: false })
  if (!decision.ok) return null
  tx.create(ComplaintEventSchema, { complaint, at: now, actor: null, actorRole: 'system',
    actorName: 'Sistem MPP Digital', action: 'close', fromStatus: complaint.status, toStatus: decision.to,
    note: 'Ditutup otomatis: 10 hari kerja berlalu setelah jawaban tanpa keberatan.', internal: false, detail: null })
  complaint.status = decision.to
  complaint.dueDate = null
  complaint.dueKind = null
  complaint.updatedAt = now
  await tx.flush()
  return 'closed' as const
}

/** One e-mail per late deadline to whoever must act: the OPD's heads, or the admins for the verification queue. */
async function noticeLate(tx: EntityManager, complaint: Complaint, now: Date) {
  const recipients = await tx.find(UserSchema, complaint.agency
    ? { agency: complaint.agency.id, role: 'head', active: true }
    : { role: 'admin', active: true }, { orderBy: { id: 'asc' } })
  const what = complaint.dueKind === 'verifikasi' ? 'verifikasi dan disposisi' : 'jawaban'
  let sent = 0
  for (const recipient of recipients) {
    const { created } = await enqueueEmail(tx, {
      to: recipient.email,
      subject: `Pengaduan ${complaint.trackingCode} melewati batas ${what}`,
      text: [`Pengaduan "${complaint.title}" melewati batas ${what} (${complaint.dueDate}).`,
        complaint.agency ? `OPD yang menangani: ${complaint.agency.name}.` : 'Pengaduan ini menunggu verifikasi.',
        'Buka kotak masuk petugas di portal MPP Digital untuk menanganinya.'].join('\n'),
      dedupeKey: `pengaduan:${complaint.id}:terlambat:${complaint.dueKind}:${complaint.dueDate}:${recipient.id}`,
    }, { now })
    if (created) sent++
  }
  return sent ? 'noticed' as const : null
}
