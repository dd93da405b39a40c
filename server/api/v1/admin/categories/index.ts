import { categoriesForEditor } from '../../../../catalogue/category-editor'

/** The 40 RAL categories with their description and their OPDs in order (admins only). */
export default defineReadHandler(async (event) => {
  await requireEditor(event, ['admin'])
  return categoriesForEditor(await useEm(event))
})
