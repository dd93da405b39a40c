import { z } from 'zod'
import { publicComplaints } from '../../../complaints/public'
import { COMPLAINT_STATES } from '../../../complaints/state-machine'

const publicQuery = z.object({
  category: z.string().regex(/^\d{2}\.\d{2}$/, 'Kode kategori seperti 01.03.').optional(),
  agency: z.string().regex(/^[a-z0-9-]{1,80}$/, 'OPD tidak dikenal.').optional(),
  kecamatan: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Kecamatan tidak dikenal.').optional(),
  status: z.enum(COMPLAINT_STATES, { message: 'Status tidak dikenal.' }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
})

/** Verified biasa complaints, newest first, without names: `{ items, nextCursor }` (see complaints/public.ts). */
export default defineReadHandler(async (event) => {
  const query = await validQuery(event, publicQuery)
  return publicComplaints(await useEm(event), query)
})
