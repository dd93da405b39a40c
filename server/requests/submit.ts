/**
 * Sending a permohonan: the answers and documents are checked against the service's form, then the request, its
 * documents, the first timeline step and the e-mails are written in one transaction. The idempotency key makes a
 * double tap or a retried post give the one request the first attempt made (issue 3), also when both arrive at
 * once: the unique (applicant, key) constraint lets one insert win and the other returns the winner's request.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema } from '../database/entities/agency'
import { RequestDocumentSchema, RequestDraftSchema, RequestEventSchema, RequestSchema, type Request }
  from '../database/entities/request'
import { ServiceSchema } from '../database/entities/service'
import { UploadSchema } from '../database/entities/upload'
import { UserSchema, type User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { checkApplication } from './answers'
import { INVALID_APPLICATION, RequestError } from './errors'
import { notifySubmitted } from './notify'
import { generateTrackingCode } from './tracking-code'
import { addWorkingDays, DateOutsideCalendarError, todayInJakarta } from './working-days'

export interface SubmitRequestInput {
  applicant: User
  serviceSlug: string
  /** Question key → what was typed or chosen. */
  answers: Record<string, unknown>
  /** Requirement key → upload public id. */
  documents: Record<string, unknown>
  /** The client's Idempotency-Key: one per attempt to send, the same on every retry of it. */
  idempotencyKey: string
  now?: Date
}

export interface SubmittedRequest {
  trackingCode: string
  status: Request['status']
  dueDate: string | null
  submittedAt: Date
  /** False when the key had already sent this request: the route answers 200 instead of 201. */
  created: boolean
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{8,100}$/
/** A clash is about one in 3 × 10^6 per draw after ten years (tracking-code.ts); five draws never all clash. */
const TRACKING_CODE_ATTEMPTS = 5

export async function submitRequest(em: EntityManager, input: SubmitRequestInput): Promise<SubmittedRequest> {
  const now = input.now ?? new Date()
  const key = input.idempotencyKey?.trim() ?? ''
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new RequestError('invalid-input', 'Permohonan tidak dapat dikirim; muat ulang halaman lalu coba lagi.', {
      idempotencyKey: 'Kunci idempotensi harus 8 sampai 100 karakter tanpa spasi.',
    })
  }

  const earlier = await sentWithKey(em, input.applicant, key, input.serviceSlug)
  if (earlier) return earlier

  const service = await em.findOne(ServiceSchema, { slug: input.serviceSlug, status: 'published' },
    { populate: ['agency'] })
  if (!service?.form) throw new RequestError('not-found', 'Layanan ini tidak dapat diajukan secara daring.')
  const { errors, checked } = await checkApplication(em, service.form, input.applicant, input, now)
  if (Object.keys(errors).length) throw new RequestError('invalid-input', INVALID_APPLICATION, errors)
  const dueDate = dueDateFor(service.durationDays, now, service.slug)

  for (let attempt = 1; ; attempt++) {
    try {
      return await em.fork().transactional(async (tx) => {
        const applicant = await tx.findOneOrFail(UserSchema, input.applicant.id)
        const agency = await tx.findOneOrFail(AgencySchema, service.agency.id)
        const request = tx.create(RequestSchema, {
          trackingCode: generateTrackingCode(), service: service.id, serviceVersion: service.version, agency,
          applicant, assignee: null,
          status: 'diajukan', answers: checked.answers, submittedAt: now, dueDate, clockPausedAt: null,
          pausedWorkingDays: 0, outputDocument: null, idempotencyKey: key, createdAt: now, updatedAt: now,
        })
        for (const [requirementKey, upload] of checked.documents) {
          tx.create(RequestDocumentSchema, { request, requirementKey, upload: tx.getReference(UploadSchema, upload.id),
            createdAt: now, updatedAt: now })
        }
        tx.create(RequestEventSchema, { request, at: now, actor: applicant, actorRole: 'citizen',
          actorName: applicant.name, action: 'submit', fromStatus: null, toStatus: 'diajukan', note: null,
          internal: false, detail: null })
        await tx.flush()
        await tx.nativeDelete(RequestDraftSchema, { applicant: applicant.id, service: service.id, request: null })
        await notifySubmitted(tx, { request, service, applicant }, now)
        logger.info({ request: request.id, service: service.slug, agency: agency.slug }, 'permohonan submitted')
        return summary(request, true)
      })
    }
    catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error
      const constraint = (error as { constraint?: string }).constraint
      if (constraint === 'request_applicant_id_idempotency_key_unique') {
        const winner = await sentWithKey(em, input.applicant, key, input.serviceSlug)
        if (winner) return winner
      }
      if (constraint !== 'request_tracking_code_unique' || attempt >= TRACKING_CODE_ATTEMPTS) throw error
    }
  }
}

/** The request this applicant already sent with this key; a key reused for another service is a client bug. */
async function sentWithKey(em: EntityManager, applicant: User, key: string, serviceSlug: string) {
  const request = await em.fork().findOne(RequestSchema, { applicant: applicant.id, idempotencyKey: key },
    { populate: ['service'] })
  if (!request) return null
  if (request.service.slug !== serviceSlug) {
    throw new RequestError('conflict', 'Kunci idempotensi ini sudah dipakai untuk permohonan lain; muat ulang halaman.')
  }
  return summary(request, false)
}

function summary(request: Request, created: boolean): SubmittedRequest {
  return { trackingCode: request.trackingCode, status: request.status, dueDate: request.dueDate ?? null,
    submittedAt: request.submittedAt, created }
}

/**
 * Receipt day + jangka waktu in working days (working-days.ts), or null for a service without a jangka waktu. A
 * day beyond the holiday calendar must not stop a citizen from applying: the request is taken without a due date
 * and the error is logged, so that someone adds the year's SKB to holidays.json.
 */
export function dueDateFor(durationDays: number | null | undefined, now: Date, serviceSlug = ''): string | null {
  if (durationDays === null || durationDays === undefined) return null
  try {
    return addWorkingDays(todayInJakarta(now), durationDays)
  }
  catch (error) {
    if (!(error instanceof DateOutsideCalendarError)) throw error
    logger.error({ service: serviceSlug, date: error.date }, 'due date outside the holiday calendar')
    return null
  }
}
