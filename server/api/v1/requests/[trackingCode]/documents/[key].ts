import { attachFixDocument } from '../../../../../requests/requests'
import { useFileStorage } from '../../../../../uploads/storage'

/**
 * A file given again for one persyaratan of the citizen's request while it waits for their fix (multipart, field
 * `file`): 201 `{ id, name, size, type }`. It replaces the one sent before when the fix is sent (…/resubmit).
 */
export default defineApiHandler(['POST'], async (event) => {
  const user = await requireUser(event)
  const upload = await attachFixDocument(await useEm(event), getRouterParam(event, 'trackingCode') ?? '', {
    applicant: user, requirementKey: getRouterParam(event, 'key') ?? '', body: event.node.req,
    storage: useFileStorage() })
  setResponseStatus(event, 201)
  return upload
})
