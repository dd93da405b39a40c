import { listAgencies } from '../../../catalogue/queries'

export default defineReadHandler(async (event) => {
  cacheCatalogue(event)
  return listAgencies(await useEm(event))
})
