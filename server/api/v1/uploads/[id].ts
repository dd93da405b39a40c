import { requestFileGrant } from '../../../requests/document-access'
import { openDownload } from '../../../uploads/access'
import { useFileStorage } from '../../../uploads/storage'

/**
 * Sends a file to whoever may read it: its owner, the staff of the OPD handling the request it belongs to (and
 * admins), and a request's applicant its output document (server/requests/document-access.ts). Anyone else and an
 * unknown id get the same 404, so ids cannot be probed. Files are never served as static files.
 */
export default defineReadHandler(async (event) => {
  const user = await currentUser(event)
  const em = await useEm(event)
  const download = await openDownload(em, useFileStorage(), getRouterParam(event, 'id') ?? '',
    user ? { id: user.id } : null, user ? [requestFileGrant(em, user)] : [])
  setResponseHeaders(event, download.headers)
  // A phone that gives up mid-download must not leave the file open on the server.
  event.node.res.once('close', () => download.stream.destroy())
  return sendStream(event, download.stream)
})
