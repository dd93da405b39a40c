import { complaintSuggestQuerySchema } from '../../../complaints/schemas'
import { suggestComplaintTargets } from '../../../complaints/suggest'
import { sqlExecutor } from '../../../database/sql'

/**
 * Who should handle a complaint, as its reporter types it: `{ suggestions: [{ agency, category, service?,
 * confident }] }`, most likely first. What was typed is a citizen's complaint: never cached or logged.
 */
export default defineReadHandler(async (event) => {
  const { text } = await validQuery(event, complaintSuggestQuerySchema)
  const execute = sqlExecutor(await useEm(event))

  const ranked = await suggestComplaintTargets(execute, await useSynonymIndex(), text)
  setResponseHeader(event, 'Cache-Control', 'private, no-store')
  return {
    suggestions: ranked.map(({ agency, category, service, confident }) => ({
      agency, category, ...(service ? { service } : {}), confident,
    })),
  }
})
