import type { H3Event } from 'h3'
import type { z } from 'zod'
import { readLimitedBody } from './body'

/** A 400 whose `message` a citizen can read; nothing else of the request is echoed back. */
export function badRequest(message: string) {
  return createError({ statusCode: 400, statusMessage: 'Bad Request', message, data: { message } })
}

export function notFound(message: string) {
  return createError({ statusCode: 404, statusMessage: 'Not Found', message, data: { message } })
}

/**
 * A zod refusal as a 400: the first problem is the message, and each field at fault is named in `errors` (the API's
 * `{ message, errors }`).
 */
export function invalidRequest(error: z.ZodError, fallback = 'Permintaan tidak valid.') {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.')
    if (field) errors[field] ??= issue.message
  }
  const message = error.issues[0]?.message ?? fallback
  return createError({ statusCode: 400, statusMessage: 'Bad Request', message,
    data: { message, ...(Object.keys(errors).length ? { errors } : {}) } })
}

/** Validates the query string with zod; the first problem becomes the 400 message. */
export async function validQuery<T extends z.ZodType>(event: H3Event, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(getQuery(event))
  if (!result.success) throw invalidRequest(result.error)
  return result.data
}

/**
 * Validates a JSON or form body of at most `maxBytes` with zod; an empty body (or one of another type) counts as
 * `{}`, so the schema's own message for a missing field becomes the 400 message.
 */
export async function validBody<T extends z.ZodType>(event: H3Event, schema: T, maxBytes?: number):
Promise<z.infer<T>> {
  const result = schema.safeParse(await readLimitedBody(event, maxBytes) ?? {})
  if (!result.success) throw invalidRequest(result.error)
  return result.data
}

/**
 * Public catalogue answers may be cached briefly by browsers and proxies: never more than 30 seconds old, so that a
 * service published or archived in /admin shows within seconds (issue 6).
 */
export const CATALOGUE_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=20'

export function cacheCatalogue(event: H3Event) {
  setResponseHeader(event, 'Cache-Control', CATALOGUE_CACHE_CONTROL)
}

/**
 * A file to download: its type (UTF-8), its name, and who may keep a copy: an admin's file is stored nowhere, an
 * open data file is cached as briefly as the catalogue itself.
 */
export function setDownloadHeaders(event: H3Event, type: 'application/json' | 'text/csv', fileName: string,
  audience: 'admin' | 'public') {
  setResponseHeader(event, 'Content-Type', `${type}; charset=utf-8${type === 'text/csv' ? '; header=present' : ''}`)
  setResponseHeader(event, 'Content-Disposition', `attachment; filename="${fileName}"`)
  if (audience === 'admin') setResponseHeader(event, 'Cache-Control', 'no-store')
  else cacheCatalogue(event)
}

/** The portal's public address, as canonical links give it (NUXT_PUBLIC_I18N_BASE_URL), else this request's. */
export function publicOrigin(event: H3Event): string {
  return (useRuntimeConfig(event).public.i18n.baseUrl || getRequestURL(event).origin).replace(/\/$/, '')
}
