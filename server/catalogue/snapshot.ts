import type { z } from 'zod'
import type { Service } from '../database/entities/service'
import { formSchema, type ServiceForm } from './form-schema'
import { serviceJson } from './queries'
import { serviceSeedSchema } from './seed-schema'

/**
 * A service snapshot: every catalogue field of one service as plain JSON, keyed as in the seed files, with its
 * application form (null: not applied for through the portal). It is what a publish writes, what one row of an
 * import holds and what a catalogue export lists (docs/catalogue-files.md).
 */
export const serviceSnapshotSchema = serviceSeedSchema.extend({ form: formSchema.nullable() })

export type ServiceSnapshot = z.infer<typeof serviceSnapshotSchema>
/**
 * The stored form with its keys in the schema's order (PostgreSQL's jsonb keeps its own order), so an export
 * reads the same whatever the database did. A form the schema no longer takes is given as stored.
 */
function orderedForm(form: ServiceForm | null | undefined): ServiceForm | null {
  if (!form) return null
  const parsed = formSchema.safeParse(form)
  return parsed.success ? parsed.data : form
}

const SNAPSHOT_KEYS = Object.keys(serviceSnapshotSchema.shape) as (keyof ServiceSnapshot)[]

/** The snapshot of a service, its keys in the seed files' order; its category and agency must be loaded. */
export function snapshotOf(service: Service): ServiceSnapshot {
  const json = serviceJson(service)
  const values: Record<keyof ServiceSnapshot, unknown> = { ...json, categoryCode: json.category.code,
    agencySlug: json.agency.slug, popular: service.popular, form: orderedForm(service.form) }
  return Object.fromEntries(SNAPSHOT_KEYS.map(key => [key, values[key]])) as ServiceSnapshot
}

/** JSON with object keys sorted: two values are the same when their canonical JSON is. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    : inner)
}
