/**
 * Editing the OPDs (issue 6, admins only): creating one, changing its names, address, contacts and opening hours,
 * and deactivating it. A deactivated OPD leaves the public pages but stays, because requests, complaints and
 * accounts refer to it; it can be deactivated only once nothing live depends on it.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { changedFields, flushAudited, recordAudit } from '../audit'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema } from '../database/entities/category'
import { OPEN_DRAFT_STATUSES, ServiceDraftSchema, ServiceSchema } from '../database/entities/service'
import { UserSchema, type User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { blankToNull, fieldMessages } from './editor-input'
import { CatalogueError, catalogueNotFound, invalidCatalogueInput } from './errors'
import { updateSearchIndex } from './search-index'

const optional = (schema: z.ZodString) => z.preprocess(blankToNull, schema.nullable().optional())
  .transform(value => value ?? null)

export const agencyInputSchema = z.object({
  name: z.string({ message: 'Isi nama lengkap OPD.' }).trim().min(3, 'Isi nama lengkap OPD.')
    .max(200, 'Nama paling banyak 200 huruf.'),
  shortName: z.string({ message: 'Isi nama singkat OPD.' }).trim().min(2, 'Isi nama singkat OPD.')
    .max(80, 'Nama singkat paling banyak 80 huruf.'),
  address: optional(z.string().trim().max(300, 'Alamat paling banyak 300 huruf.')),
  phone: optional(z.string().trim().regex(/^[0-9+() -]{5,40}$/, 'Nomor telepon hanya angka, spasi, +, - dan ().')),
  email: optional(z.string().trim().max(120).email('Alamat e-mail belum benar. Contoh: dinas@tanggamus.go.id')),
  // Only web addresses: the OPD page renders it as a link, which must never run script (javascript:, data:).
  website: optional(z.string().trim().max(200).url('Alamat situs diawali https://')
    .refine(value => /^https?:\/\//i.test(value), 'Alamat situs diawali https://')),
  openingHours: optional(z.string().trim().max(300, 'Jam layanan paling banyak 300 huruf.')),
})

export const newAgencyInputSchema = agencyInputSchema.extend({
  slug: z.string({ message: 'Isi alamat (slug) OPD.' }).trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Alamat hanya huruf kecil, angka dan tanda hubung, misalnya dinas-pupr.')
    .max(80, 'Alamat paling banyak 80 huruf.'),
})

export const AGENCY_FIELDS = ['slug', 'name', 'shortName', 'address', 'phone', 'email', 'website',
  'openingHours'] as const

/**
 * An OPD as the audit trail keeps it: its office phone and e-mail stay out (a contact may be a person's own number),
 * an entry says only that the contact changed.
 */
function auditValues(agency: Agency) {
  return { name: agency.name, shortName: agency.shortName, address: agency.address ?? null,
    website: agency.website ?? null, openingHours: agency.openingHours ?? null, active: agency.active }
}

const contactOf = (agency: Agency) => [agency.phone ?? null, agency.email ?? null]

/** An OPD as the catalogue file lists it (files/export.ts): every field /admin/opd edits, and its flag. */
export interface AgencyRecord {
  slug: string
  name: string
  shortName: string
  address: string | null
  phone: string | null
  email: string | null
  website: string | null
  /** The office's service hours as /admin/opd writes them, free text (shown on /opd/<slug>). */
  openingHours: string | null
  /** False for a deactivated OPD: it takes no new service, and an import cannot publish one under it. */
  active: boolean
}

export function agencyRecordOf(agency: Agency): AgencyRecord {
  return { slug: agency.slug, name: agency.name, shortName: agency.shortName, address: agency.address ?? null,
    phone: agency.phone ?? null, email: agency.email ?? null, website: agency.website ?? null,
    openingHours: agency.openingHours ?? null, active: agency.active }
}

/** The editor's view adds what depends on the OPD: its published services and active staff accounts. */
export interface AgencyEditorView extends AgencyRecord {
  services: number
  staff: number
}

async function viewOf(em: EntityManager, agency: Agency): Promise<AgencyEditorView> {
  const [services, staff] = await Promise.all([
    em.count(ServiceSchema, { agency, status: 'published' }),
    em.count(UserSchema, { agency, active: true }),
  ])
  return { ...agencyRecordOf(agency), services, staff }
}

export async function agenciesForEditor(em: EntityManager): Promise<AgencyEditorView[]> {
  const agencies = await em.find(AgencySchema, {}, { orderBy: { active: 'desc', name: 'asc' } })
  return Promise.all(agencies.map(agency => viewOf(em, agency)))
}

