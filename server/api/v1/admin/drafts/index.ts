import { createNewServiceDraft } from '../../../../catalogue/drafts'

/** Drafts a new service: the body is its snapshot (the seed file's fields, with `form`); 201 `{ id }`. */
export default defineApiHandler(['POST'], async (event) => {
  const editor = await requireEditor(event)
  const snapshot = await readJsonObject(event, SNAPSHOT_BODY_LIMIT)
  const draft = await createNewServiceDraft(await useEm(event), editor, snapshot)
  setResponseStatus(event, 201)
  return draft
})
