import { startServiceDraft } from '../../../../../catalogue/drafts'

/** Starts a draft of the service from its live version (201), or gives its open draft (200): `{ id }`. */
export default defineApiHandler(['POST'], async (event) => {
  const editor = await requireEditor(event)
  const { id, created } = await startServiceDraft(await useEm(event), editor, getRouterParam(event, 'slug') ?? '')
  setResponseStatus(event, created ? 201 : 200)
  return { id }
})
