/**
 * An action on a permohonan by a citizen or an officer: who may act is asked of the state machine (decide), then
 * the state, the SLA clock, the handling OPD and the timeline change in one transaction with the e-mails it sends.
 * The row is locked for the transaction, so two officers acting at once take turns and the second one is judged
 * against the state the first one left.
 */
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema } from '../database/entities/agency'
import { RequestDocumentSchema, RequestDraftSchema, RequestEventSchema, RequestSchema, type Request }
  from '../database/entities/request'
import { UploadSchema } from '../database/entities/upload'
import { UserSchema, type User } from '../database/entities/user'
import { changedFields, recordAudit } from '../audit'
import { logger } from '../utils/logger'
import { canView, standingOf } from './access'
import { isStaff } from './audit'
import { checkApplication } from './answers'
import { INVALID_APPLICATION, RequestError, requestNotFound } from './errors'
import { notifyAgency, notifyCitizen } from './notify'
import { openAnswers } from './personal-data'
import { decide, REQUEST_ACTIONS, TRANSITIONS, type ActionInput, type RequestAction } from './state-machine'
import { normaliseTrackingCode } from './tracking-code'
import { addWorkingDays, DateOutsideCalendarError, todayInJakarta, workingDaysBetween } from './working-days'

export interface ActionRequestInput extends ActionInput {
  /** resubmit: corrected answers, merged over the ones sent before. */
  answers?: Record<string, unknown>
  /** resubmit: new uploads for some persyaratan, replacing the ones sent before. */
  documents?: Record<string, unknown>
}

export interface ActOnRequestInput {
  trackingCode: string
  actor: User
  action: string
  note?: string
  input?: ActionRequestInput
  now?: Date
}

export interface ActionResult {
  trackingCode: string
  status: Request['status']
  dueDate: string | null
  /** Slug of the OPD handling the request after the action. */
  agency: string
  eventId: number
}

