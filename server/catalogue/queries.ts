import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema, type Category } from '../database/entities/category'
import { KecamatanSchema } from '../database/entities/kecamatan'
import { ServiceSchema, type Service } from '../database/entities/service'
import type { SearchDocument } from '../search/engine'

export interface AgencyRef { slug: string, name: string, shortName: string }
export interface ServiceRef { slug: string, name: string }

export interface CategoryJson {
  code: string
  name: string
  slug: string
  description: string
  agencies: AgencyRef[]
  serviceCount: number
}

export interface ServiceSummaryJson extends ServiceRef {
  category: { code: string, name: string }
  agency: AgencyRef
}

const agencyRef = (agency: Agency): AgencyRef => ({ slug: agency.slug, name: agency.name, shortName: agency.shortName })

async function agenciesByCategory(em: EntityManager): Promise<Map<number, Agency[]>> {
  const links = await em.find(CategoryAgencySchema, {}, { populate: ['agency'], orderBy: { position: 'asc' } })
  const map = new Map<number, Agency[]>()
  for (const link of links) map.set(link.category.id, [...(map.get(link.category.id) ?? []), link.agency])
  return map
}

async function serviceCounts(em: EntityManager, column: 'category_id' | 'agency_id'): Promise<Map<number, number>> {
  const rows = await em.getConnection().execute<{ id: number, n: string }[]>(
    `select ${column} as id, count(*) as n from service group by 1`)
  return new Map(rows.map(row => [row.id, Number(row.n)]))
}

function categoryJson(category: Category, agencies: Agency[], serviceCount: number): CategoryJson {
  return { code: category.code, name: category.name, slug: category.slug, description: category.description,
    agencies: agencies.map(agencyRef), serviceCount }
}

export async function listCategories(em: EntityManager): Promise<CategoryJson[]> {
  const [categories, agencies, counts] = await Promise.all([
    em.find(CategorySchema, {}, { orderBy: { code: 'asc' } }),
    agenciesByCategory(em),
    serviceCounts(em, 'category_id'),
  ])
  return categories.map(c => categoryJson(c, agencies.get(c.id) ?? [], counts.get(c.id) ?? 0))
}

export async function findCategory(em: EntityManager, code: string) {
  const category = await em.findOne(CategorySchema, { code })
  if (!category) return null
  const [links, services] = await Promise.all([
    em.find(CategoryAgencySchema, { category }, { populate: ['agency'], orderBy: { position: 'asc' } }),
    em.find(ServiceSchema, { category }, { orderBy: { popular: 'desc', name: 'asc' } }),
  ])
  return {
    ...categoryJson(category, links.map(link => link.agency), services.length),
    services: services.map(s => ({ slug: s.slug, name: s.name })),
  }
}

export async function listAgencies(em: EntityManager) {
  const [agencies, links] = await Promise.all([
    em.find(AgencySchema, {}, { orderBy: { name: 'asc' } }),
    em.find(CategoryAgencySchema, {}, { populate: ['category'], orderBy: { category: { code: 'asc' } } }),
  ])
  return agencies.map(agency => ({
    ...agencyRef(agency),
    categories: links.filter(link => link.agency.id === agency.id).map(link => link.category.code),
  }))
}

export async function findAgency(em: EntityManager, slug: string) {
  const agency = await em.findOne(AgencySchema, { slug })
  if (!agency) return null
  const [links, services] = await Promise.all([
    em.find(CategoryAgencySchema, { agency }, { populate: ['category'], orderBy: { category: { code: 'asc' } } }),
    em.find(ServiceSchema, { agency }, { populate: ['category'], orderBy: { name: 'asc' } }),
  ])
  return {
    ...agencyRef(agency),
    address: agency.address ?? null,
    phone: agency.phone ?? null,
    email: agency.email ?? null,
    website: agency.website ?? null,
    categories: links.map(link => link.category.code),
    categoryDetails: links.map(link => ({ code: link.category.code, name: link.category.name })),
    services: services.map(s => ({ slug: s.slug, name: s.name, category: { code: s.category.code,
      name: s.category.name } })),
  }
}

export interface ServicePage { items: ServiceSummaryJson[], nextCursor: string | null }

