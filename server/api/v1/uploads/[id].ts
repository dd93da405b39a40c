import { openDownload } from '../../../uploads/access'
import { useFileStorage } from '../../../uploads/storage'

/**
 * Sends a file to whoever may read it (its owner for now). Another user's file and an unknown id answer the same
 * 404, so ids cannot be probed. Files are never served as static files.
 */
export default defineReadHandler(async (event) => {
  const user = await currentUser(event)
  const download = await openDownload(await useEm(event), useFileStorage(), getRouterParam(event, 'id') ?? '',
    user ? { id: user.id } : null)
  setResponseHeaders(event, download.headers)
  // A phone that gives up mid-download must not leave the file open on the server.
  event.node.res.once('close', () => download.stream.destroy())
  return sendStream(event, download.stream)
})
