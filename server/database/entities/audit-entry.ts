import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { AgencySchema } from './agency'
import { UserSchema } from './user'

export const AUDIT_ACTOR_ROLES = ['officer', 'head', 'admin', 'system'] as const
export type AuditActorRole = typeof AUDIT_ACTOR_ROLES[number]

/** A changed field's value as kept: JSON, never NIK, phone, address, passwords or free text a citizen wrote. */
export type AuditValues = Record<string, unknown>

/**
 * One write by staff or an admin (server/audit/). Append-only: PostgreSQL refuses UPDATE, DELETE and TRUNCATE
 * (migration Migration20261205170000AuditTrail). Rows are added by recordAudit only, which chains them: `hash` is
 * the SHA-256 of the entry and `prevHash`, the hash of the entry before it. The actor's role and OPD are copied in,
 * as they were at the time; "system" (a command on the server) has no account.
 */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.bigint('number').primary(),
    at: p.datetime(),
    actor: () => p.manyToOne(UserSchema).nullable(),
    actorRole: p.enum(AUDIT_ACTOR_ROLES),
    actorAgency: () => p.manyToOne(AgencySchema).nullable(),
    action: p.string().length(80),
    entityType: p.string().length(40),
    entityId: p.string().length(80),
    before: p.json<AuditValues>().nullable(),
    after: p.json<AuditValues>().nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64).unique(),
  },
})

export type AuditEntry = InferEntity<typeof AuditEntrySchema>
