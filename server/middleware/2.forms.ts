import type { H3Event } from 'h3'
import { registerForm, signInForm, signOutForm } from '../forms/accounts'
import { officerActionForm, officerOutputForm } from '../forms/officer'
import type { FormHandler, FormRoute } from '../forms/registry'

const FORMS: Record<string, FormHandler> = {
  '/masuk': signInForm,
  '/daftar': registerForm,
  '/keluar': signOutForm,
}

/** Pages with a parameter in their path, tried in order after the exact paths above. */
const FORM_ROUTES: FormRoute[] = [
  { pattern: /^\/petugas\/(?<kode>[^/]+)$/, handler: officerActionForm, fileHandler: officerOutputForm },
]

function formAt(path: string, isMultipart: boolean) {
  const exact = FORMS[path]
  if (exact) return { handler: exact, params: {}, readsOwnBody: false }
  for (const route of FORM_ROUTES) {
    const params = route.pattern.exec(path)?.groups
    if (!params) continue
    const readsOwnBody = isMultipart && Boolean(route.fileHandler)
    return { handler: readsOwnBody ? route.fileHandler! : route.handler, params: { ...params }, readsOwnBody }
  }
  return null
}

async function readFormBody(event: H3Event): Promise<Record<string, string>> {
  const body = await readLimitedBody(event).catch((error: unknown) => {
    if (!(error instanceof BodyTooLargeError)) throw error
    throw createError({ statusCode: 413, statusMessage: 'Content Too Large', message: error.message })
  }) as Record<string, string> | null
  return body ?? {}
}

/** Runs the handler of a page's own form on POST (see server/forms/registry.ts). */
export default defineEventHandler(async (event) => {
  if (event.method !== 'POST') return
  const { pathname } = getRequestURL(event)
  const localePrefix = pathname.startsWith('/en/') ? '/en' : ''
  const isMultipart = /^multipart\/form-data\s*;/i.test(getRequestHeader(event, 'content-type') ?? '')
  const form = formAt(pathname.slice(localePrefix.length), isMultipart)
  if (!form) return

  const body = form.readsOwnBody ? {} : await readFormBody(event)
  const outcome = await form.handler(event, body, form.params)
  if (outcome.redirect) return sendRedirect(event, `${localePrefix}${outcome.redirect}`, 303)
  event.context.form = outcome
  setResponseStatus(event, 422)
})
