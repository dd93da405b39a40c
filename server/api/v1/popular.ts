import { popularServices } from '../../catalogue/queries'

/** The most used services, for the home page. */
export default defineReadHandler(async (event) => {
  cacheCatalogue(event)
  return popularServices(await useEm(event), 12)
})
