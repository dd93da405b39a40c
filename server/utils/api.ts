import { ConnectionException } from '@mikro-orm/core'
import type { H3Event } from 'h3'
import { AccountError, type AccountErrorKind } from '../accounts/errors'
import { CatalogueError, type CatalogueErrorKind } from '../catalogue/errors'
import { TooManyComplaintsError } from '../complaints/limits'
import { RequestError } from '../requests/errors'
import { UploadError } from '../uploads/errors'
import { BodyTooLargeError, BodyUnreadableError } from './body'

const ACCOUNT_STATUS: Record<AccountErrorKind, number> = {
  'invalid-input': 422, 'conflict': 409, 'credentials': 401, 'throttled': 429, 'forbidden': 403, 'not-found': 404,
}

const CATALOGUE_STATUS: Record<CatalogueErrorKind, number> = {
  'invalid-input': 422, 'not-found': 404, 'forbidden': 403, 'conflict': 409,
}

/** A permohonan refusal: a stranger's request does not exist for them; a role's refusal is 403. */
function requestStatus(error: RequestError): number {
  if (error.kind === 'invalid-input') return 422
  if (error.kind === 'not-found') return 404
  if (error.kind === 'refused' && error.refusal === 'role') return 403
  return 409
}

/** The database could not be reached (not started, stopped, or refusing connections). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('database unavailable', { cause })
  }
}

/** PostgreSQL and socket codes that mean "no database now", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000',
  '08001', '08003', '08006'])

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError || error instanceof ConnectionException) return true
  const code = error as { code?: string, cause?: { code?: string } } | null
  return UNAVAILABLE_CODES.has(code?.code ?? '') || UNAVAILABLE_CODES.has(code?.cause?.code ?? '')
}

/**
 * Maps every failure of an API handler to HTTP in one place: errors made for the client pass through, an
 * unreachable database is a 503 the client may retry, anything else a 500 whose cause is logged, not sent.
 */
export function toHttpError(error: unknown) {
  if (isError(error)) return error

  if (isDatabaseUnavailable(error)) {
    void recoverEmbeddedDatabase()
    const message = 'Layanan sedang terganggu. Coba lagi beberapa saat lagi.'
    return createError({ statusCode: 503, statusMessage: 'Service Unavailable', message, data: { message },
      cause: error })
  }
  // The error handler logs the cause's class and code only (server/error-handler.ts), never its text.
  const message = 'Terjadi gangguan di portal. Coba lagi nanti.'
  return createError({ statusCode: 500, statusMessage: 'Server Error', message, data: { message }, cause: error })
}

/** `{ message, errors? }`: `errors` only where fields are at fault. */
function refusal(message: string, errors: Record<string, string> | undefined) {
  return errors && Object.keys(errors).length ? { message, errors } : { message }
}

/** An API route for the given methods; any other method gets 405 with the methods it takes. */
export function defineApiHandler<T>(methods: string[], handler: (event: H3Event) => Promise<T>) {
  return defineEventHandler(async (event) => {
    if (!methods.includes(event.method)) {
      setResponseHeader(event, 'Allow', methods.join(', '))
      const message = methods.join() === 'GET,HEAD'
        ? 'Alamat ini hanya bisa dibaca (GET atau HEAD).'
        : `Alamat ini hanya menerima permintaan ${methods.join(', ').replace(/, (\w+)$/, ' atau $1')}.`
      throw createError({ statusCode: 405, statusMessage: 'Method Not Allowed', message, data: { message } })
    }
    try {
      return await handler(event)
    }
    catch (error) {
      // Domain refusals answer `{ message, errors }` at the top level (the API contract), not inside h3's `data`.
      if (error instanceof AccountError) {
        setResponseStatus(event, ACCOUNT_STATUS[error.kind])
        return refusal(error.message, error.fields)
      }
      if (error instanceof CatalogueError) {
        setResponseStatus(event, CATALOGUE_STATUS[error.kind])
        return refusal(error.message, error.fields)
      }
      if (error instanceof TooManyComplaintsError) {
        const seconds = Math.max(1, Math.ceil((error.retryAfter.getTime() - Date.now()) / 1000))
        setResponseHeader(event, 'Retry-After', seconds)
        setResponseStatus(event, 429)
        return { message: error.message }
      }
      if (error instanceof RequestError) {
        setResponseStatus(event, requestStatus(error))
        return refusal(error.message, error.errors)
      }
      if (error instanceof BodyUnreadableError) {
        setResponseStatus(event, 400)
        return { message: error.message }
      }
      if (error instanceof BodyTooLargeError) {
        setResponseHeader(event, 'Connection', 'close')
        setResponseStatus(event, 413)
        return { message: error.message }
      }
      if (error instanceof UploadError) {
        // The rest of a refused body is not read; closing the connection keeps the client from sending it.
        if (error.statusCode === 413) setResponseHeader(event, 'Connection', 'close')
        setResponseStatus(event, error.statusCode)
        return { message: error.message }
      }
      throw toHttpError(error)
    }
  })
}

/** A read-only API route: answers GET and HEAD (monitors use HEAD). */
export function defineReadHandler<T>(handler: (event: H3Event) => Promise<T>) {
  return defineApiHandler(['GET', 'HEAD'], handler)
}

/**
 * The client's address for throttling. Behind a proxy (TRUST_PROXY=1) it is the right-most X-Forwarded-For entry,
 * the one our proxy added: entries to its left come from the client and can be anything.
 */
export function clientAddress(event: H3Event): string {
  const forwarded = process.env.TRUST_PROXY === '1' ? getRequestHeader(event, 'x-forwarded-for') : undefined
  const added = forwarded?.split(',').map(part => part.trim()).filter(Boolean).at(-1)
  return added ?? getRequestIP(event) ?? 'unknown'
}
