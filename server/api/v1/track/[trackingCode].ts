import { trackPublic } from '../../../requests/requests'

/** Anyone may follow a tracking code: the service, the status and the dates, nothing personal. */
export default defineReadHandler(async (event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const tracking = await trackPublic(await useEm(event), getRouterParam(event, 'trackingCode') ?? '')
  if (!tracking) throw notFound('Kode lacak tidak ditemukan. Periksa lagi huruf dan angkanya.')
  return tracking
})
