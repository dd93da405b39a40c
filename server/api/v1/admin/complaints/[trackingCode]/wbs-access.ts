import { z } from 'zod'
import { recordWbsRead } from '../../../../../complaints/whistleblowing'

const accessSchema = z.object({ reason: z.unknown() }, { message: 'Kirim { reason } sebagai JSON.' })

/**
 * An admin's reason to read one whistleblowing complaint `{ reason }` (20 to 1,000 characters): recorded, and the
 * admin may then read it through GET /api/v1/complaints/:trackingCode until `until` (eight hours) → 201
 * `{ trackingCode, until }`; 422 for a reason too short, 409 for a complaint that is not whistleblowing.
 */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const parsed = accessSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  const read = await recordWbsRead(await useEm(event), admin, getRouterParam(event, 'trackingCode') ?? '',
    parsed.data.reason)
  setResponseStatus(event, 201)
  return read
})
