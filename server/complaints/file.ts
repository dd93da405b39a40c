/**
 * Filing a pengaduan (issue 4): checked whole before anything is written (a bad field changes nothing), routed
 * (routing.ts), and stored with its first timeline steps and e-mails in one transaction. A reporter without an
 * account receives a PIN, shown once; only its hash is kept, and a sealed copy for a day so that a retried post
 * (the same Idempotency-Key and the same complaint) can show it again. A key sent again with another complaint is
 * refused, so a key cannot be used to learn someone else's code.
 */
import { createHash, randomInt } from 'node:crypto'
import { UniqueConstraintViolationException } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { hashPassword } from '../accounts/password-hash'
import { CategorySchema } from '../database/entities/category'
import {
  COMPLAINT_CHANNELS, COMPLAINT_PRIVACY, ComplaintEventSchema, ComplaintPhotoSchema, ComplaintSchema, type Complaint,
} from '../database/entities/complaint'
import { ComplaintTypeSchema } from '../database/entities/complaint-type'
import { KecamatanSchema } from '../database/entities/kecamatan'
import { ServiceSchema } from '../database/entities/service'
import { UploadSchema } from '../database/entities/upload'
import type { User } from '../database/entities/user'
import { sqlExecutor } from '../database/sql'
import { open, seal } from '../requests/personal-data'
import { COMPLAINT_CODE_PREFIX, generateTrackingCode } from '../requests/tracking-code'
import { todayInJakarta } from '../requests/working-days'
import { logger } from '../utils/logger'
import { deadlineOnEntering } from './deadlines'
import { ComplaintError } from './errors'
import { routeComplaint } from './routing'
import type { ComplaintState } from './state-machine'

export const MAX_PHOTOS = 3
const PIN_LENGTH = 8
/** How long a retried filing may show the PIN again. */
const PIN_REPLAY_MS = 24 * 60 * 60 * 1000
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{8,100}$/
/** Kabupaten Tanggamus with a margin: a map point outside it is a slip of the finger. */
const TANGGAMUS = { south: -6.0, north: -4.9, west: 104.2, east: 105.2 }
const PHOTO_TYPES = ['image/jpeg', 'image/png']

// Counted as a reader counts characters (an emoji is one), without control characters.
// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim()
const text = (min: number, max: number, messages: { empty: string, long: string }) =>
  z.string({ message: messages.empty }).transform(clean)
    .refine(value => [...value].length >= min, { message: messages.empty })
    .refine(value => [...value].length <= max, { message: messages.long })
const optionalText = (max: number, long: string) => z.string().transform(clean)
  .refine(value => [...value].length <= max, { message: long }).optional()

export const complaintInputSchema = z.object({
  channel: z.enum(COMPLAINT_CHANNELS).default('umum'),
  title: text(5, 200, { empty: 'Tuliskan judul pengaduan, paling sedikit 5 huruf.',
    long: 'Judul paling banyak 200 huruf.' }),
  description: text(20, 4000, { empty: 'Ceritakan apa yang terjadi, paling sedikit 20 huruf.',
    long: 'Uraian paling banyak 4.000 huruf.' }),
  kecamatan: z.string({ message: 'Pilih kecamatan tempat kejadian.' }).min(1, 'Pilih kecamatan tempat kejadian.')
    .max(80),
  village: optionalText(120, 'Nama pekon atau kelurahan paling banyak 120 huruf.'),
  address: optionalText(300, 'Alamat paling banyak 300 huruf.'),
  location: z.object({ lat: z.coerce.number(), long: z.coerce.number() }, { message: 'Titik peta tidak terbaca.' })
    .refine(({ lat, long }) => lat >= TANGGAMUS.south && lat <= TANGGAMUS.north && long >= TANGGAMUS.west
      && long <= TANGGAMUS.east, { message: 'Titik peta berada di luar Kabupaten Tanggamus.' }).optional(),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Tulis tanggal kejadian yang ada di kalender.').optional(),
  service: z.string().max(80).optional(),
  category: z.string().regex(/^\d{2}\.\d{2}$/, 'Pilih kategori dari daftar.').optional(),
  privacy: z.enum(COMPLAINT_PRIVACY, { message: 'Pilih biasa, rahasia, atau anonim.' }),
  photos: z.array(z.string().uuid('Foto tidak ditemukan; unggah lagi.'))
    .max(MAX_PHOTOS, `Paling banyak ${MAX_PHOTOS} foto.`).default([]),
  email: z.string().trim().max(254).email('Tulis alamat e-mail yang benar, contoh: nama@contoh.id').optional()
    .or(z.literal('').transform(() => undefined)),
})
export type ComplaintInput = z.input<typeof complaintInputSchema>

