import { decodeCursor, encodeCursor, servicesQuerySchema } from '../../../catalogue/api-schemas'
import { listServices } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  const query = await validQuery(event, servicesQuerySchema)
  const after = query.cursor ? decodeCursor(query.cursor) : undefined
  if (after === null) throw badRequest('Penanda halaman (cursor) tidak valid. Mulai lagi dari halaman pertama.')
  const em = await useEm(event)
  await checkCatalogueFilters(em, query)

  const page = await listServices(em, { category: query.category, agency: query.agency, after, limit: query.limit })
  cacheCatalogue(event)
  return { items: page.items, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null }
})
