/**
 * The complaint types Diskominfo's admins keep (issue 4: "Each OPD has a list of complaint types it handles,
 * editable later by admins"): name, keywords, RAL category, the layanan that takes it, the OPD, and whether it is
 * active. The suggestion (suggest.ts) and Open311's services.json read the table on every request, so an edit
 * counts from the next one. A type created or edited here carries `editedAt`, and the catalogue seed leaves it as the
 * admin left it (server/catalogue/seed.ts). The key, which is Open311's service_code, never changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { KEYWORD_LENGTH, KEYWORD_PATTERN } from '../catalogue/seed-schema'
import { slugify } from '../catalogue/slugify'
import { AgencySchema } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema } from '../database/entities/category'
import { ComplaintTypeSchema, type ComplaintType } from '../database/entities/complaint-type'
import { ServiceSchema } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { ComplaintError } from './errors'

export const MAX_KEYWORDS = 60

export interface ComplaintTypeRow {
  key: string
  name: string
  agency: { slug: string, name: string }
  category: { code: string, name: string }
  service: { slug: string, name: string } | null
  keywords: string[]
  active: boolean
  /** Null while the type is as the seed wrote it. */
  editedAt: Date | null
  editedBy: string | null
}

function rowOf(type: ComplaintType): ComplaintTypeRow {
  return { key: type.key, name: type.name, agency: { slug: type.agency.slug, name: type.agency.name },
    category: { code: type.category.code, name: type.category.name },
    service: type.service ? { slug: type.service.slug, name: type.service.name } : null,
    keywords: type.keywords, active: type.active, editedAt: type.editedAt ?? null,
    editedBy: type.editedBy?.name ?? null }
}

const POPULATE = ['agency', 'category', 'service', 'editedBy'] as const

/** Every type, or one OPD's, by OPD then name. */
export async function listComplaintTypes(em: EntityManager, filter: { agency?: string } = {}) {
  const types = await em.find(ComplaintTypeSchema, filter.agency ? { agency: { slug: filter.agency } } : {},
    { populate: POPULATE, orderBy: { agency: { name: 'asc' }, name: 'asc' } })
  return types.map(rowOf)
}

export async function findComplaintType(em: EntityManager, key: string): Promise<ComplaintTypeRow | null> {
  const type = key.length <= 80 ? await em.findOne(ComplaintTypeSchema, { key }, { populate: POPULATE }) : null
  return type ? rowOf(type) : null
}

export interface ComplaintTypeChoices {
  agencies: { slug: string, name: string, categories: string[] }[]
  categories: { code: string, name: string }[]
  services: { slug: string, name: string, agency: string }[]
}

/** What the editor's lists offer: every OPD with its categories, every category, every service with its OPD. */
export async function complaintTypeChoices(em: EntityManager): Promise<ComplaintTypeChoices> {
  const [agencies, links, categories, services] = await Promise.all([
    em.find(AgencySchema, {}, { orderBy: { name: 'asc' } }),
    em.find(CategoryAgencySchema, {}, { populate: ['category', 'agency'] }),
    em.find(CategorySchema, {}, { orderBy: { code: 'asc' } }),
    em.find(ServiceSchema, {}, { populate: ['agency'], orderBy: { name: 'asc' } }),
  ])
  return {
    agencies: agencies.map(agency => ({ slug: agency.slug, name: agency.name,
      categories: links.filter(link => link.agency.id === agency.id).map(link => link.category.code).sort() })),
    categories: categories.map(category => ({ code: category.code, name: category.name })),
    services: services.map(service => ({ slug: service.slug, name: service.name, agency: service.agency.slug })),
  }
}

const keywordMessage = `Tiap kata kunci ${KEYWORD_LENGTH.min} sampai ${KEYWORD_LENGTH.max} huruf: huruf kecil, angka, `
  + 'spasi, titik, garis miring atau tanda hubung.'

