import { z } from 'zod'
import { listComplaintTypes, saveComplaintType } from '../../../../complaints/complaint-types'

const listQuery = z.object({
  agency: z.string().regex(/^[a-z0-9-]{1,80}$/, 'OPD tidak dikenal.').optional(),
})

/**
 * The complaint types, for Diskominfo's admins only: GET `?agency=` lists them (every OPD's, or one's); POST
 * `{ name, agency, category, service?, keywords: [string], active? }` creates one → 201, its key made from its name.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method !== 'POST') return listComplaintTypes(em, await validQuery(event, listQuery))
  const created = await saveComplaintType(em, admin, null, await readLimitedBody(event))
  setResponseStatus(event, 201)
  return created
})
