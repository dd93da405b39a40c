import { z } from 'zod'
import { importCatalogue } from '../../../../catalogue/files/import'
import { readCatalogueFile } from '../../../../catalogue/files/upload'

const querySchema = z.object({
  dryRun: z.enum(['1', 'true', '0', 'false'], { message: 'dryRun bernilai 1 (uji coba) atau 0 (impor).' }).optional(),
})

/**
 * Imports a catalogue file sent as the body (JSON or CSV) or as the field `file` of a multipart form. With
 * `?dryRun=1` nothing is written: the report says what would change. Problems answer 422 with a `message`, the
 * first problems listed and the others counted (`problemsTotal`, `problemsMore`).
 */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const { dryRun } = await validQuery(event, querySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const bytes = await readCatalogueFile(event.node.req)
  const report = await importCatalogue(await useEm(event), bytes,
    { dryRun: dryRun === '1' || dryRun === 'true', actor: admin })
  if (report.message) setResponseStatus(event, 422)
  return report
})
