import { ConnectionException } from '@mikro-orm/core'
import type { H3Event } from 'h3'
import { logger } from './logger'

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
    return createError({ statusCode: 503, statusMessage: 'Service Unavailable', message, data: { message } })
  }
  logger.error({ error: error instanceof Error ? error.message : String(error) }, 'API handler failed')
  const message = 'Terjadi gangguan di portal. Coba lagi nanti.'
  return createError({ statusCode: 500, statusMessage: 'Server Error', message, data: { message } })
}

/** A read-only API route: answers GET and HEAD (monitors use HEAD), refuses other methods with 405. */
export function defineReadHandler<T>(handler: (event: H3Event) => Promise<T>) {
  return defineEventHandler(async (event) => {
    if (event.method !== 'GET' && event.method !== 'HEAD') {
      setResponseHeader(event, 'Allow', 'GET, HEAD')
      const message = 'Alamat ini hanya bisa dibaca (GET atau HEAD).'
      throw createError({ statusCode: 405, statusMessage: 'Method Not Allowed', message, data: { message } })
    }
    try {
      return await handler(event)
    }
    catch (error) {
      throw toHttpError(error)
    }
  })
}
