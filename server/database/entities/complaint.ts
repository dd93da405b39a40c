import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { COMPLAINT_ACTIONS, COMPLAINT_ROLES, COMPLAINT_STATES } from '../../complaints/state-machine'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { CategorySchema } from './category'
import { ComplaintTypeSchema } from './complaint-type'
import { KecamatanSchema } from './kecamatan'
import { ServiceSchema } from './service'
import { UploadSchema } from './upload'
import { UserSchema } from './user'

export const COMPLAINT_CHANNELS = ['umum', 'wbs', 'aspirasi'] as const
export const COMPLAINT_PRIVACY = ['biasa', 'rahasia', 'anonim'] as const
/** How the complaint found its OPD: its service, its category, a confident suggestion, Diskominfo, its channel. */
export const COMPLAINT_ROUTES = ['layanan', 'kategori', 'saran', 'verifikasi', 'kanal'] as const
export const DEADLINE_KINDS = ['verifikasi', 'jawaban', 'penutupan'] as const

/**
 * A pengaduan. `agency` is the OPD handling it, null while it waits in Diskominfo's verification queue. A reporter
 * without an account has no `reporter`: the tracking code and a PIN (kept only as a hash; sealed for a day so that a
 * retried filing can show it again) are their key. `dueDate` is the one deadline running now (`dueKind`). The
 * reporter's identity, `contactEmail` and the place are personal data: never logged, and for an anonim complaint
 * shown to nobody at the OPD.
 */
export const ComplaintSchema = defineEntity({
  name: 'Complaint',
  tableName: 'complaint',
  extends: BaseSchema,
  properties: {
    trackingCode: p.string().length(18).unique(),
    channel: p.enum(COMPLAINT_CHANNELS),
    reporter: () => p.manyToOne(UserSchema).nullable(),
    pinHash: p.text().nullable(),
    pinSealed: p.text().nullable(),
    contactEmail: p.string().length(254).nullable(),
    title: p.string().length(200),
    description: p.text(),
    kecamatan: () => p.manyToOne(KecamatanSchema),
    village: p.string().length(120).nullable(),
    address: p.string().length(300).nullable(),
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    occurredOn: p.string().columnType('date').nullable(),
    service: () => p.manyToOne(ServiceSchema).nullable(),
    /** The published version of `service` when the complaint was filed; null without a service. */
    serviceVersion: p.integer().nullable(),
    category: () => p.manyToOne(CategorySchema).nullable(),
    agency: () => p.manyToOne(AgencySchema).nullable(),
    privacy: p.enum(COMPLAINT_PRIVACY),
    status: p.enum(COMPLAINT_STATES),
    routedBy: p.enum(COMPLAINT_ROUTES),
    mergedInto: () => p.manyToOne(ComplaintSchema).nullable(),
    dueDate: p.string().columnType('date').nullable(),
    dueKind: p.enum(DEADLINE_KINDS).nullable(),
    answer: p.text().nullable(),
    answeredAt: p.datetime().nullable(),
    objectedAt: p.datetime().nullable(),
    rating: p.smallint().nullable(),
    ratingComment: p.text().nullable(),
    idempotencyKey: p.string().length(100).unique(),
    /** sha256 of what was filed: a retried key must carry the same complaint. */
    fingerprint: p.string().length(64),
    /** The complaint type it was filed under through Open311 (its service_code); null otherwise. */
    complaintType: () => p.manyToOne(ComplaintTypeSchema).nullable(),
  },
})

export const ComplaintPhotoSchema = defineEntity({
  name: 'ComplaintPhoto',
  tableName: 'complaint_photo',
  extends: BaseSchema,
  properties: {
    complaint: () => p.manyToOne(ComplaintSchema),
    upload: () => p.manyToOne(UploadSchema),
    /** Hidden by an admin from the public page; the photo itself is kept. */
    hidden: p.boolean().default(false),
  },
})

export const COMPLAINT_EVENT_ACTIONS = ['file', ...COMPLAINT_ACTIONS] as const

/** One step of a complaint's timeline; append-only in PostgreSQL (migration Migration20261205110000Complaints). */
export const ComplaintEventSchema = defineEntity({
  name: 'ComplaintEvent',
  tableName: 'complaint_event',
  properties: {
    id: p.integer().primary(),
    complaint: () => p.manyToOne(ComplaintSchema),
    at: p.datetime(),
    /** Null for the system and for a reporter without an account. */
    actor: () => p.manyToOne(UserSchema).nullable(),
    actorRole: p.enum(COMPLAINT_ROLES),
    actorName: p.string().length(120),
    action: p.enum(COMPLAINT_EVENT_ACTIONS),
    fromStatus: p.enum(COMPLAINT_STATES).nullable(),
    toStatus: p.enum(COMPLAINT_STATES),
    note: p.text().nullable(),
    internal: p.boolean(),
    detail: p.json<Record<string, string>>().nullable(),
  },
})

export type Complaint = InferEntity<typeof ComplaintSchema>
export type ComplaintPhoto = InferEntity<typeof ComplaintPhotoSchema>
export type ComplaintEvent = InferEntity<typeof ComplaintEventSchema>
