import type { AuditValues } from '../database/entities/audit-entry'
import { canonicalJson } from './hash'

/**
 * The fields a write changed, out of everything it could change: a field whose value is the same before and after
 * is left out of both, except those in `keep` (a request's status, which says where it stood even for a note).
 */
export function changedFields(before: AuditValues, after: AuditValues, keep: readonly string[] = []):
{ before: AuditValues, after: AuditValues } {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(field => keep.includes(field)
    || canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null))
  const pick = (values: AuditValues) =>
    Object.fromEntries(fields.filter(field => field in values).map(field => [field, values[field] ?? null]))
  return { before: pick(before), after: pick(after) }
}
