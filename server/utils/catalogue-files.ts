import type { H3Event } from 'h3'
import { catalogueCsv } from '../catalogue/files/catalogue-csv'
import { catalogueJson, readCatalogue } from '../catalogue/files/export'
import { publishedServiceWhere } from '../catalogue/published'

/**
 * The catalogue file (docs/catalogue-files.md) as a download: every service for an admin, the published ones as
 * open data. Both are the same format, so an open data file can be imported too.
 */
export async function catalogueFileResponse(
  event: H3Event, format: 'json' | 'csv', audience: 'admin' | 'public',
): Promise<string> {
  const catalogue = await readCatalogue(await useEm(event), audience === 'public' ? publishedServiceWhere() : {})
  const fileName = `katalog-layanan-tanggamus.${format}`
  if (format === 'json') {
    setDownloadHeaders(event, 'application/json', fileName, audience)
    return catalogueJson(catalogue)
  }
  setDownloadHeaders(event, 'text/csv', fileName, audience)
  return catalogueCsv(catalogue.services)
}
