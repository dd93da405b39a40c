import { z } from 'zod'
import { plainIssueMessage } from '../validation/messages'

/**
 * zod's own messages in plain Bahasa Indonesia, for the checks that carry none of their own (a body that is not an
 * object, a value of the wrong type): every refusal a citizen or a client reads is in the portal's language.
 */
export default defineNitroPlugin(() => {
  z.config({ customError: plainIssueMessage })
})