export async function actOnRequest(em: EntityManager, command: ActOnRequestInput): Promise<ActionResult> {
  const now = command.now ?? new Date()
  const code = normaliseTrackingCode(command.trackingCode)
  if (!code) throw requestNotFound()
  if (!(REQUEST_ACTIONS as readonly string[]).includes(command.action)) {
    throw new RequestError('invalid-input', 'Tindakan ini tidak dikenal.', { action: 'Pilih tindakan yang tersedia.' })
  }
  const action = command.action as RequestAction
  const input: ActionRequestInput = { ...command.input, note: command.note ?? command.input?.note }

  return em.fork().transactional(async (tx) => {
    const request = await tx.findOne(RequestSchema, { trackingCode: code }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    const actor = await tx.findOne(UserSchema, { id: command.actor.id, active: true })
    if (!request || !actor) throw requestNotFound()
    await tx.populate(request, ['service', 'agency', 'applicant'])
    if (!canView(request, actor)) throw requestNotFound()

    const decision = decide({ state: request.status, action, role: actor.role, agency: request.agency.slug,
      ...standingOf(request, actor), input })
    if (!decision.ok) {
      const kind = decision.code === 'input' ? 'invalid-input' : 'refused'
      const errors = kind === 'invalid-input' ? { [missingField(action, input)]: decision.reason } : {}
      throw new RequestError(kind, decision.reason, errors, decision.code)
    }
    const entry = decision.timelineEntry
    const from = request.status
    const was = auditedFields(request)

    if (action === 'complete') {
      const output = await tx.findOne(UploadSchema, { publicId: entry.outputDocumentId, owner: actor.id })
      if (!output) throw inputError('outputDocumentId', 'Dokumen hasil tidak ditemukan; unggah lagi.')
      request.outputDocument = output
    }
    if (action === 'forward') {
      const target = await tx.findOne(AgencySchema, { slug: entry.toAgency })
      if (!target) throw inputError('toAgency', 'OPD tujuan tidak ditemukan; pilih dari daftar.')
      request.agency = target
      request.assignee = null
    }
    if (action === 'assign') {
      const assignee = await tx.findOne(UserSchema, { id: Number(entry.assignee) || 0, agency: request.agency.id,
        role: { $in: ['officer', 'head'] }, active: true })
      if (!assignee) throw inputError('assignee', 'Petugas itu tidak ditemukan di OPD ini.')
      request.assignee = assignee
    }
    if (action === 'resubmit') await applyCorrections(tx, request, input, now)

    moveClock(request, from, decision.to, now)
    request.status = decision.to
    request.updatedAt = now

    const detail = Object.fromEntries(Object.entries({ fromAgency: entry.fromAgency, toAgency: entry.toAgency,
      outputDocumentId: entry.outputDocumentId, assignee: entry.assignee }).filter(([, value]) => value))
    const event = tx.create(RequestEventSchema, { request, at: now, actor, actorRole: actor.role,
      actorName: actor.name, action, fromStatus: from, toStatus: decision.to, note: entry.note,
      internal: TRANSITIONS[action].internal, detail: Object.keys(detail).length ? detail : null })
    await tx.flush()

    const parties = { request, service: request.service, applicant: request.applicant }
    if (action === 'request_fix' || action === 'complete' || action === 'reject') {
      await notifyCitizen(tx, parties, action, event.id, entry.note, now)
    }
    if (action === 'forward') {
      await notifyAgency(tx, request, request.service, request.agency, `diteruskan:${event.id}`, now)
    }
    if (isStaff(actor) && action !== 'resubmit') {
      await recordAudit(tx, { actor, action: `request.${action}`, entityType: 'request', entityId: request.trackingCode,
        ...changedFields(was, auditedFields(request), ['status']), at: now })
    }

    logger.info({ request: request.id, action, from, to: decision.to, actor: actor.id }, 'permohonan action')
    return { trackingCode: request.trackingCode, status: request.status, dueDate: request.dueDate ?? null,
      agency: request.agency.slug, eventId: event.id }
  })
}

/**
 * What the audit trail keeps of a request (server/audit/): where it stands and who holds it, never the answers, the
 * applicant or the note (a note can quote the citizen).
 */
function auditedFields(request: Request) {
  return { status: request.status, agency: request.agency.slug, assignee: request.assignee?.id ?? null,
    dueDate: request.dueDate ?? null, outputDocument: request.outputDocument?.publicId ?? null }
}

/**
 * The SLA clock stands still while the request waits for the citizen's fix (issue 3). When it runs again, the
 * working days it stood still are added to the due date, so the OPD keeps the office time it had left.
 */
function moveClock(request: Request, from: Request['status'], to: Request['status'], now: Date) {
  if (to === 'perlu_perbaikan' && from !== 'perlu_perbaikan') {
    request.clockPausedAt = now
    return
  }
  if (from !== 'perlu_perbaikan' || to === 'perlu_perbaikan' || !request.clockPausedAt) return

  try {
    const stood = Math.max(0, workingDaysBetween(todayInJakarta(request.clockPausedAt), todayInJakarta(now)))
    request.pausedWorkingDays += stood
    if (request.dueDate && stood > 0 && to === 'dilengkapi') request.dueDate = addWorkingDays(request.dueDate, stood)
  }
  catch (error) {
    if (!(error instanceof DateOutsideCalendarError)) throw error
    logger.error({ request: request.id, date: error.date }, 'paused days outside the holiday calendar')
  }
  request.clockPausedAt = null
}

/** A fix: the corrected answers and new uploads, checked against the form like a first submission. */
async function applyCorrections(tx: EntityManager, request: Request, input: ActionRequestInput, now: Date) {
  const form = request.service.form
  const fixDraft = await tx.findOne(RequestDraftSchema, { request: request.id })
  if (fixDraft) await tx.nativeDelete(RequestDraftSchema, { id: fixDraft.id })
  if (!form || !(input.answers || input.documents || fixDraft)) return
  const documents = await tx.find(RequestDocumentSchema, { request: request.id }, { populate: ['upload'] })
  const answers = { ...openAnswers(request.answers), ...withoutBlanks(input.answers) }
  const given = { ...Object.fromEntries(documents.map(doc => [doc.requirementKey, doc.upload.publicId])),
    ...fixDraft?.documents, ...input.documents }
  const { errors, checked } = await checkApplication(tx, form, request.applicant, { answers, documents: given }, now)
  if (Object.keys(errors).length) throw new RequestError('invalid-input', INVALID_APPLICATION, errors)

  request.answers = checked.answers
  for (const [requirementKey, upload] of checked.documents) {
    const current = documents.find(doc => doc.requirementKey === requirementKey)
    if (current) current.upload = tx.getReference(UploadSchema, upload.id)
    else {
      tx.create(RequestDocumentSchema, { request, requirementKey, upload: upload.id, createdAt: now, updatedAt: now })
    }
  }
}

/** A field left empty in a fix keeps what was sent before (a masked NIK is not shown back to be typed over). */
function withoutBlanks(answers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers ?? {})
    .filter(([, value]) => !(value === undefined || value === null || (typeof value === 'string' && !value.trim()))))
}

function inputError(field: string, message: string): RequestError {
  return new RequestError('invalid-input', message, { [field]: message }, 'input')
}

function missingField(action: RequestAction, input: ActionInput): string {
  const requires: readonly string[] = TRANSITIONS[action].requires
  return requires.find(field => !input[field as keyof ActionInput]?.trim()) ?? 'note'
}
