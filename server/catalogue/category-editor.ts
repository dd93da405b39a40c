/**
 * Editing a RAL category (issue 6, admins only): its description and the OPDs it maps to, in order (the first is
 * the default owner of anything filed under it). Codes and names are those of the architecture decree and stay.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { changedFields, recordAudit } from '../audit'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema, type Category } from '../database/entities/category'
import { ComplaintTypeSchema } from '../database/entities/complaint-type'
import { ServiceDraftSchema, ServiceSchema } from '../database/entities/service'
import type { User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { catalogueNotFound, invalidCatalogueInput } from './errors'
import { fieldMessages, listLines } from './editor-input'
import { publishedServiceWhere } from './published'

export const categoryInputSchema = z.object({
  description: z.string({ message: 'Isi uraian kategori.' }).trim()
    .min(3, 'Isi uraian kategori, paling sedikit 3 huruf.').max(2000, 'Uraian paling banyak 2.000 huruf.'),
  agencies: z.array(z.string().trim().regex(/^[a-z0-9-]{1,80}$/, 'Tulis alamat (slug) OPD, misalnya disdukcapil.'),
    { message: 'Tulis OPD pelaksana, satu per baris.' })
    .min(1, 'Tulis paling sedikit satu OPD pelaksana.').max(12, 'Paling banyak 12 OPD.')
    .refine(slugs => new Set(slugs).size === slugs.length, 'Setiap OPD cukup ditulis sekali.'),
})

export interface CategoryEditorView {
  code: string
  name: string
  description: string
  agencies: { slug: string, name: string, shortName: string }[]
}

export async function categoriesForEditor(em: EntityManager): Promise<CategoryEditorView[]> {
  const [categories, links] = await Promise.all([
    em.find(CategorySchema, {}, { orderBy: { code: 'asc' } }),
    em.find(CategoryAgencySchema, {}, { populate: ['agency'], orderBy: { position: 'asc' } }),
  ])
  return categories.map(category => ({ code: category.code, name: category.name, description: category.description,
    agencies: links.filter(link => link.category.id === category.id).map(link => ({ slug: link.agency.slug,
      name: link.agency.name, shortName: link.agency.shortName })) }))
}

export async function categoryForEditor(em: EntityManager, code: string): Promise<CategoryEditorView> {
  const category = (await categoriesForEditor(em)).find(candidate => candidate.code === code)
  if (!category) throw catalogueNotFound('Kategori itu tidak ditemukan.')
  return category
}

/**
 * An OPD leaves a category only when nothing filed under the category still goes to it: a published service of its
 * own there, an open draft (draft or in review) of one, or an active complaint type that routes complaints of the
 * category to it. Otherwise the public category page and complaint routing would disagree with the mapping.
 */
async function refuseRemovalInUse(em: EntityManager, category: Category, removed: Agency[]) {
  for (const agency of removed) {
    const [services, types, drafts] = await Promise.all([
      em.find(ServiceSchema, { $and: [publishedServiceWhere(), { category, agency }] },
        { orderBy: { name: 'asc' }, limit: 3 }),
      em.find(ComplaintTypeSchema, { category, agency, active: true }, { orderBy: { name: 'asc' }, limit: 3 }),
      em.find(ServiceDraftSchema, { agency, status: { $in: ['draft', 'in_review'] } }, { orderBy: { id: 'asc' } }),
    ])
    const inUse = [...services.map(service => `layanan "${service.name}"`),
      ...types.map(type => `jenis pengaduan "${type.name}"`),
      ...drafts.filter(draft => draft.snapshot.categoryCode === category.code).slice(0, 3)
        .map(draft => `draf "${draft.snapshot.name}" (/admin/draf/${draft.id})`)]
    if (inUse.length === 0) continue
    throw invalidCatalogueInput({ agencies: `${agency.shortName || agency.name} masih menangani ${inUse.join(', ')} `
      + 'di kategori ini. Pindahkan layanan di /admin/layanan dan jenis pengaduan di /admin/jenis-pengaduan (atau '
      + 'nonaktifkan), selesaikan atau buang drafnya, lalu hapus OPD ini dari kategori.' })
  }
}

/** The page's form: the OPDs one slug per line. */
export function categoryInputFromForm(body: Record<string, string>) {
  return { description: String(body.description ?? ''), agencies: listLines(body.agencies) }
}

export async function updateCategory(em: EntityManager, actor: User, code: string, input: unknown):
Promise<CategoryEditorView> {
  const parsed = categoryInputSchema.safeParse(input)
  if (!parsed.success) throw invalidCatalogueInput(fieldMessages(parsed.error))
  await em.transactional(async (tx) => {
    const category = await tx.findOne(CategorySchema, { code })
    if (!category) throw catalogueNotFound('Kategori itu tidak ditemukan.')
    const agencies = await tx.find(AgencySchema, { slug: { $in: parsed.data.agencies }, active: true })
    const unknown = parsed.data.agencies.findIndex(slug => !agencies.some(agency => agency.slug === slug))
    if (unknown >= 0) {
      throw invalidCatalogueInput({ agencies: `Baris ${unknown + 1}: OPD "${parsed.data.agencies[unknown]}" tidak `
        + 'dikenal atau tidak aktif.' })
    }
    const links = await tx.find(CategoryAgencySchema, { category }, { populate: ['agency'],
      orderBy: { position: 'asc' } })
    const before = { description: category.description, agencies: links.map(link => link.agency.slug) }
    const removed = links.filter(link => !parsed.data.agencies.includes(link.agency.slug)).map(link => link.agency)
    await refuseRemovalInUse(tx, category, removed)
    for (const link of links) {
      if (!parsed.data.agencies.includes(agencies.find(a => a.id === link.agency.id)?.slug ?? '')) tx.remove(link)
    }
    parsed.data.agencies.forEach((slug, position) => {
      const agency = agencies.find(candidate => candidate.slug === slug)!
      const link = links.find(candidate => candidate.agency.id === agency.id)
      if (link) link.position = position
      else tx.create(CategoryAgencySchema, { category, agency, position })
    })
    category.description = parsed.data.description
    await tx.flush()
    await recordAudit(tx, { actor, action: 'category.update', entityType: 'category', entityId: code,
      ...changedFields(before, { description: category.description, agencies: parsed.data.agencies }) })
  })
  logger.info({ category: code, actor: actor.id }, 'category updated')
  return categoryForEditor(em.fork(), code)
}
