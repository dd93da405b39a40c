import type { H3Event } from 'h3'
import { catalogueCsv } from '../catalogue/files/catalogue-csv'
import { catalogueJson, readCatalogue } from '../catalogue/files/export'

/**
 * The catalogue file (docs/catalogue-files.md) as a download: the published services, for an admin and as open
 * data alike (archived services are not part of the catalogue), so an open data file can be imported too. Only the
 * OPDs differ: the open data file leaves out a deactivated OPD it does not name (CatalogueAudience).
 */
export async function catalogueFileResponse(
  event: H3Event, format: 'json' | 'csv', audience: 'admin' | 'public',
): Promise<string> {
  const catalogue = await readCatalogue(await useEm(event), audience)
  const fileName = `katalog-layanan-tanggamus.${format}`
  if (format === 'json') {
    setDownloadHeaders(event, 'application/json', fileName, audience)
    return catalogueJson(catalogue)
  }
  setDownloadHeaders(event, 'text/csv', fileName, audience)
  return catalogueCsv(catalogue.services)
}
