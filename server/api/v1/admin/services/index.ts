import { z } from 'zod'
import { servicesForEditor } from '../../../../catalogue/service-list'

const querySchema = z.object({
  agency: z.string().regex(/^[a-z0-9-]{1,80}$/, { message: 'OPD tidak dikenal.' }).optional(),
})

/**
 * The services an editor works on, whatever their status, with their open drafts, the drafts of new services and
 * the drafts waiting for review: every service for an admin (`agency` narrows it), a head's own OPD's otherwise.
 */
export default defineReadHandler(async (event) => {
  const editor = await requireEditor(event)
  const query = await validQuery(event, querySchema)
  return servicesForEditor(await useEm(event), editor, query.agency)
})
