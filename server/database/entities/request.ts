import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { REQUEST_STATES, ROLES } from '../../requests/state-machine'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { ServiceSchema } from './service'
import { UploadSchema } from './upload'
import { UserSchema } from './user'

/**
 * An answer as stored: text, a number or a yes/no as typed and checked; a NIK only sealed (server/requests/
 * personal-data.ts), never in clear.
 */
export type StoredAnswer = string | number | boolean | { sealed: string }
export type StoredAnswers = Record<string, StoredAnswer>

/**
 * A permohonan: one citizen's application for one layanan, handled by one OPD (the service's own at first; a
 * forward moves it). `dueDate` is null when the service has no jangka waktu. The SLA clock stops while the request
 * waits for the citizen's fix: `clockPausedAt` says since when, and `pausedWorkingDays` how long it stood still so
 * far; each resume moves `dueDate` on by the days it stood still.
 */
export const RequestSchema = defineEntity({
  name: 'Request',
  tableName: 'request',
  extends: BaseSchema,
  uniques: [{ properties: ['applicant', 'idempotencyKey'] }],
  properties: {
    trackingCode: p.string().length(18).unique(),
    service: () => p.manyToOne(ServiceSchema),
    /** The published version of the service the request was filed against (service_version.version). */
    serviceVersion: p.integer(),
    agency: () => p.manyToOne(AgencySchema),
    applicant: () => p.manyToOne(UserSchema),
    assignee: () => p.manyToOne(UserSchema).nullable(),
    status: p.enum(REQUEST_STATES),
    answers: p.json<StoredAnswers>(),
    submittedAt: p.datetime(),
    dueDate: p.string().columnType('date').nullable(),
    clockPausedAt: p.datetime().nullable(),
    pausedWorkingDays: p.integer().default(0),
    outputDocument: () => p.manyToOne(UploadSchema).nullable(),
    idempotencyKey: p.string().length(100),
  },
})

/** The upload given for one persyaratan of a request; a fix replaces it. */
export const RequestDocumentSchema = defineEntity({
  name: 'RequestDocument',
  tableName: 'request_document',
  extends: BaseSchema,
  uniques: [{ properties: ['request', 'requirementKey'] }],
  properties: {
    request: () => p.manyToOne(RequestSchema),
    requirementKey: p.string().length(60),
    upload: () => p.manyToOne(UploadSchema),
  },
})

export const TIMELINE_ACTIONS = ['submit', 'verify', 'start_processing', 'request_fix', 'resubmit', 'complete',
  'reject', 'forward', 'assign', 'add_note'] as const
export type TimelineAction = typeof TIMELINE_ACTIONS[number]

/**
 * One step of a request's timeline. Append-only: PostgreSQL refuses UPDATE and DELETE on the table (migration
 * Migration20261204220000Requests), since the issue asks that nothing in a timeline is ever changed. The actor's
 * name is copied in, so the timeline still says who acted after an account is renamed.
 */
export const RequestEventSchema = defineEntity({
  name: 'RequestEvent',
  tableName: 'request_event',
  indexes: [{ properties: ['request', 'at'] }],
  properties: {
    id: p.integer().primary(),
    request: () => p.manyToOne(RequestSchema),
    at: p.datetime(),
    actor: () => p.manyToOne(UserSchema),
    actorRole: p.enum(ROLES),
    actorName: p.string().length(120),
    action: p.enum(TIMELINE_ACTIONS),
    fromStatus: p.enum(REQUEST_STATES).nullable(),
    toStatus: p.enum(REQUEST_STATES),
    note: p.text().nullable(),
    internal: p.boolean(),
    /** What else the step carried: the OPDs of a forward, the assigned officer, the output document. */
    detail: p.json<Record<string, string>>().nullable(),
  },
})

/**
 * A request not sent yet: what the citizen has typed and uploaded so far, one per citizen and service, so that
 * "Permohonan saya" offers to resume it. NIK answers are sealed here too. Submitting removes it. With `request`
 * set it is the unsent fix of that request instead (one per request): the documents uploaded again so far.
 * Uniqueness is two partial indexes (migration Migration20261204233000FixDrafts).
 */
export const RequestDraftSchema = defineEntity({
  name: 'RequestDraft',
  tableName: 'request_draft',
  extends: BaseSchema,
  properties: {
    applicant: () => p.manyToOne(UserSchema),
    service: () => p.manyToOne(ServiceSchema),
    request: () => p.manyToOne(RequestSchema).nullable(),
    answers: p.json<StoredAnswers>(),
    /** Requirement key → upload public id. */
    documents: p.json<Record<string, string>>(),
    /** The page the citizen left on (questions, documents, check), to resume there. */
    step: p.string().length(40),
  },
})

export type Request = InferEntity<typeof RequestSchema>
export type RequestDocument = InferEntity<typeof RequestDocumentSchema>
export type RequestEvent = InferEntity<typeof RequestEventSchema>
export type RequestDraft = InferEntity<typeof RequestDraftSchema>
