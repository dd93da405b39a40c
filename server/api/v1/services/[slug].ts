import { slugSchema } from '../../../catalogue/api-schemas'
import { cpsvPublicService } from '../../../catalogue/files/linked-data'
import { findService } from '../../../catalogue/queries'

/**
 * `/api/v1/services/:slug` answers the service as JSON; `/api/v1/services/:slug.jsonld` answers it in CPSV-AP
 * (application/ld+json). Both live here because h3's router (radix3) takes a parameter as a whole path segment: a
 * file named `[slug].jsonld.ts` would be one more `:slug` route, never a suffix.
 */
const LINKED_DATA_SUFFIX = '.jsonld'

export default defineReadHandler(async (event) => {
  const segment = getRouterParam(event, 'slug') ?? ''
  const linkedData = segment.endsWith(LINKED_DATA_SUFFIX)
  const slug = linkedData ? segment.slice(0, -LINKED_DATA_SUFFIX.length) : segment
  const service = slugSchema.safeParse(slug).success ? await findService(await useEm(event), slug) : null
  if (!service) throw notFound('Layanan tidak ditemukan.')
  cacheCatalogue(event)
  if (!linkedData) return service
  setResponseHeader(event, 'Content-Type', 'application/ld+json; charset=utf-8')
  return `${JSON.stringify(cpsvPublicService(service, publicOrigin(event)), null, 2)}\n`
})
