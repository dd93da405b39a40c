import { registerForm, signInForm, signOutForm } from '../forms/accounts'
import { retryOutboxForm } from '../forms/outbox'
import type { FormHandler } from '../forms/registry'

const FORMS: Record<string, FormHandler> = {
  '/masuk': signInForm,
  '/daftar': registerForm,
  '/keluar': signOutForm,
  '/petugas/surel': retryOutboxForm,
}

/** Runs the handler of a page's own form on POST (see server/forms/registry.ts). */
export default defineEventHandler(async (event) => {
  if (event.method !== 'POST') return
  const { pathname } = getRequestURL(event)
  const localePrefix = pathname.startsWith('/en/') ? '/en' : ''
  const handler = FORMS[pathname.slice(localePrefix.length)]
  if (!handler) return

  const body = await readLimitedBody(event).catch((error: unknown) => {
    if (!(error instanceof BodyTooLargeError)) throw error
    throw createError({ statusCode: 413, statusMessage: 'Content Too Large', message: error.message })
  }) as Record<string, string> | null ?? {}
  const outcome = await handler(event, body)
  if (outcome.redirect) return sendRedirect(event, `${localePrefix}${outcome.redirect}`, 303)
  event.context.form = outcome
  setResponseStatus(event, 422)
})
