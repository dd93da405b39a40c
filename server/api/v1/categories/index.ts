import { listCategories } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  cacheCatalogue(event)
  return listCategories(await useEm(event))
})
