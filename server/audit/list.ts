/**
 * Reading the audit trail for /admin/audit: entries newest first, filtered, in keyset pages on the id (a page costs
 * the same at the millionth entry as at the first), each with its before and after laid out field by field.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import {
  AuditEntrySchema, type AuditActorRole, type AuditEntry, type AuditValues,
} from '../database/entities/audit-entry'
import { UserSchema } from '../database/entities/user'
import { canonicalJson } from './hash'

const DEFAULT_LIMIT = 50

/** One recorded field: what it was and what it became, as text; null where it had or has no value. */
export interface AuditChange {
  field: string
  before: string | null
  after: string | null
  /** False for a field kept to say where things stood (a request's status under a note). */
  changed: boolean
}

export interface AuditEntryJson {
  id: number
  at: string
  actor: { id: number | null, name: string | null, role: AuditActorRole, agency: string | null }
  action: string
  entityType: string
  entityId: string
  before: AuditValues | null
  after: AuditValues | null
  changes: AuditChange[]
  hash: string
  prevHash: string
}

/** What to list (query.ts checks it as it comes from a URL): dates are WIB days, `YYYY-MM-DD`, both included. */
export interface AuditFilter {
  /** An account id, or 'system'. */
  actor?: string
  action?: string
  entityType?: string
  entityId?: string
  from?: string
  to?: string
  /** The `nextCursor` of the page before. */
  cursor?: string
  limit?: number
}

export interface AuditPage {
  entries: AuditEntryJson[]
  nextCursor: string | null
}

const shown = (value: unknown) => value === undefined || value === null
  ? null
  : typeof value === 'string' ? value : canonicalJson(value)

/** The fields of `before` and `after` in one list, in the order they first appear. */
export function auditChanges(before: AuditValues | null, after: AuditValues | null): AuditChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  return fields.map((field) => {
    const change = { field, before: shown(before?.[field]), after: shown(after?.[field]) }
    return { ...change, changed: change.before !== change.after }
  })
}

/** Midnight in Jakarta (WIB, UTC+7, no daylight saving) at the start of `date`, `days` later. */
function jakartaMidnight(date: string, days = 0): Date {
  const moment = new Date(`${date}T00:00:00+07:00`)
  moment.setUTCDate(moment.getUTCDate() + days)
  return moment
}

function toJson(entry: AuditEntry): AuditEntryJson {
  const before = entry.before ?? null
  const after = entry.after ?? null
  return {
    id: entry.id, at: entry.at.toISOString(),
    actor: { id: entry.actor?.id ?? null, name: entry.actor?.name ?? null, role: entry.actorRole,
      agency: entry.actorAgency?.shortName ?? null },
    action: entry.action, entityType: entry.entityType, entityId: entry.entityId, before, after,
    changes: auditChanges(before, after), hash: entry.hash, prevHash: entry.prevHash,
  }
}

/** `LIKE` reads `%`, `_` and `\\` as patterns; a typed name means them as letters. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, match => `\\${match}`)}%`

type ActorFilter = { actorRole?: 'system', actor?: number | { $in: number[] } }

/**
 * Who an admin asks for: "system" (the server's own commands), an account number, or part of an account's name
 * or e-mail (every account that matches; none matching finds no entries).
 */
async function actorFilter(em: EntityManager, actor: string | undefined): Promise<ActorFilter> {
  if (!actor) return {}
  if (actor === 'system') return { actorRole: 'system' }
  if (/^[1-9]\d{0,9}$/.test(actor)) return { actor: Number(actor) }
  const pattern = likeText(actor)
  const users = await em.find(UserSchema, { $or: [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }] },
    { fields: ['id'], limit: 200 })
  return { actor: { $in: users.map(user => user.id) } }
}

export async function listAudit(em: EntityManager, query: AuditFilter): Promise<AuditPage> {
  const limit = query.limit ?? DEFAULT_LIMIT
  const at = {
    ...(query.from ? { $gte: jakartaMidnight(query.from) } : {}),
    ...(query.to ? { $lt: jakartaMidnight(query.to, 1) } : {}),
  }
  const rows = await em.find(AuditEntrySchema, {
    ...await actorFilter(em, query.actor),
    ...(query.action ? { action: query.action } : {}),
    ...(query.entityType ? { entityType: query.entityType } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(Object.keys(at).length ? { at } : {}),
    ...(query.cursor ? { id: { $lt: Number(query.cursor) } } : {}),
  }, { populate: ['actor', 'actorAgency'], orderBy: { id: 'desc' }, limit: limit + 1 })

  const page = rows.slice(0, limit)
  return { entries: page.map(toJson), nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null }
}
