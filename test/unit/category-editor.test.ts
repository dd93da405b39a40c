/**
 * Issue 6: an admin edits a RAL category's OPDs; an OPD leaves a category only when nothing filed under it still
 * goes to that OPD, so the public category page and complaint routing keep agreeing with the mapping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { categoriesForEditor, categoryForEditor, updateCategory } from '../../server/catalogue/category-editor'
import { CatalogueError } from '../../server/catalogue/errors'
import { ComplaintTypeSchema } from '../../server/database/entities/complaint-type'
import { ServiceSchema } from '../../server/database/entities/service'
import type { User } from '../../server/database/entities/user'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let admin: User
const em = () => seeded.database.orm.em.fork()

beforeAll(async () => {
  seeded = await openSeededDatabase('category_editor')
  admin = await createStaff(em(), { email: 'admin@kategori.test', name: 'Admin Kategori', role: 'admin',
    password: 'kata-sandi-panjang-sekali-2026' })
})
afterAll(async () => {
  await seeded?.database.close()
})

/** The first category with an OPD after the first that `busy` says is still in use there. */
async function categoryWithSecondAgency(busy: (code: string, agency: string) => Promise<boolean>) {
  for (const category of await categoriesForEditor(em())) {
    for (const agency of category.agencies.slice(1)) {
      if (await busy(category.code, agency.slug)) return { category, agency: agency.slug }
    }
  }
  throw new Error('the seed has no such category')
}

const hasPublishedService = async (code: string, agency: string) => await em().count(ServiceSchema,
  { category: { code }, agency: { slug: agency }, status: 'published' }) > 0
const hasActiveType = async (code: string, agency: string) => await em().count(ComplaintTypeSchema,
  { category: { code }, agency: { slug: agency }, active: true }) > 0

async function refusal(code: string, agencies: string[]): Promise<CatalogueError> {
  const error = await updateCategory(em(), admin, code, { description: 'Uraian yang tidak boleh tersimpan.',
    agencies }).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(CatalogueError)
  return error as CatalogueError
}

describe('removing an OPD from a RAL category', () => {
  it('refuses while the OPD still has a published service there, naming it, and changes nothing', async () => {
    const { category, agency } = await categoryWithSecondAgency(hasPublishedService)
    const service = await em().findOneOrFail(ServiceSchema, { category: { code: category.code },
      agency: { slug: agency }, status: 'published' }, { orderBy: { name: 'asc' } })
    const error = await refusal(category.code, category.agencies.map(a => a.slug).filter(slug => slug !== agency))
    expect(error.fields?.agencies).toContain(`layanan "${service.name}"`)
    expect(error.fields?.agencies).toContain('/admin/layanan')
    expect(await categoryForEditor(em(), category.code)).toEqual(category)
  })

  it('refuses while an active complaint type routes the category\'s complaints to the OPD', async () => {
    const { category, agency } = await categoryWithSecondAgency(hasActiveType)
    const error = await refusal(category.code, category.agencies.map(a => a.slug).filter(slug => slug !== agency))
    expect(error.fields?.agencies).toMatch(/jenis pengaduan "[^"]+"/)
    expect(await categoryForEditor(em(), category.code)).toEqual(category)
  })

  it('lets an OPD go once nothing of the category goes to it', async () => {
    const [category, other] = await categoriesForEditor(em())
    const added = other!.agencies.find(agency => !category!.agencies.some(a => a.slug === agency.slug))!.slug
    const kept = category!.agencies.map(a => a.slug)
    await updateCategory(em(), admin, category!.code, { description: category!.description,
      agencies: [...kept, added] })
    const updated = await updateCategory(em(), admin, category!.code, { description: category!.description,
      agencies: kept })
    expect(updated.agencies.map(a => a.slug)).toEqual(kept)
  })
})
