/**
 * The e-mails of a permohonan, written to the outbox in the transaction of the change (server/outbox/). Subjects
 * and bodies carry the tracking code, the service and the dates, never a NIK or a phone number: a mail may sit in
 * the outbox where admins read it.
 *
 * The OPD is told of each new request at its agency's `email`. The seeded OPDs have none (no source lists their
 * official addresses); for them the message goes to each active officer and head of the OPD at their account's
 * address instead, so that a new request is never known from the inbox alone.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import type { Agency } from '../database/entities/agency'
import type { Request } from '../database/entities/request'
import type { Service } from '../database/entities/service'
import { UserSchema, type User } from '../database/entities/user'
import { enqueueEmail } from '../outbox'
import { logger } from '../utils/logger'

const LONG_DATE = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export function formatDueDate(dueDate: string | null | undefined, forStaff = false): string {
  if (!dueDate) {
    return forStaff
      ? 'Layanan ini belum memiliki jangka waktu yang ditetapkan; kabari pemohon kapan permohonannya selesai.'
      : 'Layanan ini belum memiliki jangka waktu yang ditetapkan; petugas akan mengabari Anda.'
  }
  return `Perkiraan selesai: ${LONG_DATE.format(new Date(`${dueDate}T00:00:00Z`))}.`
}

interface Parties {
  request: Request
  service: Service
  applicant: User
}

export async function notifySubmitted(em: EntityManager, { request, service, applicant }: Parties, now: Date) {
  await enqueueEmail(em, {
    to: applicant.email,
    subject: `Permohonan ${service.name} diterima: ${request.trackingCode}`,
    text: [`Halo ${applicant.name},`, '',
      `Permohonan ${service.name} Anda sudah kami terima dengan kode lacak ${request.trackingCode}.`,
      formatDueDate(request.dueDate),
      'Simpan kode itu untuk melacak permohonan Anda di portal MPP Digital Kabupaten Tanggamus.'].join('\n'),
    dedupeKey: `permohonan:${request.id}:diajukan:warga`,
  }, { now })
  await notifyAgency(em, request, service, request.agency as Agency, 'diajukan', now)
}

/** Tells the OPD that now handles `request` of it: a new request, or one forwarded to it. */
export async function notifyAgency(em: EntityManager, request: Request, service: Service, agency: Agency,
  event: string, now: Date) {
  const recipients = agency.email
    ? [{ address: agency.email, key: agency.slug }]
    : (await em.find(UserSchema, { agency: agency.id, role: { $in: ['officer', 'head'] }, active: true },
        { orderBy: { id: 'asc' } })).map(staff => ({ address: staff.email, key: `${agency.slug}:${staff.id}` }))
  if (!recipients.length) {
    logger.warn({ agency: agency.slug, request: request.id }, 'OPD has no e-mail address and no staff; inbox only')
  }
  for (const recipient of recipients) {
    await enqueueEmail(em, {
      to: recipient.address,
      subject: `Permohonan baru ${service.name}: ${request.trackingCode}`,
      text: [`Ada permohonan ${service.name} untuk ${agency.name} dengan kode ${request.trackingCode}.`,
        formatDueDate(request.dueDate, true), 'Buka kotak masuk petugas di portal MPP Digital untuk menanganinya.']
        .join('\n'),
      dedupeKey: `permohonan:${request.id}:${event}:opd:${recipient.key}`,
    }, { now })
  }
}

const CITIZEN_NEWS = {
  request_fix: { subject: 'perlu perbaikan', line: 'Petugas meminta Anda memperbaiki atau melengkapi permohonan:' },
  complete: {
    subject: 'selesai', line: 'Permohonan Anda sudah selesai. Dokumen hasil layanan dapat diunduh di portal.',
  },
  reject: { subject: 'ditolak', line: 'Permohonan Anda ditolak dengan alasan:' },
} as const

export type CitizenNews = keyof typeof CITIZEN_NEWS

export async function notifyCitizen(em: EntityManager, { request, service, applicant }: Parties, news: CitizenNews,
  eventId: number, note: string | null, now: Date) {
  const { subject, line } = CITIZEN_NEWS[news]
  const text = [`Halo ${applicant.name},`, '',
    `Permohonan ${service.name} dengan kode ${request.trackingCode}: ${subject}.`,
    line, ...(note && news !== 'complete' ? [note] : []), '',
    'Buka "Permohonan saya" di portal MPP Digital Kabupaten Tanggamus untuk melihat rinciannya.']
  await enqueueEmail(em, {
    to: applicant.email,
    subject: `Permohonan ${request.trackingCode} ${subject}`,
    text: text.join('\n'),
    dedupeKey: `permohonan:${request.id}:event:${eventId}:warga`,
  }, { now })
}
