import { openComplaintPhoto } from '../../../../../complaints/photos'
import { useFileStorage } from '../../../../../uploads/storage'

/**
 * One photo of a pengaduan: to anyone when the complaint is public and no admin hid the photo (without the camera's
 * metadata), else to its reporter's session, the OPD handling it and admins; anyone else 404 (complaints/photos.ts).
 */
export default defineReadHandler(async (event) => {
  const photo = await openComplaintPhoto(await useEm(event), useFileStorage(),
    getRouterParam(event, 'trackingCode') ?? '', getRouterParam(event, 'photo') ?? '', await currentUser(event))
  if (!photo) throw notFound('Foto itu tidak ditemukan.')
  setResponseHeaders(event, photo.headers)
  if (Buffer.isBuffer(photo.body)) return photo.body
  const stream = photo.body
  event.node.res.once('close', () => stream.destroy())
  return sendStream(event, stream)
})
