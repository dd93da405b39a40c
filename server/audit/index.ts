/**
 * The audit trail (issue 6, docs/audit.md): free of HTTP.
 *
 *   recordAudit       add entries inside the write's own transaction (record.ts)
 *   flushAudited      flush a request's EntityManager and record the write in one transaction (flush.ts)
 *   listAudit         entries newest first, filtered, with their field-by-field changes (list.ts)
 *   verifyAuditChain  recompute every hash in batches and report the first break (verify.ts)
 */
export { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType } from './actions'
export { changedFields } from './fields'
export { flushAudited } from './flush'
export {
  auditChanges, listAudit, type AuditChange, type AuditEntryJson, type AuditFilter, type AuditPage,
} from './list'
export { auditQueryErrors, auditQuerySchema, type AuditQuery } from './query'
export { recordAudit, type AuditActor, type AuditEntryInput, type RecordedAudit } from './record'
export { verifyAuditChain, type AuditProblem, type AuditProblemReason, type ChainVerification } from './verify'
