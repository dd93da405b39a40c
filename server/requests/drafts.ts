/**
 * Drafts: every step of the application flow saves what was typed so far, one draft per citizen and service, and
 * "Permohonan saya" offers to resume it. A draft is not checked (it may be half done); a NIK in it is sealed like
 * a sent answer. It is shown back only to its own citizen, NIK in clear, since it is their own unsent typing that
 * the form must show to be edited. submitRequest removes the draft of the service it sends.
 *
 * A fix draft (`request` set) holds the documents a citizen uploads again for a request waiting for a fix, until
 * the fix is sent (act.ts, resubmit).
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { ServiceForm } from '../catalogue/form-schema'
import { formFiledAgainst } from '../catalogue/versions'
import { RequestDraftSchema, RequestSchema, type Request, type RequestDraft, type StoredAnswers }
  from '../database/entities/request'
import { ServiceSchema, type Service } from '../database/entities/service'
import { UploadSchema } from '../database/entities/upload'
import type { User } from '../database/entities/user'
import { sqlExecutor } from '../database/sql'
import { describeUpload, receiveUpload, uploadMaxBytes, type UploadRequest } from '../uploads/receive'
import type { FileStorage } from '../uploads/storage'
import { ownValue } from './answers'
import { RequestError, requestNotFound } from './errors'
import { openAnswers, sealAnswer } from './personal-data'
import { normaliseTrackingCode } from './tracking-code'

const MAX_DRAFT_ANSWER = 2000
export const DRAFT_STEPS = ['isian', 'dokumen', 'periksa'] as const
export type DraftStep = typeof DRAFT_STEPS[number]

export interface DraftInput {
  applicant: User
  serviceSlug: string
  answers: Record<string, unknown>
  documents: Record<string, unknown>
  step: string
  now?: Date
}

export type UploadJson = ReturnType<typeof describeUpload>

export interface DraftView {
  service: { slug: string, name: string }
  answers: Record<string, string | number | boolean>
  /** Requirement key → upload public id. */
  documents: Record<string, string>
  /** Requirement key → the file given (name, size, type), for showing it. */
  files: Record<string, UploadJson>
  step: DraftStep
  updatedAt: Date
}

export async function saveDraft(em: EntityManager, input: DraftInput): Promise<DraftView> {
  const now = input.now ?? new Date()
  const service = await onlineService(em, input.serviceSlug)
  const answers = sealedAnswers(service.form!, input.answers)
  const documents: Record<string, string> = {}
  for (const doc of service.form!.documents) {
    const id = ownValue(input.documents, doc.key)
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) documents[doc.key] = id
  }
  const step = stepOf(input.step)

  // Two first saves at once (a double click): one inserts, the other finds its row on the second try.
  for (let attempt = 1; ; attempt++) {
    const fork = em.fork()
    const draft = await fork.findOne(RequestDraftSchema, { applicant: input.applicant.id, service: service.id,
      request: null })
    if (draft) fork.assign(draft, { answers, documents, step, updatedAt: now })
    else {
      fork.create(RequestDraftSchema, { applicant: input.applicant.id, service: service.id, request: null, answers,
        documents, step, createdAt: now, updatedAt: now })
    }
    try {
      await fork.flush()
      break
    }
    catch (error) {
      if (!(error instanceof UniqueConstraintViolationException) || attempt >= 2) throw error
    }
  }
  return { service: { slug: service.slug, name: service.name }, answers: openAnswers(answers), documents,
    files: await filesOf(em, input.applicant, documents), step, updatedAt: now }
}

/** The citizen's draft for this service, or null when there is none. */
export async function draftOf(em: EntityManager, applicant: User, serviceSlug: string): Promise<DraftView | null> {
  const draft = await em.findOne(RequestDraftSchema, { applicant: applicant.id, service: { slug: serviceSlug },
    request: null }, { populate: ['service'] })
  return draft ? viewOf(draft, await filesOf(em, applicant, draft.documents)) : null
}

export async function draftsOfApplicant(em: EntityManager, applicant: User): Promise<DraftView[]> {
  const drafts = await em.find(RequestDraftSchema, { applicant: applicant.id, request: null }, {
    populate: ['service'], orderBy: { updatedAt: 'desc' },
  })
  // A citizen has a few drafts at most: one small query each.
  return Promise.all(drafts.map(async draft => viewOf(draft, await filesOf(em, applicant, draft.documents))))
}

export async function discardDraft(em: EntityManager, applicant: User, serviceSlug: string): Promise<void> {
  const service = await em.findOne(ServiceSchema, { slug: serviceSlug })
  if (!service) return
  await em.nativeDelete(RequestDraftSchema, { applicant: applicant.id, service: service.id, request: null })
}

export interface AttachDocumentInput {
  applicant: User
  serviceSlug: string
  requirementKey: string
  /** The request body: multipart/form-data with the file in the field `file`. */
  body: UploadRequest
  storage: FileStorage
  now?: Date
}

/**
 * Receives a file for one persyaratan of a service's form and puts it in the citizen's draft (made when there is
 * none yet), replacing the file given before. The limit is the persyaratan's own; one atomic statement updates the
 * draft, so two files sent at once both stay.
 */
