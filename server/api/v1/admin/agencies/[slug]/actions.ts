import { z } from 'zod'
import { setAgencyActive } from '../../../../../catalogue/agency-editor'

const actionSchema = z.object({
  action: z.enum(['deactivate', 'activate'], { message: 'Tindakan berupa deactivate atau activate.' }),
}, { message: 'Kirim { action } sebagai JSON.' })

/** Deactivates an OPD (409 while it still has published services, active staff or categories) or reactivates it. */
export default defineApiHandler(['POST'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const parsed = actionSchema.safeParse(await readLimitedBody(event))
  if (!parsed.success) throw invalidRequest(parsed.error)
  return setAgencyActive(await useEm(event), admin, getRouterParam(event, 'slug') ?? '',
    parsed.data.action === 'activate')
})