async function agencyBySlug(em: EntityManager, slug: string): Promise<Agency> {
  const agency = await em.findOne(AgencySchema, { slug })
  if (!agency) throw catalogueNotFound('OPD itu tidak ditemukan.')
  return agency
}

export async function agencyForEditor(em: EntityManager, slug: string): Promise<AgencyEditorView> {
  return viewOf(em, await agencyBySlug(em, slug))
}

export async function createAgency(em: EntityManager, actor: User, input: unknown): Promise<AgencyEditorView> {
  const parsed = newAgencyInputSchema.safeParse(input)
  if (!parsed.success) throw invalidCatalogueInput(fieldMessages(parsed.error))
  if (await em.count(AgencySchema, { slug: parsed.data.slug })) {
    throw invalidCatalogueInput({ slug: `Alamat "${parsed.data.slug}" sudah dipakai OPD lain.` })
  }
  const agency = em.create(AgencySchema, { ...parsed.data, active: true })
  await flushAudited(em, () => ({ actor, action: 'agency.create', entityType: 'agency', entityId: agency.slug,
    after: { ...auditValues(agency), contactChanged: Boolean(agency.phone || agency.email) } }))
  logger.info({ agency: agency.slug, actor: actor.id }, 'agency created')
  return viewOf(em, agency)
}

/** Saves an OPD's details; its published services' search documents carry its names, so they follow. */
export async function updateAgency(em: EntityManager, actor: User, slug: string, input: unknown):
Promise<AgencyEditorView> {
  const parsed = agencyInputSchema.safeParse(input)
  if (!parsed.success) throw invalidCatalogueInput(fieldMessages(parsed.error))
  const agency = await em.transactional(async (tx) => {
    const found = await agencyBySlug(tx, slug)
    const renamed = found.name !== parsed.data.name || found.shortName !== parsed.data.shortName
    const before = auditValues(found)
    const contact = contactOf(found)
    tx.assign(found, parsed.data)
    await tx.flush()
    if (renamed) {
      const services = await tx.find(ServiceSchema, { agency: found, status: 'published' }, { fields: ['slug'] })
      await updateSearchIndex(tx, services.map(service => service.slug))
    }
    const changed = changedFields(before, auditValues(found))
    const contactChanged = contactOf(found).some((value, index) => value !== contact[index])
    await recordAudit(tx, { actor, action: 'agency.update', entityType: 'agency', entityId: slug,
      before: changed.before, after: { ...changed.after, ...(contactChanged ? { contactChanged } : {}) } })
    return found
  })
  logger.info({ agency: slug, actor: actor.id }, 'agency updated')
  return viewOf(em, agency)
}

/**
 * Deactivates or reactivates an OPD. Deactivating is refused while it still has published services, active staff
 * accounts, RAL categories or open service drafts: those move to another OPD (or a draft is published or discarded)
 * first, so that nothing is routed to an OPD nobody reads and no draft waits for a review that cannot publish it.
 */
export async function setAgencyActive(em: EntityManager, actor: User, slug: string, active: boolean):
Promise<AgencyEditorView> {
  const agency = await agencyBySlug(em, slug)
  if (agency.active === active) {
    throw new CatalogueError('conflict', active ? 'OPD ini sudah aktif.' : 'OPD ini sudah nonaktif.')
  }
  if (!active) {
    const view = await viewOf(em, agency)
    const [categories, drafts] = await Promise.all([em.count(CategoryAgencySchema, { agency }),
      em.count(ServiceDraftSchema, { agency, status: { $in: [...OPEN_DRAFT_STATUSES] } })])
    const left = [view.services && `${view.services} layanan tayang`, view.staff && `${view.staff} akun petugas aktif`,
      categories && `${categories} kategori RAL`, drafts && `${drafts} draf layanan yang belum selesai (diterbitkan `
      + 'atau dibuang di /admin/layanan)'].filter(Boolean)
    if (left.length) {
      throw new CatalogueError('conflict', `OPD ini masih punya ${left.join(', ')}. Pindahkan atau nonaktifkan `
        + 'dulu, lalu coba lagi.')
    }
  }
  agency.active = active
  await flushAudited(em, () => ({ actor, action: active ? 'agency.activate' : 'agency.deactivate',
    entityType: 'agency', entityId: slug, before: { active: !active }, after: { active } }))
  logger.info({ agency: slug, active, actor: actor.id }, 'agency activation changed')
  return viewOf(em, agency)
}
