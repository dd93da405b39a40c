import { slugSchema } from '../../../catalogue/api-schemas'
import { findService } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  const slug = getRouterParam(event, 'slug') ?? ''
  const service = slugSchema.safeParse(slug).success ? await findService(await useEm(event), slug) : null
  if (!service) throw notFound('Layanan tidak ditemukan.')
  cacheCatalogue(event)
  return service
})
