/**
 * Open311 service requests: complaints as the specification shows them, and filing one for another system.
 *
 * What is shown: the state as open or closed, the OPD, the dates and the deadline, for every complaint but the
 * Inspektorat's whistleblowing (never listed) and spam. A biasa complaint also shows its text, place and the OPD's
 * answer, as the public reads them (redacted where an admin redacted them, complaints/public.ts) and, once it is
 * on /pengaduan, its first photo no admin hid as `media_url`; a rahasia or anonim one shows none of them, and no
 * complaint ever shows its reporter.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { ComplaintSchema, type Complaint } from '../database/entities/complaint'
import type { Open311Key } from '../database/entities/open311-key'
import { fileComplaint } from '../complaints/file'
import { ComplaintError } from '../complaints/errors'
import { complaintPhotoPath, publicVersions, type PublicVersion } from '../complaints/public'
import type { ComplaintState } from '../complaints/state-machine'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { Open311Error, isoDateTime } from './format'
import { activeType } from './services'

const OPEN: ComplaintState[] = ['diterima', 'didisposisikan', 'dibuka_kembali']
/** dijawab is closed for Open311: the OPD has answered; an objection reopens it, and it shows open again. */
const CLOSED: ComplaintState[] = ['dijawab', 'selesai', 'digabung']
export const MAX_RESULTS = 1000
const DEFAULT_DAYS = 90
const DAY_MS = 24 * 60 * 60 * 1000

const NOTES: Partial<Record<ComplaintState, string>> = {
  digabung: 'Digabung dengan pengaduan lain tentang hal yang sama.',
}

/** `shown`: what the public reads of it; `origin`: this portal's address, for `media_url`. */
export function toServiceRequest(complaint: Complaint, shown: PublicVersion, origin: string) {
  const open = complaint.privacy === 'biasa'
  const type = complaint.complaintType
  const note = open && (complaint.status === 'dijawab' || complaint.status === 'selesai')
    ? shown.answer
    : NOTES[complaint.status] ?? null
  const photo = open ? shown.photos[0] : undefined
  return {
    service_request_id: complaint.trackingCode,
    status: OPEN.includes(complaint.status) ? 'open' : 'closed',
    status_notes: note,
    service_name: type?.name ?? complaint.category?.name ?? null,
    service_code: type?.key ?? null,
    description: open ? shown.description : null,
    agency_responsible: complaint.agency?.name ?? null,
    service_notice: null,
    requested_datetime: isoDateTime(complaint.createdAt),
    updated_datetime: isoDateTime(complaint.updatedAt),
    // The last day in time, to its end in WIB (server/complaints/deadlines.ts).
    expected_datetime: complaint.dueDate ? `${complaint.dueDate}T23:59:59+07:00` : null,
    address: open ? [complaint.address, complaint.village, complaint.kecamatan.name].filter(Boolean).join(', ') : null,
    lat: open && complaint.latitude != null ? Number(complaint.latitude) : null,
    long: open && complaint.longitude != null ? Number(complaint.longitude) : null,
    media_url: photo ? `${origin}${complaintPhotoPath(complaint.trackingCode, photo)}` : null,
  }
}

async function asServiceRequests(em: EntityManager, complaints: Complaint[], origin: string) {
  const versions = await publicVersions(em, complaints)
  return complaints.map(complaint => toServiceRequest(complaint, versions.get(complaint.id)!, origin))
}

const isoDate = z.string().max(40).refine(value => !Number.isNaN(Date.parse(value)),
  'start_date dan end_date harus tanggal ISO 8601, contoh 2026-12-01T00:00:00+07:00.')
  .transform(value => new Date(value))

export const requestQuerySchema = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(80).optional(),
  start_date: isoDate.optional(),
  end_date: isoDate.optional(),
  status: z.string().max(20).optional()
    .refine(value => !value || value.split(',').every(part => ['open', 'closed'].includes(part.trim())),
      'status hanya open atau closed.'),
})

const POPULATE = ['agency', 'category', 'kecamatan', 'complaintType'] as const
const VISIBLE = { channel: { $ne: 'wbs' as const }, status: { $ne: 'spam' as const } }