function summary(service: Service): ServiceSummaryJson {
  return { slug: service.slug, name: service.name,
    category: { code: service.category.code, name: service.category.name }, agency: agencyRef(service.agency) }
}

/** Keyset pagination by slug: the cursor is the last slug of the previous page, so pages never shift. */
export interface ServiceFilter {
  category?: string
  agency?: string
  after?: string
  limit: number
}

export async function listServices(em: EntityManager, filter: ServiceFilter): Promise<ServicePage> {
  const where: Record<string, unknown> = {}
  if (filter.category) where.category = { code: filter.category }
  if (filter.agency) where.agency = { slug: filter.agency }
  if (filter.after) where.slug = { $gt: filter.after }
  const rows = await em.find(ServiceSchema, where, {
    populate: ['category', 'agency'], orderBy: { slug: 'asc' }, limit: filter.limit + 1,
  })
  const items = rows.slice(0, filter.limit).map(summary)
  return { items, nextCursor: rows.length > filter.limit ? items.at(-1)!.slug : null }
}

export async function popularServices(em: EntityManager, limit = 8): Promise<ServiceSummaryJson[]> {
  const rows = await em.find(ServiceSchema, { popular: true }, {
    populate: ['category', 'agency'], orderBy: { spbeId: 'asc' }, limit,
  })
  return rows.map(summary)
}

export function serviceJson(service: Service) {
  return {
    spbeId: service.spbeId,
    slug: service.slug,
    name: service.name,
    category: { code: service.category.code, name: service.category.name },
    agency: agencyRef(service.agency),
    purpose: service.purpose,
    function: service.function,
    target: service.target,
    method: service.method,
    benefits: service.benefits,
    economicPotential: service.economicPotential,
    risks: service.risks,
    riskMitigation: service.riskMitigation,
    relatedMinistry: service.relatedMinistry,
    governmentAffair: service.governmentAffair,
    relatedMetadataIds: service.relatedMetadataIds,
    requirements: service.requirements,
    procedure: service.procedure,
    durationDays: service.durationDays ?? null,
    durationNote: service.durationNote,
    fee: { amount: service.feeAmount ?? null, note: service.feeNote },
    output: service.output,
    legalBasis: service.legalBasis,
    complaintHandling: service.complaintHandling,
    channelUrl: service.channelUrl ?? null,
    externalProvider: service.externalProvider ?? null,
    aliases: service.aliases,
    sources: service.sources,
    form: service.form ?? null,
  }
}

export type ServiceJson = ReturnType<typeof serviceJson>

export async function findService(em: EntityManager, slug: string): Promise<ServiceJson | null> {
  const service = await em.findOne(ServiceSchema, { slug }, { populate: ['category', 'agency'] })
  return service ? serviceJson(service) : null
}

export async function listKecamatan(em: EntityManager) {
  const rows = await em.find(KecamatanSchema, {}, { orderBy: { name: 'asc' } })
  return rows.map(row => ({ code: row.code, name: row.name, slug: row.slug }))
}

export function searchDocument(service: Service): SearchDocument {
  return {
    slug: service.slug,
    name: service.name,
    aliases: service.aliases,
    categoryCode: service.category.code,
    categoryName: service.category.name,
    agencySlug: service.agency.slug,
    agencyName: service.agency.name,
    agencyShortName: service.agency.shortName,
    purpose: service.purpose,
    function: service.function,
    output: service.output,
    requirements: service.requirements,
    procedure: service.procedure,
    method: service.method,
    target: service.target,
    free: service.feeAmount === 0,
    popular: service.popular,
  }
}

export async function allSearchDocuments(em: EntityManager): Promise<SearchDocument[]> {
  const rows = await em.find(ServiceSchema, {}, { populate: ['category', 'agency'], orderBy: { slug: 'asc' } })
  return rows.map(searchDocument)
}

/** The search documents of the services with these slugs (a slug without a service gives none). */
export async function searchDocumentsFor(em: EntityManager, slugs: string[]): Promise<SearchDocument[]> {
  if (!slugs.length) return []
  const rows = await em.find(ServiceSchema, { slug: { $in: slugs } }, { populate: ['category', 'agency'],
    orderBy: { slug: 'asc' } })
  return rows.map(searchDocument)
}
