import { listKecamatan } from '../../catalogue/queries'

export default defineReadHandler(async (event) => {
  cacheCatalogue(event)
  return listKecamatan(await useEm(event))
})
