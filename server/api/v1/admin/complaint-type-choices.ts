import { complaintTypeChoices } from '../../../complaints/complaint-types'

/** What a complaint type may be filed under: every OPD with its categories, the categories, the services. */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return complaintTypeChoices(await useEm(event))
})