export interface FileComplaintInput {
  reporter: User | null
  complaint: unknown
  idempotencyKey: string
  /** The complaint type an Open311 client filed it under (its service_code); kept so the API can show it. */
  complaintTypeId?: number
  /**
   * The photos of the reporter's pengaduan draft (server/complaints/drafts.ts), by public id: these may be attached
   * whoever owns them (a reporter without an account owns none). Any other photo must be the reporter's own upload
   * (for a reporter without an account: one sent without an account).
   */
  draftPhotos?: readonly string[]
  /** False when the reporter turned the suggestions down ("let Diskominfo decide"): see routing.ts. */
  bySuggestion?: boolean
  /**
   * Runs once the complaint is found valid and new, before it is stored: the filing limit (limits.ts) counts here,
   * so that refused input and retries of a filed complaint never use up a reporter's allowance.
   */
  beforeCreate?: () => Promise<void>
  now?: Date
}

export interface FiledComplaint {
  trackingCode: string
  /** Only for a reporter without an account, and only on the filing (or its retry within a day). */
  pin?: string
  status: ComplaintState
  dueDate: string | null
  created: boolean
}

export async function fileComplaint(em: EntityManager, input: FileComplaintInput,
  synonyms: Map<string, string[]>): Promise<FiledComplaint> {
  const now = input.now ?? new Date()
  const key = typeof input.idempotencyKey === 'string' ? input.idempotencyKey.trim() : ''
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ComplaintError('invalid-input', 'Pengaduan tidak dapat dikirim; muat ulang halaman lalu coba lagi.',
      { idempotencyKey: 'Kunci idempotensi harus 8 sampai 100 karakter tanpa spasi.' })
  }
  const parsed = complaintInputSchema.safeParse(input.complaint)
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0] ?? 'pengaduan'),
      issue.message]))
    throw new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
  }
  const data = parsed.data
  // Whistleblowing is never published, whatever the client sent (issue 4: "always confidential").
  if (data.channel === 'wbs' && data.privacy === 'biasa') data.privacy = 'rahasia'
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([input.reporter?.id ?? null, data, ...input.complaintTypeId ? [input.complaintTypeId] : []]))
    .digest('hex')
  const earlier = await filedWithKey(em, key, fingerprint, now)
  if (earlier) return earlier

  const { kecamatan, service, category, photos } = await resolveReferences(em, data, input.reporter, now,
    input.draftPhotos ?? [])
  const complaintType = input.complaintTypeId
    ? await em.findOneOrFail(ComplaintTypeSchema, input.complaintTypeId, { populate: ['service'] })
    : null
  await input.beforeCreate?.()
  const route = await routeComplaint(em, sqlExecutor(em), synonyms, { channel: data.channel,
    service: service ?? complaintType?.service ?? null, category, complaintType,
    text: `${data.title}\n${data.description}`, bySuggestion: input.bySuggestion })
  const pin = input.reporter ? undefined : newPin()
  const pinHash = pin ? await hashPassword(pin) : null
  const status: ComplaintState = route.agency ? 'didisposisikan' : 'diterima'
  const deadline = deadlineOnEntering(status, now)

  for (let attempt = 1; ; attempt++) {
    try {
      return await em.fork().transactional(async (tx) => {
        const complaint = tx.create(ComplaintSchema, {
          trackingCode: generateTrackingCode(COMPLAINT_CODE_PREFIX), channel: data.channel,
          reporter: input.reporter?.id ?? null, pinHash, pinSealed: pin ? seal(pin, `pin:${key}`) : null,
          contactEmail: data.email ?? null, title: data.title, description: data.description, kecamatan,
          village: data.village || null, address: data.address || null, latitude: data.location?.lat ?? null,
          longitude: data.location?.long ?? null, occurredOn: data.occurredOn ?? null, service: route.service,
          serviceVersion: route.service?.version ?? null,
          category: route.category, agency: route.agency, privacy: data.privacy, status, routedBy: route.routedBy,
          mergedInto: null, dueDate: deadline?.due ?? null, dueKind: deadline?.kind ?? null, answer: null,
          answeredAt: null, objectedAt: null, rating: null, ratingComment: null, idempotencyKey: key, fingerprint,
          complaintType: input.complaintTypeId ?? null, createdAt: now, updatedAt: now,
        })
        for (const upload of photos) tx.create(ComplaintPhotoSchema, { complaint, upload, hidden: false })
        tx.create(ComplaintEventSchema, { complaint, at: now, actor: input.reporter?.id ?? null,
          actorRole: 'reporter', actorName: reporterName(input.reporter, data.privacy), action: 'file',
          fromStatus: null, toStatus: 'diterima', note: null, internal: false, detail: null })
        if (route.agency) {
          tx.create(ComplaintEventSchema, { complaint, at: now, actor: null, actorRole: 'system',
            actorName: 'Sistem MPP Digital', action: 'dispose', fromStatus: 'diterima', toStatus: status,
            note: null, internal: false, detail: { toAgency: route.agency.slug, routedBy: route.routedBy } })
        }
        await tx.flush()
        logger.info({ complaint: complaint.id, channel: data.channel, routedBy: route.routedBy,
          agency: route.agency?.slug ?? null }, 'pengaduan filed')
        return { ...summary(complaint, true), ...(pin ? { pin } : {}) }
      })
    }
    catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error
      const constraint = (error as { constraint?: string }).constraint ?? ''
      if (constraint.includes('idempotency_key')) {
        const winner = await filedWithKey(em, key, fingerprint, now)
        if (winner) return winner
      }
      if (!constraint.includes('tracking_code') || attempt >= 5) throw error
    }
  }
}

