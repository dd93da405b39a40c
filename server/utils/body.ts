import type { H3Event } from 'h3'

/**
 * Reads a JSON or form body of at most `maxBytes`: refused before reading when Content-Length says more, and as
 * soon as the bytes received pass the limit (a chunked body has no Content-Length). h3's readBody has no limit.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024

export class BodyTooLargeError extends Error {
  readonly statusCode = 413
  constructor() {
    super('Isian terlalu panjang untuk dikirim.')
  }
}

/**
 * A body the portal cannot read: a NUL character (no place in typed text, and PostgreSQL cannot store it in text or
 * jsonb), or a body sent as JSON that is not JSON.
 */
export class BodyUnreadableError extends Error {
  readonly statusCode = 400
  /**
   * @param readable the fields of a url-encoded form that carry no NUL (name and value), so that a page can show
   *   them again; empty when nothing of the body could be read.
   */
  constructor(
    message = 'Isian memuat karakter yang tidak dapat dibaca. Hapus lalu ketik ulang isian itu.',
    readonly readable: Record<string, string> = {},
  ) {
    super(message)
  }
}

const NOT_JSON = 'Isian yang dikirim bukan JSON yang sah. Periksa tanda petik, koma dan kurungnya.'

export async function readLimitedBody(event: H3Event, maxBytes = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (declared > maxBytes) throw new BodyTooLargeError()
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of event.node.req) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer
    total += bytes.length
    if (total > maxBytes) throw new BodyTooLargeError()
    chunks.push(bytes)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (type.includes('application/x-www-form-urlencoded')) {
    // Decoded first: a NUL sent raw or as %00 lands in a name or value, and the other fields stay readable.
    const fields = [...new URLSearchParams(text)]
    const readable = fields.filter(([name, value]) => !name.includes('\u0000') && !value.includes('\u0000'))
    if (readable.length < fields.length) throw new BodyUnreadableError(undefined, Object.fromEntries(readable))
    return Object.fromEntries(fields)
  }
  if (text.includes('\u0000')) throw new BodyUnreadableError()
  if (type.includes('application/json')) {
    if (/\\u0000/i.test(text)) throw new BodyUnreadableError()
    try {
      return JSON.parse(text)
    }
    catch {
      // JSON.parse's own wording names positions and tokens; the client gets a plain sentence instead.
      throw new BodyUnreadableError(NOT_JSON)
    }
  }
  return null
}