/** The requests a query asks for: by id (which overrides the rest, as the specification says), else by filters. */
export async function findServiceRequests(em: EntityManager, query: unknown, origin: string, now = new Date()) {
  const parsed = requestQuerySchema.safeParse(query)
  if (!parsed.success) throw new Open311Error(400, parsed.error.issues[0]!.message)
  const { service_request_id: ids, service_code: code, start_date: start, end_date: end, status } = parsed.data
  if (ids) {
    const codes = ids.split(',').slice(0, MAX_RESULTS)
      .map(id => normaliseTrackingCode(id.trim(), COMPLAINT_CODE_PREFIX)).filter(Boolean) as string[]
    const rows = await em.find(ComplaintSchema, { ...VISIBLE, trackingCode: { $in: codes } },
      { populate: POPULATE, orderBy: { createdAt: 'desc', id: 'desc' } })
    return asServiceRequests(em, rows, origin)
  }
  const until = end ?? now
  const since = start ?? new Date(until.getTime() - DEFAULT_DAYS * DAY_MS)
  if (since > until) throw new Open311Error(400, 'start_date harus sebelum end_date.')
  const states = status ? status.split(',').flatMap(part => part.trim() === 'open' ? OPEN : CLOSED) : undefined
  const rows = await em.find(ComplaintSchema, {
    ...VISIBLE, createdAt: { $gte: since, $lte: until },
    ...(states ? { status: { $in: states } } : {}),
    ...(code ? { complaintType: { key: code } } : {}),
  }, { populate: POPULATE, orderBy: { createdAt: 'desc', id: 'desc' }, limit: MAX_RESULTS })
  return asServiceRequests(em, rows, origin)
}

export async function findServiceRequest(em: EntityManager, id: string, origin: string) {
  const code = normaliseTrackingCode(id, COMPLAINT_CODE_PREFIX)
  const complaint = code
    ? await em.findOne(ComplaintSchema, { ...VISIBLE, trackingCode: code }, { populate: POPULATE })
    : null
  if (!complaint) throw new Open311Error(404, 'service_request_id tidak ditemukan.')
  return asServiceRequests(em, [complaint], origin)
}

const optional = (max: number) => z.string().trim().max(max).optional().transform(value => value || undefined)

const postSchema = z.object({
  'service_code': z.string({ message: 'service_code wajib diisi.' }).trim().min(1, 'service_code wajib diisi.'),
  'lat': optional(30), 'long': optional(30), 'address_string': optional(300), 'address_id': optional(100),
  'email': optional(254), 'device_id': optional(100), 'account_id': optional(100), 'first_name': optional(60),
  'last_name': optional(60), 'phone': optional(30), 'description': optional(4000), 'media_url': optional(2000),
  'attribute[kecamatan]': optional(80), 'attribute[pekon]': optional(120), 'attribute[privacy]': optional(10),
  'attribute[idempotency_key]': optional(80),
})

/**
 * Files a complaint for the system holding `key`. The reporter has no account (the API client is not a citizen):
 * the complaint gets a PIN like any such filing, which is not sent over Open311. A remote `media_url` is never
 * fetched; a request with one is refused rather than filed without its photo.
 */
export async function postServiceRequest(em: EntityManager, key: Open311Key, body: unknown,
  synonyms: Map<string, string[]>) {
  const parsed = postSchema.safeParse(body ?? {})
  if (!parsed.success) throw new Open311Error(400, parsed.error.issues[0]!.message)
  const data = parsed.data
  if (data.media_url) {
    throw new Open311Error(400, 'media_url tidak diterima: portal ini tidak mengambil berkas dari alamat lain.')
  }
  const type = await activeType(em, data.service_code)
  const hasPoint = data.lat !== undefined || data.long !== undefined
  if (hasPoint && (data.lat === undefined || data.long === undefined)) {
    throw new Open311Error(400, 'lat dan long harus dikirim berdua.')
  }
  if (!hasPoint && !data.address_string) {
    throw new Open311Error(400, 'Lokasi wajib: kirim lat dan long, atau address_string.')
  }
  if (!data['attribute[kecamatan]']) throw new Open311Error(400, 'attribute[kecamatan] wajib diisi.')
  if (!data.description) throw new Open311Error(400, 'description wajib diisi.')
  const given = data['attribute[idempotency_key]']
  const idempotencyKey = `o311-${createHash('sha256').update(`${key.id}:${given ?? randomUUID()}`).digest('hex')}`
  try {
    const filed = await fileComplaint(em, { reporter: null, idempotencyKey, complaintTypeId: type.id,
      complaint: {
        title: type.name.length >= 5 ? type.name : `Pengaduan: ${type.name}`, description: data.description,
        kecamatan: data['attribute[kecamatan]'], village: data['attribute[pekon]'], address: data.address_string,
        location: hasPoint ? { lat: data.lat, long: data.long } : undefined,
        privacy: data['attribute[privacy]'] ?? 'biasa', email: data.email,
      } }, synonyms)
    return [{ service_request_id: filed.trackingCode,
      service_notice: filed.dueDate ? `Ditangani paling lambat ${filed.dueDate}.` : null, account_id: null }]
  }
  catch (error) {
    if (!(error instanceof ComplaintError)) throw error
    const detail = Object.entries(error.errors ?? {}).map(([field, message]) => `${field}: ${message}`).join(' ')
    throw new Open311Error(400, detail || error.message)
  }
}
