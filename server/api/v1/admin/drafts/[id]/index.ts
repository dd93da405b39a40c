import { readDraft, saveServiceDraft } from '../../../../../catalogue/drafts'

/** A draft with its difference from the live version; PUT saves a new snapshot while it is a draft. */
export default defineApiHandler(['GET', 'HEAD', 'PUT'], async (event) => {
  const editor = await requireEditor(event)
  const em = await useEm(event)
  const id = numberParam(event, 'id')
  if (event.method !== 'PUT') return readDraft(em, editor, id)
  return saveServiceDraft(em, editor, id, await readJsonObject(event, SNAPSHOT_BODY_LIMIT))
})
