import { photosGranted } from '../../../../../complaints/asker'
import { openComplaintPhoto } from '../../../../../complaints/photos'
import { useFileStorage } from '../../../../../uploads/storage'

/**
 * One photo of a pengaduan: to anyone when the complaint is public and no admin hid the photo (without the camera's
 * metadata), else to its reporter (their session, or this browser's right PIN on /pengaduan/lacak lately), the OPD
 * handling it and admins; anyone else 404 (complaints/photos.ts).
 */
export default defineReadHandler(async (event) => {
  const code = getRouterParam(event, 'trackingCode') ?? ''
  const photo = await openComplaintPhoto(await useEm(event), useFileStorage(), code,
    getRouterParam(event, 'photo') ?? '', await currentUser(event), await photosGranted(event, code))
  if (!photo) throw notFound('Foto itu tidak ditemukan.')
  setResponseHeaders(event, photo.headers)
  if (Buffer.isBuffer(photo.body)) return photo.body
  const stream = photo.body
  event.node.res.once('close', () => stream.destroy())
  return sendStream(event, stream)
})
