import { complaintForViewer } from '../../../complaints/view'
import { askerOf } from '../../../complaints/asker'
import { WBS_READ_HOURS, wbsReasonNeeded } from '../../../complaints/whistleblowing'

/**
 * One pengaduan, for its reporter (their session, or the PIN in header X-Complaint-Pin), the staff of the OPD
 * handling it, or a Diskominfo admin; anyone else, and a wrong PIN, gets 404. PIN guesses are limited (429). An
 * admin asking for whistleblowing without a recorded reason gets 403 `{ message, reasonRequired: true, readHours }`
 * and no text: POST the reason to /api/v1/admin/complaints/:trackingCode/wbs-access first.
 */
export default defineReadHandler(async (event) => {
  const em = await useEm(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const code = getRouterParam(event, 'trackingCode') ?? ''
  const { asker, settle } = await askerOf(event, em, code)
  const complaint = await complaintForViewer(em, code, asker)
  await settle(complaint?.as === 'reporter')
  if (complaint) return complaint
  if (await wbsReasonNeeded(em, code, asker.user)) {
    setResponseStatus(event, 403)
    return { message: 'Pengaduan WBS hanya dapat dibaca admin setelah alasannya dicatat.', reasonRequired: true,
      readHours: WBS_READ_HOURS }
  }
  throw notFound('Pengaduan dengan kode itu tidak ditemukan.')
})
