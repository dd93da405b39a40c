import { listKecamatan } from '../../catalogue/queries'

export default defineEventHandler(async (event) => {
  cacheCatalogue(event)
  return listKecamatan(await useEm(event))
})