export async function attachDraftDocument(em: EntityManager, input: AttachDocumentInput) {
  const service = await onlineService(em, input.serviceSlug)
  const upload = await receiveFor(em, service.form!, input)
  const now = input.now ?? new Date()
  await sqlExecutor(em)(`insert into "request_draft" ("created_at", "updated_at", "applicant_id", "service_id",
      "answers", "documents", "step") values ($1, $1, $2, $3, '{}', jsonb_build_object($4::text, $5::text), 'dokumen')
    on conflict ("applicant_id", "service_id") where "request_id" is null do update
    set "documents" = "request_draft"."documents" || excluded."documents", "updated_at" = excluded."updated_at"`,
  [now, input.applicant.id, service.id, input.requirementKey, upload.publicId])
  return describeUpload(upload)
}

export interface FixDraftView {
  trackingCode: string
  /** Requirement key → the upload given again, not sent yet. */
  documents: Record<string, UploadJson>
}

/**
 * Receives a file given again for a request waiting for the citizen's fix; it is sent with the fix (resubmit).
 * Only the request's applicant may, and only while it waits for the fix.
 */
export async function attachFixDocument(em: EntityManager, trackingCode: string,
  input: Omit<AttachDocumentInput, 'serviceSlug'>) {
  const { request, form } = await fixableRequest(em, trackingCode, input.applicant)
  const upload = await receiveFor(em, form, input)
  const now = input.now ?? new Date()
  await sqlExecutor(em)(`insert into "request_draft" ("created_at", "updated_at", "applicant_id", "service_id",
      "request_id", "answers", "documents", "step")
    values ($1, $1, $2, $3, $4, '{}', jsonb_build_object($5::text, $6::text), 'perbaikan')
    on conflict ("request_id") do update
    set "documents" = "request_draft"."documents" || excluded."documents", "updated_at" = excluded."updated_at"`,
  [now, input.applicant.id, request.service.id, request.id, input.requirementKey, upload.publicId])
  return describeUpload(upload)
}

/** The documents given again so far for a fix of this request (its applicant only). */
export async function fixDraftOf(em: EntityManager, trackingCode: string, applicant: User): Promise<FixDraftView> {
  const { request } = await fixableRequest(em, trackingCode, applicant)
  const draft = await em.findOne(RequestDraftSchema, { request: request.id })
  const documents = await filesOf(em, applicant, draft?.documents ?? {})
  return { trackingCode: request.trackingCode, documents }
}

/** The citizen's request waiting for a fix, with the form of the service version it was filed against. */
async function fixableRequest(em: EntityManager, trackingCode: string, applicant: User):
Promise<{ request: Request, form: ServiceForm }> {
  const code = normaliseTrackingCode(trackingCode)
  const request = code
    ? await em.findOne(RequestSchema, { trackingCode: code, applicant: applicant.id }, { populate: ['service'] })
    : null
  const form = request ? await formFiledAgainst(em, request) : null
  if (!request || !form) throw requestNotFound()
  if (request.status !== 'perlu_perbaikan') {
    throw new RequestError('refused', 'Permohonan ini tidak sedang menunggu perbaikan.')
  }
  return { request, form }
}

async function receiveFor(em: EntityManager, form: ServiceForm, input: Omit<AttachDocumentInput, 'serviceSlug'>) {
  const doc = form.documents.find(candidate => candidate.key === input.requirementKey)
  if (!doc) throw new RequestError('not-found', 'Persyaratan ini tidak ada pada formulir layanan.')
  const upload = await receiveUpload(input.body, { em, storage: input.storage, ownerId: input.applicant.id,
    maxBytes: Math.min(doc.maxBytes, uploadMaxBytes()) })
  if (!(doc.accept as string[]).includes(upload.contentType)) {
    const message = `Berkas untuk ${doc.label.toLowerCase()} harus ${doc.accept.includes('application/pdf')
      ? 'PDF'
      : 'gambar JPG atau PNG'}.`
    throw new RequestError('invalid-input', message, { [doc.key]: message })
  }
  return upload
}

async function onlineService(em: EntityManager, slug: string): Promise<Service> {
  const service = await em.findOne(ServiceSchema, { slug, status: 'published' })
  if (!service?.form) throw new RequestError('not-found', 'Layanan ini tidak dapat diajukan secara daring.')
  return service
}

function sealedAnswers(form: ServiceForm, given: Record<string, unknown> | undefined): StoredAnswers {
  const answers: StoredAnswers = {}
  for (const question of form.questions) {
    const value = ownValue(given, question.key)
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
    if (typeof value === 'string' && !value.trim()) continue
    const text = String(value).slice(0, MAX_DRAFT_ANSWER)
    answers[question.key] = question.type === 'nik' ? sealAnswer(question.key, text) : value
  }
  return answers
}

function stepOf(step: string): DraftStep {
  return (DRAFT_STEPS as readonly string[]).includes(step) ? step as DraftStep : 'isian'
}

/** Requirement key → the applicant's own upload under that key (another's id reads as no file). */
async function filesOf(em: EntityManager, applicant: User, documents: Record<string, string>) {
  const ids = Object.values(documents)
  const uploads = ids.length ? await em.find(UploadSchema, { publicId: { $in: ids }, owner: applicant.id }) : []
  return Object.fromEntries(Object.entries(documents).flatMap(([key, id]) => {
    const upload = uploads.find(candidate => candidate.publicId === id)
    return upload ? [[key, describeUpload(upload)]] : []
  })) as Record<string, UploadJson>
}

function viewOf(draft: RequestDraft, files: Record<string, UploadJson>): DraftView {
  return { service: { slug: draft.service.slug, name: draft.service.name }, answers: openAnswers(draft.answers),
    documents: draft.documents, files, step: stepOf(draft.step), updatedAt: draft.updatedAt }
}
