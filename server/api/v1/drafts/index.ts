import { draftsOfApplicant } from '../../../requests/requests'

/** The signed-in citizen's unsent applications, the most recently touched first ("Permohonan saya"). */
export default defineReadHandler(async (event) => {
  const user = await requireUser(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return draftsOfApplicant(await useEm(event), user)
})
