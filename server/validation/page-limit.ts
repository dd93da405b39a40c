import { z } from 'zod'

const LIMIT_MESSAGE = 'limit berupa bilangan bulat dari 1 sampai 100.'

/** `?limit=` of a paged list: 1 to 100 entries, optional. */
export const pageLimitSchema = z.coerce.number({ message: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE)
  .max(100, LIMIT_MESSAGE).optional()