/** Keywords as a list (JSON) or as text, one a line or separated by commas (the form); lower case, each once. */
const keywords = z.union([z.array(z.string()), z.string()], { message: 'Tuliskan kata kunci.' })
  .transform(value => [...new Set((typeof value === 'string' ? value.split(/[\n,;]/) : value)
    .map(keyword => keyword.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean))])
  .pipe(z.array(z.string().min(KEYWORD_LENGTH.min, keywordMessage).max(KEYWORD_LENGTH.max, keywordMessage)
    .regex(KEYWORD_PATTERN, keywordMessage))
    .min(1, 'Tuliskan paling sedikit satu kata kunci.')
    .max(MAX_KEYWORDS, `Paling banyak ${MAX_KEYWORDS} kata kunci.`))

export const complaintTypeInputSchema = z.object({
  name: z.string({ message: 'Tuliskan nama jenis pengaduan.' }).trim()
    .min(5, 'Tuliskan nama jenis pengaduan, paling sedikit 5 huruf.').max(200, 'Nama paling banyak 200 huruf.'),
  agency: z.string({ message: 'Pilih OPD yang menangani.' }).trim().min(1, 'Pilih OPD yang menangani.').max(80),
  category: z.string({ message: 'Pilih kategori.' }).regex(/^\d{2}\.\d{2}$/, 'Pilih kategori dari daftar.'),
  service: z.string().trim().max(80).optional().transform(value => value || undefined),
  keywords,
  active: z.union([z.boolean(), z.enum(['ya', 'tidak'])]).optional()
    .transform(value => value === undefined ? undefined : value === true || value === 'ya'),
})

function invalid(errors: Record<string, string>) {
  return new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
}

/** A key for a new type from its name, unique: `-2`, `-3` … after a key in use. */
async function newKey(em: EntityManager, name: string): Promise<string> {
  const base = slugify(name).slice(0, 74).replace(/-+$/, '') || 'jenis-pengaduan'
  // `baru` is the editor's page for a new type (/admin/jenis-pengaduan/baru), so no type may have it as its key.
  const taken = new Set(['baru', ...(await em.find(ComplaintTypeSchema, { key: { $like: `${base}%` } },
    { fields: ['key'] })).map(type => type.key)])
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`
  return key
}

/**
 * Creates a type (`key` null) or edits type `key`, checked whole: the OPD exists, the category is one of the OPD's
 * (as the seed demands), the service is one of the OPD's. Marks it edited by `admin`.
 */
export async function saveComplaintType(em: EntityManager, admin: User, key: string | null, body: unknown):
Promise<ComplaintTypeRow> {
  const existing = key === null ? null : await em.findOne(ComplaintTypeSchema, { key })
  if (key !== null && !existing) throw new ComplaintError('not-found', 'Jenis pengaduan itu tidak ditemukan.')
  const parsed = complaintTypeInputSchema.safeParse(body ?? {})
  if (!parsed.success) {
    throw invalid(Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0]), issue.message])))
  }
  const input = parsed.data
  const agency = await em.findOne(AgencySchema, { slug: input.agency })
  if (!agency) throw invalid({ agency: 'OPD tidak ditemukan; pilih dari daftar.' })
  const link = await em.findOne(CategoryAgencySchema, { agency: agency.id, category: { code: input.category } },
    { populate: ['category'] })
  if (!link) throw invalid({ category: `Kategori ${input.category} bukan kategori ${agency.name}; pilih yang lain.` })
  const service = input.service ? await em.findOne(ServiceSchema, { slug: input.service }) : null
  if (input.service && service?.agency.id !== agency.id) {
    throw invalid({ service: `Layanan itu bukan layanan ${agency.name}; pilih layanan OPD tersebut atau kosongkan.` })
  }

  const data = { name: input.name, agency, category: link.category, service, keywords: input.keywords,
    editedAt: new Date(), editedBy: admin.id }
  const type = existing
    ? em.assign(existing, { ...data, ...(input.active === undefined ? {} : { active: input.active }) })
    : em.create(ComplaintTypeSchema, { ...data, key: await newKey(em, input.name), active: input.active ?? true })
  await em.flush()
  return (await findComplaintType(em.fork(), type.key))!
}
