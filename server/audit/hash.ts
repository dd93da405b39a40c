/**
 * The hash of an audit entry (docs/audit.md): SHA-256, in lower-case hex, of the entry's canonical JSON, which
 * holds the hash of the entry before it. Canonical: object keys sorted by UTF-16 code units at every depth, no
 * white space, the time as ISO 8601 in UTC with milliseconds; anyone can recompute it from a dump of the table.
 */
import { createHash } from 'node:crypto'
import type { AuditActorRole, AuditValues } from '../database/entities/audit-entry'

/** The `prevHash` of the first entry: there is none before it. */
export const GENESIS_HASH = '0'.repeat(64)

/** Every column of an entry but its own hash, as hashed. */
export interface HashedEntry {
  id: number
  /** ISO 8601 in UTC with milliseconds, as `Date.toISOString()` writes it. */
  at: string
  actorId: number | null
  actorRole: AuditActorRole
  actorAgencyId: number | null
  action: string
  entityType: string
  entityId: string
  before: AuditValues | null
  after: AuditValues | null
  prevHash: string
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value).filter(key => (value as Record<string, unknown>)[key] !== undefined).sort()
  return `{${keys.map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
    .join(',')}}`
}

export function entryHash(entry: HashedEntry): string {
  return createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex')
}
