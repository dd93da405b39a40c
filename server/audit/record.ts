/**
 * Writing the audit trail (issue 6): every write by staff or an admin adds one entry, inside the write's own
 * transaction, so the entry and the change commit or roll back together.
 *
 * What an entry keeps in `before` and `after`: the fields the write changed, as plain JSON values. Never a NIK, a
 * phone number, a home address, a password or its hash, a PIN, nor free text a person wrote (a citizen's note, a
 * complaint's text, an officer's reply): for an action on a permohonan or pengaduan that is the status before and
 * after, the OPD it went to and what else the action set (an assignee's account id, a document's id).
 *
 * Appends are serialised by a transaction-scoped advisory lock, so two writers never read the same last entry and
 * the chain never forks (the unique `prev_hash` refuses a fork even to a writer that skipped the lock). The lock is
 * held until the write commits: call recordAudit last in the transaction, after the rows the write locks itself.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import type { AuditActorRole, AuditValues } from '../database/entities/audit-entry'
import type { Role } from '../database/entities/user'
import { transactionSql, type Execute } from '../database/sql'
import type { AuditAction, AuditEntityType } from './actions'
import { entryHash, GENESIS_HASH, type HashedEntry } from './hash'

/** The key of the advisory lock that serialises appends ("audt" in ASCII); used nowhere else. */
export const AUDIT_LOCK_KEY = 0x61756474
/** Rows per INSERT statement when one write records many entries (12 parameters each, far below the limit). */
const ROWS_PER_INSERT = 500

/** Who wrote: a staff account (a User will do), or null for the system (a command on the server, a task). */
export interface AuditActor {
  id: number
  role: Role
  agency?: { id: number } | null
}

export interface AuditEntryInput {
  actor: AuditActor | null
  /** `<entity type>.<verb>`, e.g. `request.verify`, `open311_key.revoke`: one of AUDIT_ACTIONS (actions.ts). */
  action: AuditAction
  /** What was written: `request`, `complaint`, `open311_key`, `outbox_message`, `account`, … */
  entityType: AuditEntityType
  /** Its id as people look it up: a tracking code, or the row's number. */
  entityId: string | number
  before?: AuditValues | null
  after?: AuditValues | null
  /** When the write happened; now by default. */
  at?: Date
}

/** An entry as written: its id and hash. */
export interface RecordedAudit {
  id: number
  hash: string
}

/** The JSON that will be stored, so that what is hashed is exactly what the database gives back. */
function stored(values: AuditValues | null | undefined): AuditValues | null {
  if (values === null || values === undefined) return null
  const json: unknown = JSON.parse(JSON.stringify(values))
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError('audit before/after must be an object of changed fields')
  }
  return json as AuditValues
}

function actorRole(actor: AuditActor | null): AuditActorRole {
  if (!actor) return 'system'
  if (actor.role === 'citizen') throw new TypeError('the audit trail records the writes of staff, not of citizens')
  return actor.role
}

/**
 * Adds `entries` (one, or several for a write that changes many rows) to the end of the chain. `em` must be the
 * write's transaction (the fork `em.transactional` hands over); outside a transaction it throws
 * OutsideTransactionError: the advisory lock that orders the chain lasts only as long as a transaction.
 */
export async function recordAudit(em: EntityManager, entries: AuditEntryInput | AuditEntryInput[]):
Promise<RecordedAudit[]> {
  const list = Array.isArray(entries) ? entries : [entries]
  if (!list.length) return []
  const execute = transactionSql(em, 'recordAudit')
  await execute('select pg_advisory_xact_lock($1::bigint)', [AUDIT_LOCK_KEY])
  // A statement of its own after the lock: in READ COMMITTED it sees the entry the previous holder committed.
  const [head] = await execute<{ hash: string | null, ids: string[] }>(`select
    (select "hash" from "audit_entry" order by "id" desc limit 1) as "hash",
    array(select nextval('audit_entry_id_seq') from generate_series(1, $1::int)) as "ids"`, [list.length])
  const ids = head!.ids.map(Number).sort((a, b) => a - b)

  let prevHash = head!.hash ?? GENESIS_HASH
  const rows = list.map((entry, index): HashedEntry & { hash: string } => {
    const { actor } = entry
    const row: HashedEntry = { id: ids[index]!, at: (entry.at ?? new Date()).toISOString(),
      actorId: actor?.id ?? null, actorRole: actorRole(actor), actorAgencyId: actor?.agency?.id ?? null,
      action: entry.action, entityType: entry.entityType, entityId: String(entry.entityId),
      before: stored(entry.before), after: stored(entry.after), prevHash }
    prevHash = entryHash(row)
    return { ...row, hash: prevHash }
  })
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await insertRows(execute, rows.slice(start, start + ROWS_PER_INSERT))
  }
  return rows.map(row => ({ id: row.id, hash: row.hash }))
}

async function insertRows(execute: Execute, rows: (HashedEntry & { hash: string })[]) {
  const params: unknown[] = []
  const tuples = rows.map((row) => {
    const at = params.push(row.id, row.at, row.actorId, row.actorRole, row.actorAgencyId, row.action, row.entityType,
      row.entityId, row.before && JSON.stringify(row.before), row.after && JSON.stringify(row.after), row.prevHash,
      row.hash) - 12
    const n = (offset: number) => `$${at + offset}`
    return `(${n(1)}::bigint, ${n(2)}::timestamptz, ${n(3)}::int, ${n(4)}, ${n(5)}::int, ${n(6)}, ${n(7)}, ${n(8)},
      ${n(9)}::jsonb, ${n(10)}::jsonb, ${n(11)}, ${n(12)})`
  })
  await execute(`insert into "audit_entry" ("id", "at", "actor_id", "actor_role", "actor_agency_id", "action",
    "entity_type", "entity_id", "before", "after", "prev_hash", "hash") values ${tuples.join(', ')}`, params)
}
