import { categoryCodeSchema } from '../../../catalogue/api-schemas'
import { findCategory } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  const code = getRouterParam(event, 'code') ?? ''
  const category = categoryCodeSchema.safeParse(code).success ? await findCategory(await useEm(event), code) : null
  if (!category) throw notFound('Kategori layanan tidak ditemukan.')
  cacheCatalogue(event)
  return category
})
