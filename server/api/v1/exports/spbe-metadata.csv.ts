import { ServiceSchema } from '../../../database/entities/service'
import { spbeMetadataCsv } from '../../../catalogue/files/spbe'
import { publishedServiceWhere } from '../../../catalogue/published'

/** The SPBE service metadata (SE MenPANRB 18/2022) of every published service, as open data. */
export default defineReadHandler(async (event) => {
  const services = await (await useEm(event)).find(ServiceSchema, publishedServiceWhere(),
    { populate: ['category', 'agency'], orderBy: { spbeId: 'asc' } })
  setDownloadHeaders(event, 'text/csv', 'metadata-layanan-spbe-tanggamus.csv', 'public')
  return spbeMetadataCsv(services)
})
