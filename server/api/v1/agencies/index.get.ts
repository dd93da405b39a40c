import { listAgencies } from '../../../catalogue/queries'

export default defineEventHandler(async (event) => {
  cacheCatalogue(event)
  return listAgencies(await useEm(event))
})
