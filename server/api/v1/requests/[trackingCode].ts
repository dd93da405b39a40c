import { requestForViewer } from '../../../requests/requests'

/** One request, for its applicant, the staff of the OPD handling it, or an admin; anyone else gets 404. */
export default defineReadHandler(async (event) => {
  const user = await requireUser(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const request = await requestForViewer(await useEm(event), getRouterParam(event, 'trackingCode') ?? '', user)
  if (!request) throw notFound('Permohonan tidak ditemukan.')
  return request
})
