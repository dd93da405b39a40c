import { isError, send, setResponseHeader, setResponseStatus, type H3Error, type H3Event } from 'h3'
import { defineNitroErrorHandler } from 'nitropack/runtime'
import { respond, splitFormat } from './open311/format'
import { logger } from './utils/logger'

/**
 * Runs before Nuxt's error handler (nuxt.config.ts). Every error of the JSON API is answered `{ message, errors? }`
 * with its HTTP status, Open311 keeps the specification's `[{ code, description }]`, and pages go on to Nuxt's error
 * page. Expected refusals (4xx that the portal raised itself) are not logged; a 5xx is logged by class and code only,
 * since a database error's message can quote what was typed.
 */
export default defineNitroErrorHandler((error, event) => {
  const status = error.statusCode || 500
  if (status >= 500 || error.unhandled) logFailure(error, event, status)
  const { pathname } = new URL(event.path, 'http://portal')

  if (pathname.startsWith('/api/v1/') || pathname === '/api/v1') return answerApi(event, status, error)
  if (pathname.startsWith('/open311/')) return answerOpen311(event, status, error, pathname)
  quietForPages(error, status)
})

/** The plain sentence for a status whose error brought none of its own (a path no route has, a framework refusal). */
const STATUS_MESSAGES: Record<number, string> = {
  400: 'Permintaan tidak dapat dibaca. Periksa isiannya, lalu kirim lagi.',
  401: 'Silakan masuk dulu.',
  403: 'Anda tidak punya akses ke sini.',
  404: 'Alamat atau data yang diminta tidak ditemukan.',
  405: 'Alamat ini tidak menerima permintaan dengan cara itu.',
  409: 'Permintaan ini tidak cocok dengan keadaan data sekarang. Muat ulang, lalu coba lagi.',
  413: 'Isian terlalu panjang untuk dikirim.',
  415: 'Jenis isian ini tidak diterima. Kirim isian sebagai JSON.',
  422: 'Isian belum lengkap atau belum benar.',
  429: 'Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.',
  503: 'Layanan sedang terganggu. Coba lagi beberapa saat lagi.',
}
const SERVER_ERROR = 'Terjadi gangguan di portal. Coba lagi nanti.'

/**
 * What the client may read of an error: the portal's own errors carry their sentence (and contract keys such as
 * `errors` or `reasonRequired`) in `data`; anything else, and any failure the portal did not raise on purpose,
 * gets the plain sentence of its status and nothing of its own text.
 */
export function apiErrorBody(error: H3Error, status: number): Record<string, unknown> & { message: string } {
  const data = !error.unhandled && isPlainObject(error.data) ? error.data : {}
  const fallback = STATUS_MESSAGES[status] ?? (status >= 500 ? SERVER_ERROR : STATUS_MESSAGES[400]!)
  const message = typeof data.message === 'string' && data.message ? data.message : fallback
  return { ...data, message }
}

function answerApi(event: H3Event, status: number, error: H3Error) {
  setResponseStatus(event, status)
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return send(event, JSON.stringify(apiErrorBody(error, status)))
}

/** Open311 GeoReport v2 clients read `[{ code, description }]`, in the format the path asks for. */
function answerOpen311(event: H3Event, status: number, error: H3Error, pathname: string) {
  const format = splitFormat(pathname.split('/').at(-1) ?? '')?.[1] ?? 'json'
  setResponseStatus(event, status)
  const description = apiErrorBody(error, status).message
  return send(event, respond(event, format, 'errors', [{ code: status, description }]))
}

/**
 * A page refused on purpose (403 for another role, 404) is no failure of the portal: Nitro prints errors marked
 * fatal with their stack, so the mark is taken off. A page's 5xx was logged above; its text and data are dropped so
 * that neither the log nor the error page repeats them.
 */
function quietForPages(error: H3Error, status: number) {
  if (status < 500 && !error.unhandled) {
    error.fatal = false
    return
  }
  error.unhandled = false
  error.fatal = false
  error.message = 'Server Error'
  error.data = undefined
}

function logFailure(error: H3Error, event: H3Event, status: number) {
  const cause = isError(error) && error.cause !== undefined ? error.cause : error
  logger.error({ status, method: event.method, path: new URL(event.path, 'http://portal').pathname,
    error: cause instanceof Error ? cause.name : typeof cause, code: (cause as { code?: unknown } | null)?.code },
  'request failed')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
