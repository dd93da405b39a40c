/**
 * Reading permohonan: a citizen's own list, one request for someone allowed to see it, and the public tracking
 * answer that carries nothing personal.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { RequestDocumentSchema, RequestEventSchema, RequestSchema, type Request, type StoredAnswer }
  from '../database/entities/request'
import { UserSchema, type User } from '../database/entities/user'
import type { FormQuestion } from '../catalogue/form-schema'
import { formFiledAgainst } from '../catalogue/versions'
import { canView, mayReadNik, standingOf } from './access'
import { recordStaffView, staffViewCount } from './audit'
import { maskNik } from './nik'
import { openAnswer } from './personal-data'
import { availableActions, isTerminal, pausesClock, type RequestAction } from './state-machine'
import { normaliseTrackingCode } from './tracking-code'
import { todayInJakarta } from './working-days'

export interface RequestSummary {
  trackingCode: string
  service: { slug: string, name: string }
  status: Request['status']
  submittedAt: Date
  dueDate: string | null
  updatedAt: Date
}

export interface TimelineStep {
  at: Date
  action: string
  role: string
  actorName: string
  from: Request['status'] | null
  to: Request['status']
  note: string | null
  internal: boolean
  detail: Record<string, string> | null
}

export interface ShownAnswer {
  key: string
  label: string
  type: FormQuestion['type']
  value: string | number | boolean
  options?: { value: string, label: string }[]
}

export interface RequestView extends RequestSummary {
  agency: { slug: string, name: string }
  /** The published version of the service the request was filed against. */
  serviceVersion: number
  /** The SLA clock stands still: the request waits for the citizen's fix. */
  clockPaused: boolean
  /** Past its due date with the clock running, as the officer inbox counts it. */
  overdue: boolean
  applicant: { name: string, email: string } | null
  /** As asked in the version filed against; `options` of a choice question, so its label can be shown. */
  answers: ShownAnswer[]
  documents: { key: string, label: string, upload: { id: string, name: string, size: number, type: string } }[]
  outputDocumentId: string | null
  timeline: TimelineStep[]
  actions: RequestAction[]
  /** For admins only: how many times staff have looked at this request's personal data (server/requests/audit.ts). */
  staffViews?: number
}

export async function requestsOfApplicant(em: EntityManager, applicant: User): Promise<RequestSummary[]> {
  const requests = await em.find(RequestSchema, { applicant: applicant.id }, {
    populate: ['service'], orderBy: { submittedAt: 'desc', id: 'desc' },
  })
  return requests.map(summaryOf)
}

/**
 * The request for its applicant, the staff of its OPD or an admin; null for anyone else and for an unknown code
 * alike. Internal notes are left out for the applicant; a NIK is in clear for the handling OPD's officers only.
 * A staff member's view is recorded before anything is read (server/requests/audit.ts).
 */
export async function requestForViewer(em: EntityManager, trackingCode: string, viewer: User, now = new Date()):
Promise<RequestView | null> {
  const code = normaliseTrackingCode(trackingCode)
  if (!code) return null
  const request = await em.findOne(RequestSchema, { trackingCode: code },
    { populate: ['service', 'agency', 'applicant', 'outputDocument'] })
  const actor = await em.findOne(UserSchema, { id: viewer.id, active: true })
  if (!request || !actor || !canView(request, actor)) return null
  await recordStaffView(em, actor, request.id, 'request', now)

  const isStaff = actor.role !== 'citizen'
  const clearNik = mayReadNik(request, actor)
  const form = await formFiledAgainst(em, request)
  const [documents, events, staffViews] = await Promise.all([
    em.find(RequestDocumentSchema, { request: request.id }, { populate: ['upload'], orderBy: { id: 'asc' } }),
    em.find(RequestEventSchema, { request: request.id, ...(isStaff ? {} : { internal: false }) },
      { orderBy: { at: 'asc', id: 'asc' } }),
    actor.role === 'admin' ? staffViewCount(em, request.id) : undefined,
  ])

  return {
    ...summaryOf(request),
    agency: { slug: request.agency.slug, name: request.agency.name },
    serviceVersion: request.serviceVersion,
    clockPaused: request.clockPausedAt !== null && request.clockPausedAt !== undefined,
    overdue: Boolean(request.dueDate) && request.dueDate! < todayInJakarta(now) && !pausesClock(request.status)
      && !isTerminal(request.status),
    applicant: isStaff ? { name: request.applicant.name, email: request.applicant.email } : null,
    answers: (form?.questions ?? []).filter(question => Object.hasOwn(request.answers, question.key)).map(question => ({
      key: question.key, label: question.label, type: question.type,
      value: shownAnswer(question.key, request.answers[question.key]!, clearNik),
      ...(question.options ? { options: question.options } : {}),
    })),
    documents: documents.map(doc => ({
      key: doc.requirementKey,
      label: form?.documents.find(candidate => candidate.key === doc.requirementKey)?.label ?? doc.requirementKey,
      upload: { id: doc.upload.publicId, name: doc.upload.fileName, size: doc.upload.size,
        type: doc.upload.contentType },
    })),
    outputDocumentId: request.outputDocument?.publicId ?? null,
    timeline: events.map(event => ({ at: event.at, action: event.action, role: event.actorRole,
      actorName: event.actorName, from: event.fromStatus ?? null, to: event.toStatus, note: event.note ?? null,
      internal: event.internal, detail: event.detail ?? null })),
    actions: availableActions(request.status, actor.role, standingOf(request, actor)),
    ...(staffViews === undefined ? {} : { staffViews }),
  }
}

export interface PublicTracking {
  trackingCode: string
  service: string
  status: Request['status']
  submittedAt: Date
  dueDate: string | null
  updatedAt: Date
}

/** What anyone may learn from a code (issue 3, `/lacak`): the service, the status and the dates; nothing personal. */
export async function trackPublic(em: EntityManager, trackingCode: string): Promise<PublicTracking | null> {
  const code = normaliseTrackingCode(trackingCode)
  if (!code) return null
  const request = await em.findOne(RequestSchema, { trackingCode: code }, { populate: ['service'] })
  if (!request) return null
  return { trackingCode: request.trackingCode, service: request.service.name, status: request.status,
    submittedAt: request.submittedAt, dueDate: request.dueDate ?? null, updatedAt: request.updatedAt }
}

function summaryOf(request: Request): RequestSummary {
  return { trackingCode: request.trackingCode, service: { slug: request.service.slug, name: request.service.name },
    status: request.status, submittedAt: request.submittedAt, dueDate: request.dueDate ?? null,
    updatedAt: request.updatedAt }
}

function shownAnswer(key: string, value: StoredAnswer | null, clearNik: boolean): string | number | boolean {
  // A stored null (a number too large for JSON, before answers were bounded) reads as no answer, not as a crash.
  if (value === null) return ''
  if (typeof value !== 'object') return value
  const nik = openAnswer(key, value)
  return clearNik ? nik : maskNik(nik)
}
