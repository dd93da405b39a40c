import type { Execute } from '../../server/database/sql'

/** An audit_entry row as the tests read it. */
export interface AuditEntryRow {
  id: string
  actor_id: number | null
  actor_role: string
  actor_agency_id: number | null
  action: string
  entity_type: string
  entity_id: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/**
 * Reads the audit trail: the entries of one entity in order, and how many entries there are in all. `execute` is
 * asked for at each read, so a test file can set this up before its database is open.
 */
export function auditReader(execute: () => Execute) {
  const entriesOf = (entityType: string, entityId: string | number) => execute()<AuditEntryRow>(`select "id",
    "actor_id", "actor_role", "actor_agency_id", "action", "entity_type", "entity_id", "before", "after"
    from "audit_entry" where "entity_type" = $1 and "entity_id" = $2 order by "id"`, [entityType, String(entityId)])
  const count = async () => Number((await execute()<{ n: string }>('select count(*) as n from "audit_entry"'))[0]!.n)
  return { entriesOf, count }
}
