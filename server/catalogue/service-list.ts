/**
 * The services as the editors see them (/admin/layanan): every service of the editor's scope (all, for an admin;
 * their own OPD's, for a head) whatever its status, with its open draft, the drafts of new services, and the drafts
 * waiting for review.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import {
  OPEN_DRAFT_STATUSES, ServiceDraftSchema, ServiceSchema, type ServiceDraft, type Service,
} from '../database/entities/service'
import type { User } from '../database/entities/user'
import { serviceForEditor } from './drafts'
import { listVersions, type VersionSummary } from './versions'
import { snapshotOf, type ServiceSnapshot } from './snapshot'

export interface DraftRow {
  id: number
  status: ServiceDraft['status']
  slug: string
  name: string
  agency: { slug: string, shortName: string }
  isNew: boolean
  author: string
  updatedAt: Date
  submittedAt: Date | null
  returnReason: string | null
}

export interface ServiceRow {
  slug: string
  name: string
  agency: { slug: string, shortName: string }
  category: { code: string, name: string }
  status: Service['status']
  version: number
  updatedAt: Date
  draft: { id: number, status: ServiceDraft['status'] } | null
}

export interface EditorServiceList {
  services: ServiceRow[]
  newServices: DraftRow[]
  inReview: DraftRow[]
}

function draftRow(draft: ServiceDraft): DraftRow {
  return { id: draft.id, status: draft.status, slug: draft.slug, name: draft.snapshot.name,
    agency: { slug: draft.agency.slug, shortName: draft.agency.shortName }, isNew: !draft.service,
    author: draft.author.name, updatedAt: draft.updatedAt, submittedAt: draft.submittedAt ?? null,
    returnReason: draft.returnReason ?? null }
}

/** `agency` narrows an admin's list to one OPD; a head's list is their OPD's whatever is asked. */
export async function servicesForEditor(em: EntityManager, actor: User, agency?: string): Promise<EditorServiceList> {
  const scope = actor.role === 'admin'
    ? (agency ? { agency: { slug: agency } } : {})
    : { agency: actor.agency?.id ?? -1 }
  const [services, drafts] = await Promise.all([
    em.find(ServiceSchema, scope, { populate: ['agency', 'category'], orderBy: { name: 'asc' } }),
    em.find(ServiceDraftSchema, { ...scope, status: { $in: [...OPEN_DRAFT_STATUSES] } },
      { populate: ['agency', 'author'], orderBy: { updatedAt: 'desc' } }),
  ])
  const openDraft = new Map(drafts.filter(d => d.service).map(d => [d.service!.id, d]))
  return {
    services: services.map(service => ({ slug: service.slug, name: service.name,
      agency: { slug: service.agency.slug, shortName: service.agency.shortName },
      category: { code: service.category.code, name: service.category.name }, status: service.status,
      version: service.version, updatedAt: service.updatedAt,
      draft: openDraft.has(service.id)
        ? { id: openDraft.get(service.id)!.id, status: openDraft.get(service.id)!.status }
        : null })),
    newServices: drafts.filter(draft => !draft.service).map(draftRow),
    inReview: drafts.filter(draft => draft.status === 'in_review').map(draftRow),
  }
}

export interface EditorServiceView extends Omit<ServiceRow, 'draft' | 'updatedAt'> {
  live: ServiceSnapshot
  draft: DraftRow | null
  versions: VersionSummary[]
}

export async function serviceForEditorView(em: EntityManager, actor: User, slug: string):
Promise<EditorServiceView> {
  const service = await serviceForEditor(em, actor, slug)
  const [draft, versions] = await Promise.all([
    em.findOne(ServiceDraftSchema, { service: service.id, status: { $in: [...OPEN_DRAFT_STATUSES] } },
      { populate: ['agency', 'author'] }),
    listVersions(em, service),
  ])
  return { slug: service.slug, name: service.name,
    agency: { slug: service.agency.slug, shortName: service.agency.shortName },
    category: { code: service.category.code, name: service.category.name }, status: service.status,
    version: service.version, live: snapshotOf(service), draft: draft ? draftRow(draft) : null, versions }
}
