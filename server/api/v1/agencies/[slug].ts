import { slugSchema } from '../../../catalogue/api-schemas'
import { findAgency } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  const slug = getRouterParam(event, 'slug') ?? ''
  const agency = slugSchema.safeParse(slug).success ? await findAgency(await useEm(event), slug) : null
  if (!agency) throw notFound('OPD tidak ditemukan.')
  cacheCatalogue(event)
  return agency
})
