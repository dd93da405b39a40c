import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema, type Category } from '../database/entities/category'
import { ComplaintTypeSchema, type ComplaintType } from '../database/entities/complaint-type'
import { KecamatanSchema } from '../database/entities/kecamatan'
import { ServiceSchema, type Service } from '../database/entities/service'
import { formSchema, type ServiceForm } from './form-schema'
import { complaintTypesSeedSchema, serviceSeedSchema, type ServiceSeed } from './seed-schema'
import { slugify } from './slugify'
import { canonicalJson } from './snapshot'

/** The raw seed files, read from disk by the CLI and from the server bundle's assets by the running portal. */
export interface CatalogueSeedFiles {
  categoriesTsv: string
  kecamatanTsv: string
  agenciesJson: string
  serviceJsons: string[]
  /** One application form per service that is applied for through the portal, keyed by the service's slug. */
  formJsons: { slug: string, json: string }[]
  /** The complaint types per OPD slug (`complaint-types.json`). */
  complaintTypesJson: string
}

const agencySeedSchema = z.array(z.object({
  slug: z.string(),
  name: z.string(),
  shortName: z.string(),
  address: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  website: z.string().nullish(),
}))

function parseTsv(source: string): string[][] {
  return source.trim().split('\n').slice(1).map(line => line.split('\t').map(cell => cell.trim()))
}

export function parseServiceSeeds(files: string[]): ServiceSeed[] {
  return files.flatMap(file => z.array(serviceSeedSchema).parse(JSON.parse(file)))
}

export interface SeedReport {
  categories: number
  agencies: number
  kecamatan: number
  services: number
  forms: number
  complaintTypes: number
}

/**
 * Writes the catalogue into the database, creating or updating each row by its natural key (code or slug), so
 * running it twice changes nothing the second time.
 */
export async function seedCatalogue(em: EntityManager, files: CatalogueSeedFiles): Promise<SeedReport> {
  const agencySeeds = agencySeedSchema.parse(JSON.parse(files.agenciesJson))
  const categoryRows = parseTsv(files.categoriesTsv)
  const kecamatanRows = parseTsv(files.kecamatanTsv)
  const serviceSeeds = parseServiceSeeds(files.serviceJsons)

  const agencies = new Map((await em.find(AgencySchema, {})).map(agency => [agency.slug, agency]))
  for (const seed of agencySeeds) {
    const data = { ...seed, address: seed.address ?? null, phone: seed.phone ?? null, email: seed.email ?? null,
      website: seed.website ?? null }
    const existing = agencies.get(seed.slug)
    if (existing) em.assign(existing, data)
    else agencies.set(seed.slug, em.create(AgencySchema, data))
  }
  const agencyByName = new Map([...agencies.values()].map(agency => [agency.name, agency]))

  const categories = new Map((await em.find(CategorySchema, {})).map(category => [category.code, category]))
  const links = await em.find(CategoryAgencySchema, {}, { populate: ['category', 'agency'] })
  for (const [code, name, description, agencyNames] of categoryRows) {
    const data = { code: code!, name: name!, slug: slugify(name!), description: description! }
    let category = categories.get(code!)
    if (category) em.assign(category, data)
    else categories.set(code!, category = em.create(CategorySchema, data))
    agencyNames!.split(';').map(agencyName => agencyName.trim()).forEach((agencyName, position) => {
      const agency = agencyByName.get(agencyName)
      if (!agency) throw new Error(`category ${code} names an OPD that is not in agencies.json: ${agencyName}`)
      const link = links.find(l => l.category.code === code && l.agency.slug === agency.slug)
      if (link) link.position = position
      else em.create(CategoryAgencySchema, { category: category!, agency, position })
    })
  }

  const kecamatan = new Map((await em.find(KecamatanSchema, {})).map(row => [row.code, row]))
  for (const [code, name] of kecamatanRows) {
    const data = { code: code!, name: name!, slug: slugify(name!) }
    const existing = kecamatan.get(code!)
    if (existing) em.assign(existing, data)
    else em.create(KecamatanSchema, data)
  }

  const forms = new Map<string, ServiceForm>(files.formJsons.map(({ slug, json }) => {
    if (!serviceSeeds.some(seed => seed.slug === slug)) throw new Error(`form for an unknown service: ${slug}`)
    return [slug, formSchema.parse(JSON.parse(json))]
  }))

  const services = new Map((await em.find(ServiceSchema, {})).map(service => [service.slug, service]))
  for (const seed of serviceSeeds) {
    const category = categories.get(seed.categoryCode)
    const agency = agencies.get(seed.agencySlug)
    if (!category || !agency) throw new Error(`service ${seed.slug} names an unknown category or OPD`)
    const { categoryCode: _code, agencySlug: _agency, fee, ...rest } = seed
    const existing = services.get(seed.slug)
    const form = forms.get(seed.slug) ?? null
    // PostgreSQL returns jsonb with its keys reordered; keep the stored object when only the order differs, so a
    // second seed changes nothing.
    const data = { ...rest, category, agency, feeAmount: fee.amount, feeNote: fee.note,
      form: existing && canonicalJson(existing.form) === canonicalJson(form) ? existing.form : form }
    if (existing) em.assign(existing, data)
    else services.set(seed.slug, em.create(ServiceSchema, data))
  }

  const agencyCategories = new Map<string, Set<string>>()
  for (const [code, , , agencyNames] of categoryRows) {
    for (const agencyName of agencyNames!.split(';')) {
      const slug = agencyByName.get(agencyName.trim())!.slug
      agencyCategories.set(slug, (agencyCategories.get(slug) ?? new Set()).add(code!))
    }
  }
  const complaintTypes = seedComplaintTypes(em, files.complaintTypesJson, { agencies, categories, services,
    agencyCategories, existing: await em.find(ComplaintTypeSchema, {}) })

  await em.flush()
  return { categories: categoryRows.length, agencies: agencySeeds.length, kecamatan: kecamatanRows.length,
    services: serviceSeeds.length, forms: forms.size, complaintTypes }
}

