import { complaintForViewer } from '../../../complaints/view'
import { askerOf } from '../../../complaints/asker'

/**
 * One pengaduan, for its reporter (their session, or the PIN in header X-Complaint-Pin), the staff of the OPD
 * handling it, or a Diskominfo admin; anyone else, and a wrong PIN, gets 404. PIN guesses are limited (429).
 */
export default defineReadHandler(async (event) => {
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const code = getRouterParam(event, 'trackingCode') ?? ''
  const { asker, settle } = await askerOf(event, em, code)
  const complaint = await complaintForViewer(em, code, asker)
  await settle(complaint?.as === 'reporter')
  if (!complaint) throw notFound('Pengaduan dengan kode itu tidak ditemukan.')
  return complaint
})
