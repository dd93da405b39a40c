import { attachDraftDocument } from '../../../../../requests/requests'
import { useFileStorage } from '../../../../../uploads/storage'

/**
 * One file for one persyaratan of the citizen's draft (multipart, field `file`): 201 `{ id, name, size, type }`.
 * The documents page posts here when JavaScript runs, to show the upload's progress.
 */
export default defineApiHandler(['POST'], async (event) => {
  const user = await requireUser(event)
  const upload = await attachDraftDocument(await useEm(event), { applicant: user,
    serviceSlug: getRouterParam(event, 'service') ?? '', requirementKey: getRouterParam(event, 'key') ?? '',
    body: event.node.req, storage: useFileStorage() })
  setResponseStatus(event, 201)
  return upload
})
