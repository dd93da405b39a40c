/**
 * Verifying the audit chain (docs/audit.md): every entry's hash is computed again from its columns and the hash
 * of the entry before it. Read in keyset batches by id, so a chain of millions of entries is checked in constant
 * memory. Ids are taken under the append lock, so the committed entries are always a prefix of the chain and a
 * verification running beside writers sees no false break.
 */
import type { AuditActorRole, AuditValues } from '../database/entities/audit-entry'
import type { Execute } from '../database/sql'
import { entryHash, GENESIS_HASH } from './hash'

/**
 * altered: the entry's columns no longer give its hash (it was changed in place). unlinked: its `prev_hash` is not
 * the hash of the entry now before it (an entry before it was removed, or that entry's hash was rewritten).
 */
export type AuditProblemReason = 'altered' | 'unlinked'

export interface AuditProblem {
  id: number
  reason: AuditProblemReason
}

export interface ChainVerification {
  ok: boolean
  /** Entries read. */
  checked: number
  /** The last entry: write its id and hash down to notice later that entries were cut off the end. */
  head: { id: number, hash: string } | null
  firstBroken: AuditProblem | null
  /** Up to MAX_PROBLEMS problems, in chain order; `more` when there were more. */
  problems: AuditProblem[]
  more: boolean
}

const MAX_PROBLEMS = 50

interface EntryRow {
  id: string
  /** In UTC to the microsecond: an entry is written to the millisecond, so more digits mean a changed time. */
  at: string
  actor_id: number | null
  actor_role: AuditActorRole
  actor_agency_id: number | null
  action: string
  entity_type: string
  entity_id: string
  before: AuditValues | null
  after: AuditValues | null
  prev_hash: string
  hash: string
}

export async function verifyAuditChain(execute: Execute, options: { batchSize?: number } = {}):
Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 2000
  const problems: AuditProblem[] = []
  let problemCount = 0
  let checked = 0
  let lastId = 0
  let expectedPrev = GENESIS_HASH
  let head: ChainVerification['head'] = null
  const report = (problem: AuditProblem) => {
    if (problemCount++ < MAX_PROBLEMS) problems.push(problem)
  }

  for (;;) {
    const rows = await execute<EntryRow>(`select "id",
      to_char("at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "at", "actor_id", "actor_role",
      "actor_agency_id", "action", "entity_type", "entity_id", "before", "after", "prev_hash", "hash"
      from "audit_entry" where "id" > $1::bigint order by "id" limit $2::int`, [lastId, batchSize])
    for (const row of rows) {
      const id = Number(row.id)
      if (row.prev_hash !== expectedPrev) report({ id, reason: 'unlinked' })
      const computed = entryHash({ id, at: row.at.replace(/(\.\d{3})000Z$/, '$1Z'), actorId: row.actor_id,
        actorRole: row.actor_role, actorAgencyId: row.actor_agency_id, action: row.action,
        entityType: row.entity_type, entityId: row.entity_id, before: row.before, after: row.after,
        prevHash: row.prev_hash })
      if (computed !== row.hash) report({ id, reason: 'altered' })
      expectedPrev = row.hash
      lastId = id
      head = { id, hash: row.hash }
    }
    checked += rows.length
    if (rows.length < batchSize) break
  }
  return { ok: problemCount === 0, checked, head, firstBroken: problems[0] ?? null, problems,
    more: problemCount > MAX_PROBLEMS }
}
