import { searchQuerySchema } from '../../catalogue/api-schemas'

export default defineReadHandler(async (event) => {
  const query = await validQuery(event, searchQuerySchema)
  await checkCatalogueFilters(await useEm(event), query)

  const engine = await useSearchEngine()
  const result = await engine.search({ q: query.q, category: query.category, agency: query.agency,
    limit: query.limit })
  setResponseHeader(event, 'Cache-Control', CATALOGUE_CACHE_CONTROL)
  return result
})
