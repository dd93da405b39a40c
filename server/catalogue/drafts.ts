/**
 * The catalogue workflow (issue 6): a change to a service is drafted (by the head of the service's OPD, or an admin),
 * submitted for review, and then published or sent back with a reason by a Diskominfo admin. A draft holds a full
 * proposed snapshot; the live service changes only when a draft is published (server/catalogue/publish.ts).
 *
 * A head works on their own OPD's services only: a draft or service of another OPD does not exist for them (404),
 * so ids cannot be probed.
 */
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { changedFields, flushAudited, recordAudit } from '../audit'
import { AgencySchema } from '../database/entities/agency'
import { CategorySchema } from '../database/entities/category'
import {
  OPEN_DRAFT_STATUSES, ServiceDraftSchema, ServiceSchema, type ServiceDraft, type Service,
} from '../database/entities/service'
import type { User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { CatalogueError, catalogueNotFound, invalidCatalogueInput } from './errors'
import { assertCategoryOfAgency, assertFixedIdentity, assertNewIdentity, publishServiceSnapshot } from './publish'
import { diffSnapshots, parseSnapshot, snapshotOf, type FieldChange, type ServiceSnapshot } from './snapshot'
import { changesOfDraft, isStale, newerVersions, staleMessage, type NewerVersions } from './stale-drafts'

/**
 * `restart` and `carry_over` are the way on from a stale draft (stale-drafts.ts): it is discarded and a new draft
 * begins from the live version, empty or with this draft's changes carried over.
 */
export const DRAFT_ACTIONS = ['submit', 'return', 'publish', 'discard', 'restart', 'carry_over'] as const
export type DraftAction = typeof DRAFT_ACTIONS[number]
type RenewAction = Extract<DraftAction, 'restart' | 'carry_over'>

const DRAFT_NOT_FOUND = 'Draf itu tidak ditemukan.'
export const SERVICE_NOT_FOUND = 'Layanan itu tidak ditemukan.'

/** May `actor` draft for the OPD `agencyId`: an admin for any, a head for their own. */
export function mayDraftFor(actor: User, agencyId: number): boolean {
  return actor.role === 'admin' || (actor.role === 'head' && actor.agency?.id === agencyId)
}

/**
 * What the actor may do with the draft now; saving is open while it is a draft. A stale draft is neither submitted
 * nor published: while it is a draft its author starts again from the live version, in review an admin sends it
 * back or discards it.
 */
export function draftActions(draft: ServiceDraft, actor: User): DraftAction[] {
  const stale = isStale(draft)
  if (draft.status === 'draft') return stale ? ['carry_over', 'restart', 'discard'] : ['submit', 'discard']
  if (draft.status === 'in_review' && actor.role === 'admin') {
    return stale ? ['return', 'discard'] : ['publish', 'return', 'discard']
  }
  return []
}

/** A service the actor may draft for, whatever its status; another OPD's is not found. */
export async function serviceForEditor(em: EntityManager, actor: User, slug: string): Promise<Service> {
  const service = await em.findOne(ServiceSchema, { slug }, { populate: ['category', 'agency'] })
  if (!service || !mayDraftFor(actor, service.agency.id)) throw catalogueNotFound(SERVICE_NOT_FOUND)
  return service
}

async function draftForEditor(em: EntityManager, actor: User, id: number, lock = false): Promise<ServiceDraft> {
  const draft = Number.isSafeInteger(id)
    ? await em.findOne(ServiceDraftSchema, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
    : null
  if (!draft) throw catalogueNotFound(DRAFT_NOT_FOUND)
  await em.populate(draft, ['agency', 'author', 'reviewedBy', 'service', 'service.category', 'service.agency'])
  if (!mayDraftFor(actor, draft.agency.id)) throw catalogueNotFound(DRAFT_NOT_FOUND)
  return draft
}

export interface DraftView {
  id: number
  status: ServiceDraft['status']
  slug: string
  name: string
  agency: { slug: string, shortName: string }
  /** The live service this draft changes; null for a new service. */
  service: { slug: string, name: string, status: Service['status'], version: number } | null
  baseVersion: number | null
  restoredFrom: number | null
  author: string
  updatedAt: Date
  submittedAt: Date | null
  returnReason: string | null
  reviewedBy: string | null
  reviewedAt: Date | null
  publishedVersion: number | null
  snapshot: ServiceSnapshot
  /** Field by field, from the live version to this draft. */
  changes: FieldChange[]
  /** A newer version was published since the draft began: submitting and publishing it are refused. */
  stale: boolean
  /** For a stale draft, what the versions published since it began changed. */
  newer: NewerVersions | null
  actions: DraftAction[]
}

/** The draft as its page shows it; its agency, author, reviewer and service (with category and OPD) loaded. */
export async function draftView(em: EntityManager, draft: ServiceDraft, actor: User): Promise<DraftView> {
  const live = draft.service ? snapshotOf(draft.service) : null
  return {
    id: draft.id, status: draft.status, slug: draft.slug, name: draft.snapshot.name,
    agency: { slug: draft.agency.slug, shortName: draft.agency.shortName },
    service: draft.service
      ? { slug: draft.service.slug, name: draft.service.name, status: draft.service.status,
          version: draft.service.version }
      : null,
    baseVersion: draft.baseVersion ?? null, restoredFrom: draft.restoredFrom ?? null, author: draft.author.name,
    updatedAt: draft.updatedAt, submittedAt: draft.submittedAt ?? null, returnReason: draft.returnReason ?? null,
    reviewedBy: draft.reviewedBy?.name ?? null, reviewedAt: draft.reviewedAt ?? null,
    publishedVersion: draft.publishedVersion ?? null, snapshot: draft.snapshot,
    changes: diffSnapshots(live, draft.snapshot),
    stale: isStale(draft),
    newer: await newerVersions(em, draft, live),
    actions: draftActions(draft, actor),
  }
}

/** A draft as the audit trail keeps it; a save adds the snapshot's fields it changed, before and after. */
const auditValues = (draft: ServiceDraft) => ({ status: draft.status, slug: draft.slug, agency: draft.agency.slug })

export async function readDraft(em: EntityManager, actor: User, id: number): Promise<DraftView> {
  return draftView(em, await draftForEditor(em, actor, id), actor)
}

/** The service's open draft, when there is one. */
export function openDraftOf(em: EntityManager, service: Service) {
  return em.findOne(ServiceDraftSchema, { service: service.id, status: { $in: [...OPEN_DRAFT_STATUSES] } })
}

/**
 * Starts a draft of a live service from its current version; when it already has an open draft (one at a time),
 * that one is given instead. `created` says which.
 */
export async function startServiceDraft(em: EntityManager, actor: User, slug: string, now = new Date()) {
  const service = await serviceForEditor(em, actor, slug)
  const open = await openDraftOf(em, service)
  if (open) return { id: open.id, created: false }
  try {
    const draft = em.create(ServiceDraftSchema, { service, agency: service.agency, slug: service.slug,
      snapshot: snapshotOf(service), status: 'draft', baseVersion: service.version, restoredFrom: null,
      author: actor.id, submittedAt: null, returnReason: null, reviewedBy: null, reviewedAt: null,
      publishedVersion: null, createdAt: now, updatedAt: now })
    await flushAudited(em, () => ({ actor, action: 'service_draft.start', entityType: 'service_draft',
      entityId: draft.id, after: { ...auditValues(draft), baseVersion: service.version } }))
    logger.info({ draft: draft.id, service: slug, actor: actor.id }, 'service draft started')
    return { id: draft.id, created: true }
  }
  catch (error) {
    // Two first clicks at once: the one open draft the database allows is the answer to both.
    if (!(error instanceof UniqueConstraintViolationException)) throw error
    const winner = await em.fork().findOne(ServiceDraftSchema, { service: service.id,
      status: { $in: [...OPEN_DRAFT_STATUSES] } })
    if (!winner) throw error
    return { id: winner.id, created: false }
  }
}

/**
 * A proposal checked for the actor: the schema, a category and an OPD that exist (a head's own OPD only), the
 * category one of the OPD's, and for a new service a slug and SPBE ID no service or other open draft has. A blank
 * SPBE ID of a new service is given the next free one of its category.
 */
async function checkedProposal(em: EntityManager, actor: User, candidate: unknown, draft: ServiceDraft | null) {
  const live = draft?.service ? snapshotOf(draft.service) : null
  const proposal = live || !isRecord(candidate) || String(candidate.spbeId ?? '').trim()
    ? candidate
    : { ...candidate, spbeId: await nextSpbeId(em, String(candidate.categoryCode ?? '')) }
  const parsed = parseSnapshot(proposal)
  if (parsed.errors) throw invalidCatalogueInput(parsed.errors)
  const snapshot = parsed.snapshot
  const [category, agency] = await Promise.all([
    em.findOne(CategorySchema, { code: snapshot.categoryCode }),
    em.findOne(AgencySchema, { slug: snapshot.agencySlug, active: true }),
  ])
  const fields: Record<string, string> = {}
  if (!category) fields.categoryCode = 'Pilih kategori dari daftar.'
  if (!agency) fields.agencySlug = 'Pilih OPD yang aktif dari daftar.'
  else if (!mayDraftFor(actor, agency.id)) fields.agencySlug = 'Anda hanya dapat menyusun layanan OPD Anda sendiri.'
  if (Object.keys(fields).length) throw invalidCatalogueInput(fields)
  await assertCategoryOfAgency(em, category!, agency!, actor)
  if (live) assertFixedIdentity(live, snapshot)
  else await assertFreeForNewService(em, snapshot, draft?.id)
  return { snapshot, agency: agency! }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

async function assertFreeForNewService(em: EntityManager, snapshot: ServiceSnapshot, ownDraftId?: number) {
  await assertNewIdentity(em, snapshot)
  const others = await em.find(ServiceDraftSchema, { service: null, status: { $in: [...OPEN_DRAFT_STATUSES] },
    ...(ownDraftId ? { id: { $ne: ownDraftId } } : {}) })
  const fields: Record<string, string> = {}
  if (others.some(other => other.slug === snapshot.slug)) {
    fields.slug = `Alamat "${snapshot.slug}" sudah dipakai draf layanan baru lain.`
  }
  if (others.some(other => other.snapshot.spbeId === snapshot.spbeId)) {
    fields.spbeId = `ID layanan ${snapshot.spbeId} sudah dipakai draf layanan baru lain.`
  }
  if (Object.keys(fields).length) throw invalidCatalogueInput(fields)
}

/** The next free SPBE ID of a category, counting live services and open drafts of new ones: LAY-1806-01.12-014. */
export async function nextSpbeId(em: EntityManager, categoryCode: string): Promise<string> {
  if (!/^01\.\d{2}$/.test(categoryCode)) return ''
  const prefix = `LAY-1806-${categoryCode}-`
  const [services, drafts] = await Promise.all([
    em.find(ServiceSchema, { spbeId: { $like: `${prefix}%` } }, { fields: ['spbeId'] }),
    em.find(ServiceDraftSchema, { service: null, status: { $in: [...OPEN_DRAFT_STATUSES] } }),
  ])
  const used = [...services.map(s => s.spbeId), ...drafts.map(d => d.snapshot.spbeId)]
    .filter(id => id.startsWith(prefix)).map(id => Number(id.slice(prefix.length)))
  return `${prefix}${String(Math.max(0, ...used) + 1).padStart(3, '0')}`
}

/** Drafts a new service for the actor's OPD (any OPD, for an admin). */
export async function createNewServiceDraft(em: EntityManager, actor: User, candidate: unknown, now = new Date()) {
  const { snapshot, agency } = await checkedProposal(em, actor, candidate, null)
  const draft = em.create(ServiceDraftSchema, { service: null, agency, slug: snapshot.slug, snapshot, status: 'draft',
    baseVersion: null, restoredFrom: null, author: actor.id, submittedAt: null, returnReason: null,
    reviewedBy: null, reviewedAt: null, publishedVersion: null, createdAt: now, updatedAt: now })
  await flushAudited(em, () => ({ actor, action: 'service_draft.create', entityType: 'service_draft',
    entityId: draft.id, after: auditValues(draft) }), () => flushDraft(em))
  logger.info({ draft: draft.id, slug: snapshot.slug, actor: actor.id }, 'new service drafted')
  return { id: draft.id }
}

/** Saves a draft's proposal; only while it is a draft (in review it waits for the admin's decision). */
export async function saveServiceDraft(em: EntityManager, actor: User, id: number, candidate: unknown) {
  return em.transactional(async (tx) => {
    const draft = await draftForEditor(tx, actor, id, true)
    if (draft.status !== 'draft') {
      throw new CatalogueError('conflict', draft.status === 'in_review'
        ? 'Draf ini sedang ditinjau dan tidak bisa diubah. Minta admin mengembalikannya bila perlu diubah.'
        : 'Draf ini sudah selesai dan tidak bisa diubah lagi.')
    }
    const { snapshot, agency } = await checkedProposal(tx, actor, candidate, draft)
    // The snapshot's fields as publishing records them (publish.ts): only those this save changed.
    const before = { status: draft.status, ...draft.snapshot }
    tx.assign(draft, { snapshot, slug: snapshot.slug, agency })
    await flushDraft(tx)
    // A save that changes nothing (the first half of "Simpan dan ajukan" on an unchanged draft) is no write to record.
    const changed = changedFields(before, { status: draft.status, ...snapshot }, ['status'])
    if (Object.keys({ ...changed.before, ...changed.after }).some(field => field !== 'status')) {
      await recordAudit(tx, { actor, action: 'service_draft.save', entityType: 'service_draft', entityId: draft.id,
        ...changed })
    }
    return draftView(tx, draft, actor)
  })
}

/** The database's one-open-draft-per-slug index decides a race between two new drafts of one slug. */
async function flushDraft(em: EntityManager) {
  try {
    await em.flush()
  }
  catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw invalidCatalogueInput({ slug: 'Alamat ini sudah dipakai draf layanan baru lain.' })
    }
    throw error
  }
}

export interface DraftActionInput {
  action: string
  /** Why it is sent back: required for `return`. */
  reason?: string
  now?: Date
}

/**
 * Moves a draft on: `submit` (draft → in review, by its OPD's head or an admin), and for admins `publish` (a new
 * version of the service), `return` (back to draft, with the reason) and `discard`; a head may discard a draft not
 * yet submitted.
 */
export async function actOnDraft(em: EntityManager, actor: User, id: number, input: DraftActionInput):
Promise<DraftView> {
  const now = input.now ?? new Date()
  const action = DRAFT_ACTIONS.find(known => known === input.action)
  if (!action) throw invalidCatalogueInput({ action: 'Pilih tindakan yang tersedia.' })
  if (action === 'publish') return publishDraft(em, actor, id, now)
  if (action === 'restart' || action === 'carry_over') return renewStaleDraft(em, actor, id, action, now)

  return em.transactional(async (tx) => {
    const draft = await draftForEditor(tx, actor, id, true)
    assertAllowed(draft, actor, action)
    const before = auditValues(draft)
    if (action === 'submit') {
      // An unchanged draft would publish a version without a change; an archived service may come back as it was.
      const unchanged = draft.service?.status === 'published'
        && !diffSnapshots(snapshotOf(draft.service), draft.snapshot).length
      if (unchanged) {
        throw new CatalogueError('conflict', 'Draf ini belum mengubah apa pun dari versi yang tayang.')
      }
      // The category's OPDs may have changed since the draft was saved.
      const category = await tx.findOne(CategorySchema, { code: draft.snapshot.categoryCode })
      if (category) await assertCategoryOfAgency(tx, category, draft.agency, actor)
      tx.assign(draft, { status: 'in_review', submittedAt: now, returnReason: null })
    }
    else if (action === 'return') {
      const reason = (input.reason ?? '').trim()
      if (reason.length < 3 || reason.length > 2000) {
        throw invalidCatalogueInput({ reason: 'Tuliskan alasan pengembalian (3 sampai 2.000 huruf).' })
      }
      tx.assign(draft, { status: 'draft', returnReason: reason, reviewedBy: actor.id, reviewedAt: now })
    }
    else {
      tx.assign(draft, { status: 'discarded', reviewedBy: actor.role === 'admin' ? actor.id : null,
        reviewedAt: now })
    }
    await tx.flush()
    // The reason of a `return` is an admin's own words and stays out of the trail (server/audit/record.ts).
    await recordAudit(tx, { actor, action: `service_draft.${action}`, entityType: 'service_draft',
      entityId: draft.id, ...changedFields(before, auditValues(draft), ['slug']) })
    logger.info({ draft: draft.id, action, actor: actor.id }, 'service draft moved')
    return draftView(tx, draft, actor)
  })
}

function assertAllowed(draft: ServiceDraft, actor: User, action: DraftAction) {
  if (draftActions(draft, actor).includes(action)) return
  if (actor.role !== 'admin' && (action === 'publish' || action === 'return')) {
    throw new CatalogueError('forbidden', 'Hanya admin Diskominfo yang menerbitkan atau mengembalikan draf.')
  }
  if (isStale(draft) && (action === 'submit' || action === 'publish')) {
    throw new CatalogueError('conflict', staleMessage(draft.service!.version, draft.baseVersion ?? 0))
  }
  if ((action === 'restart' || action === 'carry_over') && OPEN_DRAFT_STATUSES.includes(draft.status)) {
    throw new CatalogueError('conflict', draft.status === 'draft'
      ? 'Draf ini dibuat dari versi yang tayang; ubah saja isinya.'
      : 'Draf ini sedang ditinjau. Minta admin mengembalikannya dulu, lalu buat draf baru dari versi yang tayang.')
  }
  const why: Record<ServiceDraft['status'], string> = {
    draft: 'Draf ini belum diajukan untuk ditinjau.',
    in_review: 'Draf ini sedang ditinjau admin.',
    published: 'Draf ini sudah diterbitkan.',
    discarded: 'Draf ini sudah dibuang.',
  }
  throw new CatalogueError('conflict', why[draft.status])
}

async function publishDraft(em: EntityManager, actor: User, id: number, now: Date): Promise<DraftView> {
  const draft = await draftForEditor(em, actor, id)
  assertAllowed(draft, actor, 'publish')
  const note = draft.restoredFrom ? `Dipulihkan dari versi ${draft.restoredFrom}` : undefined
  let view: DraftView | undefined
  await publishServiceSnapshot(em, draft.service ?? null, draft.snapshot, actor, { note, now,
    alongside: async (tx, published) => {
      const locked = await tx.findOneOrFail(ServiceDraftSchema, draft.id, { lockMode: LockMode.PESSIMISTIC_WRITE })
      if (locked.status !== 'in_review') throw new CatalogueError('conflict', 'Draf ini sudah tidak menunggu tinjauan.')
      // Another version published between the check above and the service's lock: this draft is stale now.
      if (draft.service && published.version !== (locked.baseVersion ?? 0) + 1) {
        throw new CatalogueError('conflict', staleMessage(published.version - 1, locked.baseVersion ?? 0))
      }
      tx.assign(locked, { status: 'published', service: published.service, reviewedBy: actor.id, reviewedAt: now,
        publishedVersion: published.version })
      await tx.flush()
      await tx.populate(locked, ['agency', 'author', 'reviewedBy', 'service.category', 'service.agency'])
      view = await draftView(tx, locked, actor)
    } })
  return view!
}

/**
 * A stale draft discarded and a new one begun from the live version, in one transaction (one open draft a service):
 * empty for `restart`, with the fields this draft changed from its first version for `carry_over`. Answers the new
 * draft.
 */
async function renewStaleDraft(em: EntityManager, actor: User, id: number, action: RenewAction, now: Date):
Promise<DraftView> {
  return em.transactional(async (tx) => {
    const old = await draftForEditor(tx, actor, id, true)
    assertAllowed(old, actor, action)
    const service = old.service!
    const live = snapshotOf(service)
    const carried = action === 'carry_over' ? await changesOfDraft(tx, old) : {}
    const snapshot = { ...live, ...carried }
    const agency = snapshot.agencySlug === old.agency.slug ? old.agency : service.agency
    if (!mayDraftFor(actor, agency.id)) {
      throw new CatalogueError('forbidden', 'Layanan ini sekarang dikelola OPD lain; OPD itu yang menyusun drafnya.')
    }
    tx.assign(old, { status: 'discarded', reviewedBy: actor.role === 'admin' ? actor.id : null, reviewedAt: now })
    await tx.flush()
    const draft = tx.create(ServiceDraftSchema, { service, agency, slug: service.slug, snapshot, status: 'draft',
      baseVersion: service.version, restoredFrom: null, author: actor.id, submittedAt: null, returnReason: null,
      reviewedBy: null, reviewedAt: null, publishedVersion: null, createdAt: now, updatedAt: now })
    await tx.flush()
    const changed = changedFields(live, snapshot)
    await recordAudit(tx, [
      { actor, action: 'service_draft.discard', entityType: 'service_draft', entityId: old.id,
        before: { status: 'draft' }, after: { status: 'discarded', replacedBy: draft.id } },
      { actor, action: 'service_draft.start', entityType: 'service_draft', entityId: draft.id,
        before: Object.keys(changed.before).length ? changed.before : null,
        after: { ...auditValues(draft), baseVersion: service.version, replaces: old.id, ...changed.after } },
    ])
    logger.info({ draft: draft.id, replaces: old.id, action, actor: actor.id }, 'stale service draft renewed')
    await tx.populate(draft, ['author'])
    return draftView(tx, draft, actor)
  })
}