interface ComplaintTypeContext {
  agencies: Map<string, Agency>
  categories: Map<string, Category>
  services: Map<string, Service>
  /** The RAL category codes of each OPD slug. */
  agencyCategories: Map<string, Set<string>>
  existing: ComplaintType[]
}

/**
 * Creates each OPD's missing complaint types and updates the others by key, except those an admin created or edited
 * (`editedAt`, /admin/jenis-pengaduan): an admin's edit outlives every later seed. `active` is set on creation only:
 * switching a type off is an admin's decision that a later seed keeps too.
 */
function seedComplaintTypes(em: EntityManager, json: string, context: ComplaintTypeContext): number {
  const seeds = complaintTypesSeedSchema.parse(JSON.parse(json))
  const existing = new Map(context.existing.map(type => [type.key, type]))
  let count = 0
  for (const [agencySlug, types] of Object.entries(seeds)) {
    const agency = context.agencies.get(agencySlug)
    if (!agency) throw new Error(`complaint types for an unknown OPD: ${agencySlug}`)
    for (const seed of types) {
      if (!context.agencyCategories.get(agencySlug)?.has(seed.category)) {
        throw new Error(`complaint type ${seed.key}: category ${seed.category} is not one of ${agencySlug}'s`)
      }
      const service = seed.service ? context.services.get(seed.service) : undefined
      if (seed.service && service?.agency !== agency) {
        throw new Error(`complaint type ${seed.key}: service ${seed.service} is not a service of ${agencySlug}`)
      }
      const data = { key: seed.key, name: seed.name, agency, category: context.categories.get(seed.category)!,
        service: service ?? null, keywords: seed.keywords }
      const type = existing.get(seed.key)
      if (type && !type.editedAt) em.assign(type, data)
      else if (!type) existing.set(seed.key, em.create(ComplaintTypeSchema, { ...data, active: true }))
      count++
    }
  }
  return count
}
