import { serviceForEditorView } from '../../../../../catalogue/service-list'

/** One service for its editors: the live version, its open draft and its published versions. */
export default defineReadHandler(async (event) => {
  const editor = await requireEditor(event)
  return serviceForEditorView(await useEm(event), editor, getRouterParam(event, 'slug') ?? '')
})
