import type { H3Event } from 'h3'
import { formatSize } from '../uploads/errors'
import { BodyTooLargeError, BodyUnreadableError, DEFAULT_BODY_LIMIT } from '../utils/body'
import { WHOLE_FORM, type FormOutcome } from './registry'

/** Fields never put back into a page: a password or a PIN is typed again, as after any failed post. */
const SECRET_FIELDS = new Set(['password', 'pin'])

const UNREADABLE = 'Isian memuat karakter yang tidak bisa dibaca, jadi isian itu kami kosongkan. Ketik ulang isian '
  + 'yang kosong, lalu kirim lagi.'

/**
 * A page form whose body could not be read answers with the page again and one message for the whole form, not the
 * general error page. A body with a NUL keeps the fields that carry none (a NUL is never shown). A body over the
 * limit was not read past it, so nothing typed can be shown; the connection closes so that Node does not wait for
 * the rest of it.
 */
export function bodyRefusal(event: H3Event, error: unknown, maxBytes = DEFAULT_BODY_LIMIT): FormOutcome {
  if (error instanceof BodyUnreadableError) {
    const values = Object.fromEntries(Object.entries(error.readable).filter(([name]) => !SECRET_FIELDS.has(name)))
    return { status: 400, values, errors: { [WHOLE_FORM]: UNREADABLE }, message: UNREADABLE }
  }
  if (!(error instanceof BodyTooLargeError)) throw error
  setResponseHeader(event, 'Connection', 'close')
  const message = `Kiriman terlalu besar: paling banyak ${formatSize(maxBytes)}. Isian tidak terbaca sama sekali, `
    + 'jadi formulir ini kosong lagi. Perpendek isian yang panjang, lalu kirim lagi.'
  return { status: 413, errors: { [WHOLE_FORM]: message }, message }
}
