import { categoryForEditor, updateCategory } from '../../../../catalogue/category-editor'

/** One category; PUT `{ description, agencies: [OPD slug] }` (the first OPD is the default owner). Admins only. */
export default defineApiHandler(['GET', 'HEAD', 'PUT'], async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const em = await useEm(event)
  const code = getRouterParam(event, 'code') ?? ''
  if (event.method !== 'PUT') return categoryForEditor(em, code)
  return updateCategory(em, admin, code, await readJsonObject(event))
})
