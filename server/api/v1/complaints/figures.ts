import { agencyComplaintFigures } from '../../../complaints/public'
import { sqlExecutor } from '../../../database/sql'

/** Per OPD: complaints received, answered, the share answered on time, the median working days to answer. */
export default defineReadHandler(async (event) => {
  return { agencies: await agencyComplaintFigures(sqlExecutor(await useEm(event))) }
})
