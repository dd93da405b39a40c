import { complaintSuggestSchema } from '../../../complaints/schemas'
import { suggestComplaintTargets } from '../../../complaints/suggest'
import { sqlExecutor } from '../../../database/sql'

/** A text of 4,000 characters, each up to four bytes in UTF-8, with room for JSON's quoting. */
const BODY_LIMIT = 32 * 1024

/**
 * Who should handle a complaint, as its reporter types it: `{ suggestions: [{ agency, category, service?,
 * confident }] }`, most likely first. GET takes `?text=` (the contract); POST takes `{ text }` in a JSON or
 * form body, so that the complaint form's script (public/js/saran.js) keeps what was typed out of URLs. What was
 * typed is a citizen's complaint: never cached or logged.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const { text } = event.method === 'POST'
    ? await validBody(event, complaintSuggestSchema, BODY_LIMIT)
    : await validQuery(event, complaintSuggestSchema)
  const execute = sqlExecutor(await useEm(event))

  const ranked = await suggestComplaintTargets(execute, await useSynonymIndex(), text)
  setResponseHeader(event, 'Cache-Control', 'private, no-store')
  return {
    suggestions: ranked.map(({ agency, category, service, confident }) => ({
      agency, category, ...(service ? { service } : {}), confident,
    })),
  }
})
