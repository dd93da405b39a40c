/**
 * Drafts: every step of the application flow saves what was typed so far, one draft per citizen and service, and
 * "Permohonan saya" offers to resume it. A draft is not checked (it may be half done); a NIK in it is sealed like
 * a sent answer. It is shown back only to its own citizen, NIK in clear, since it is their own unsent typing that
 * the form must show to be edited. submitRequest removes the draft of the service it sends.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { RequestDraftSchema, type StoredAnswers } from '../database/entities/request'
import { ServiceSchema } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { RequestError } from './errors'
import { openAnswer, sealAnswer } from './personal-data'

const MAX_DRAFT_ANSWER = 2000

export interface DraftInput {
  applicant: User
  serviceSlug: string
  answers: Record<string, unknown>
  documents: Record<string, unknown>
  step: string
  now?: Date
}

export interface DraftView {
  service: { slug: string, name: string }
  answers: Record<string, string | number | boolean>
  documents: Record<string, string>
  step: string
  updatedAt: Date
}

export async function saveDraft(em: EntityManager, input: DraftInput): Promise<DraftView> {
  const now = input.now ?? new Date()
  const service = await em.findOne(ServiceSchema, { slug: input.serviceSlug })
  if (!service?.form) throw new RequestError('not-found', 'Layanan ini tidak dapat diajukan secara daring.')

  const answers: StoredAnswers = {}
  for (const question of service.form.questions) {
    const value = input.answers?.[question.key]
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
    const text = String(value).slice(0, MAX_DRAFT_ANSWER)
    answers[question.key] = question.type === 'nik' ? sealAnswer(question.key, text) : value
  }
  const documents: Record<string, string> = {}
  for (const doc of service.form.documents) {
    const id = input.documents?.[doc.key]
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) documents[doc.key] = id
  }
  const step = input.step.slice(0, 40)

  const draft = await em.findOne(RequestDraftSchema, { applicant: input.applicant.id, service: service.id })
  if (draft) em.assign(draft, { answers, documents, step, updatedAt: now })
  else {
    em.create(RequestDraftSchema, { applicant: input.applicant.id, service, answers, documents, step,
      createdAt: now, updatedAt: now })
  }
  await em.flush()
  return { service: { slug: service.slug, name: service.name }, answers: openAnswers(answers), documents, step,
    updatedAt: now }
}

export async function draftsOfApplicant(em: EntityManager, applicant: User): Promise<DraftView[]> {
  const drafts = await em.find(RequestDraftSchema, { applicant: applicant.id }, {
    populate: ['service'], orderBy: { updatedAt: 'desc' },
  })
  return drafts.map(draft => ({ service: { slug: draft.service.slug, name: draft.service.name },
    answers: openAnswers(draft.answers), documents: draft.documents, step: draft.step, updatedAt: draft.updatedAt }))
}

export async function discardDraft(em: EntityManager, applicant: User, serviceSlug: string): Promise<void> {
  const service = await em.findOne(ServiceSchema, { slug: serviceSlug })
  if (service) await em.nativeDelete(RequestDraftSchema, { applicant: applicant.id, service: service.id })
}

function openAnswers(answers: StoredAnswers): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(answers).map(([key, value]) =>
    [key, typeof value === 'object' ? openAnswer(key, value) : value]))
}
