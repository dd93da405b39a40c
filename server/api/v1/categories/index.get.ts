import { listCategories } from '../../../catalogue/queries'

export default defineEventHandler(async (event) => {
  cacheCatalogue(event)
  return listCategories(await useEm(event))
})