/** The kecamatan, service, category and photos a complaint names; every one that is not there is a field error. */
export async function resolveReferences(em: EntityManager, data: z.output<typeof complaintInputSchema>,
  reporter: User | null, now: Date, draftPhotos: readonly string[] = []) {
  const errors: Record<string, string> = {}
  const wanted = data.kecamatan.trim().toLowerCase()
  const kecamatan = (await em.find(KecamatanSchema, {})).find(row =>
    [row.name.toLowerCase(), row.slug, row.code.toLowerCase()].includes(wanted)) ?? null
  if (!kecamatan) errors.kecamatan = 'Pilih kecamatan di Kabupaten Tanggamus dari daftar.'
  const service = data.service ? await em.findOne(ServiceSchema, { slug: data.service, status: 'published' }) : null
  if (data.service && !service) errors.service = 'Layanan itu tidak ada di katalog; pilih dari daftar.'
  const category = data.category ? await em.findOne(CategorySchema, { code: data.category }) : null
  if (data.category && !category) errors.category = 'Pilih kategori dari daftar.'
  if (data.occurredOn && (Number.isNaN(Date.parse(data.occurredOn)) || data.occurredOn > todayInJakarta(now))) {
    errors.occurredOn = 'Tanggal kejadian tidak boleh lewat dari hari ini.'
  }
  // A reporter without an account attaches photos sent without one (POST /api/v1/uploads, owned by nobody, known
  // only by their random id) and not yet part of another complaint.
  const mayAttach = [...(reporter ? [{ owner: reporter.id }] : [{ owner: null }]),
    ...(draftPhotos.length ? [{ publicId: { $in: [...draftPhotos] } }] : [])]
  const photos = data.photos.length && mayAttach.length
    ? await em.find(UploadSchema, { publicId: { $in: data.photos }, $or: mayAttach })
    : []
  const taken = photos.length
    ? await em.count(ComplaintPhotoSchema, { upload: { $in: photos.map(photo => photo.id) } })
    : 0
  if (photos.length !== data.photos.length || taken) errors.photos = 'Foto tidak ditemukan; unggah lagi.'
  else if (photos.some(photo => !PHOTO_TYPES.includes(photo.contentType))) {
    errors.photos = 'Foto harus berupa gambar JPG atau PNG.'
  }
  if (Object.keys(errors).length) throw new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
  return { kecamatan: kecamatan!, service, category, photos }
}

/** The complaint this key already filed: the same one again (its PIN within a day), or a refusal for another. */
async function filedWithKey(em: EntityManager, key: string, fingerprint: string, now: Date) {
  const complaint = await em.fork().findOne(ComplaintSchema, { idempotencyKey: key })
  if (!complaint) return null
  if (complaint.fingerprint !== fingerprint) {
    throw new ComplaintError('conflict',
      'Kunci idempotensi ini sudah dipakai untuk pengaduan lain; muat ulang halaman.')
  }
  const fresh = complaint.pinSealed && now.getTime() - complaint.createdAt.getTime() < PIN_REPLAY_MS
  return { ...summary(complaint, false), ...(fresh ? { pin: open(complaint.pinSealed!, `pin:${key}`) } : {}) }
}

function summary(complaint: Complaint, created: boolean): FiledComplaint {
  return { trackingCode: complaint.trackingCode, status: complaint.status, dueDate: complaint.dueDate ?? null,
    created }
}

function newPin(): string {
  return Array.from({ length: PIN_LENGTH }, () => String(randomInt(10))).join('')
}

/** The name a timeline shows for the reporter; an anonim complaint names nobody, to anyone. */
export function reporterName(reporter: User | null, privacy: typeof COMPLAINT_PRIVACY[number]): string {
  if (privacy === 'anonim' || !reporter) return 'Pelapor'
  return reporter.name.slice(0, 120)
}
