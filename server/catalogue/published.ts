import type { FilterQuery } from '@mikro-orm/core'
import type { Service } from '../database/entities/service'

/**
 * The one filter of what the public sees in the catalogue's exports (open data files, SPBE metadata, CPSV-AP):
 * published services only. Every row of `service` is the live published version for now; when services gain a
 * status (draft, in review, published, archived), this becomes `{ status: 'published' }` and every export follows.
 */
export function publishedServiceWhere(): FilterQuery<Service> {
  return { status: 'published' }
}
