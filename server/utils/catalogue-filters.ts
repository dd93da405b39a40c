import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema } from '../database/entities/agency'
import { CategorySchema } from '../database/entities/category'
import { badRequest } from './http'

/** Unknown filter values are refused with a 400 rather than silently returning nothing. */
export async function checkCatalogueFilters(em: EntityManager, filter: { category?: string, agency?: string }) {
  if (filter.category && !(await em.count(CategorySchema, { code: filter.category }))) {
    throw badRequest(`Kategori "${filter.category.slice(0, 10)}" tidak dikenal. `
      + 'Lihat daftar kategori di /api/v1/categories.')
  }
  if (filter.agency && !(await em.count(AgencySchema, { slug: filter.agency }))) {
    throw badRequest(`OPD "${filter.agency.slice(0, 80)}" tidak dikenal. Lihat daftar OPD di /api/v1/agencies.`)
  }
}
