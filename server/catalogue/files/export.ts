import type { FilterQuery } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema } from '../../database/entities/agency'
import { CategoryAgencySchema, CategorySchema } from '../../database/entities/category'
import { ServiceSchema, type Service } from '../../database/entities/service'
import { agencyRecordOf, type AgencyRecord } from '../agency-editor'
import { publishedServiceWhere } from '../published'
import { snapshotOf, type ServiceSnapshot } from '../snapshot'

/** A RAL category as the catalogue file lists it: its OPDs by slug, the default owner first. */
export interface CategoryRecord {
  code: string
  name: string
  description: string
  agencies: string[]
}

/** The catalogue file (the seed format): categories, OPDs and services, each in a fixed order. */
export interface CatalogueDocument {
  categories: CategoryRecord[]
  agencies: AgencyRecord[]
  services: ServiceSnapshot[]
}

/**
 * Who a catalogue file is for: an admin's lists every OPD; the open data file the active ones and any deactivated
 * one the file still names (as a published service's owner or in a category), so that every slug it uses resolves.
 */
export type CatalogueAudience = 'admin' | 'public'

/** The published catalogue (archived services are not part of it; an import of one publishes it again). */
export async function readCatalogue(em: EntityManager, audience: CatalogueAudience): Promise<CatalogueDocument> {
  const where: FilterQuery<Service> = publishedServiceWhere()
  const [categories, links, agencies, services] = await Promise.all([
    em.find(CategorySchema, {}, { orderBy: { code: 'asc' } }),
    em.find(CategoryAgencySchema, {}, { populate: ['agency'], orderBy: { position: 'asc' } }),
    em.find(AgencySchema, {}, { orderBy: { slug: 'asc' } }),
    em.find(ServiceSchema, where, { populate: ['category', 'agency'], orderBy: { spbeId: 'asc' } }),
  ])
  const named = new Set([...links, ...services].map(owned => owned.agency.slug))
  const listed = audience === 'admin' ? agencies : agencies.filter(agency => agency.active || named.has(agency.slug))
  return {
    categories: categories.map(category => ({ code: category.code, name: category.name,
      description: category.description,
      agencies: links.filter(link => link.category.id === category.id).map(link => link.agency.slug) })),
    agencies: listed.map(agencyRecordOf),
    services: services.map(snapshotOf),
  }
}

/** The catalogue file as JSON: two-space indent and a final line break, the same bytes for the same catalogue. */
export function catalogueJson(document: CatalogueDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`
}
