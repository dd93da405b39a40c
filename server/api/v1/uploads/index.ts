import { describeUpload, receiveUpload } from '../../../uploads/receive'
import { useFileStorage } from '../../../uploads/storage'

/**
 * Receives one file (multipart field `file`) for the signed-in user: 201 `{ id, name, size, type }`. The type is
 * judged by content and the size refused before the body is buffered (server/uploads/receive.ts).
 */
export default defineApiHandler(['POST'], async (event) => {
  const user = await requireUser(event)
  const upload = await receiveUpload(event.node.req, { em: await useEm(event), storage: useFileStorage(),
    ownerId: user.id })
  setResponseStatus(event, 201)
  return describeUpload(upload)
})
