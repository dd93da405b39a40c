import { registerForm, signInForm, signOutForm } from '../forms/accounts'
import { agencyForm, categoryForm, newAgencyForm, newStaffForm, NEW_AGENCY_PAGE, staffForm, STAFF_PAGE }
  from '../forms/admin-directory'
import { draftForm, newServiceForm, NEW_SERVICE_PAGE, serviceForm } from '../forms/admin-services'
import { APPLY_FORMS } from '../forms/apply'
import { bodyRefusal } from '../forms/body-errors'
import { CATALOGUE_PAGE, catalogueImportForm, catalogueCheckedFileForm } from '../forms/catalogue'
import { COMPLAINT_ADMIN_FORMS } from '../forms/complaint-admin'
import { complaintActionForm } from '../forms/complaint-officer'
import { COMPLAINT_FORMS } from '../forms/complaint'
import { officerActionForm, officerOutputForm } from '../forms/officer'
import { open311KeyForm, OPEN311_PAGE } from '../forms/open311'
import { retryOutboxForm } from '../forms/outbox'
import { matchFormRoute, type FormRoute } from '../forms/registry'

/** Tried in order: a fixed path before a path with a parameter in the same place. */
const FORMS: FormRoute[] = [
  { path: '/masuk', handler: signInForm },
  { path: '/daftar', handler: registerForm },
  { path: '/keluar', handler: signOutForm },
  ...APPLY_FORMS,
  ...COMPLAINT_FORMS,
  { path: '/petugas/surel', handler: retryOutboxForm },
  { path: '/petugas/pengaduan/:kode', handler: complaintActionForm },
  { path: OPEN311_PAGE, handler: open311KeyForm },
  ...COMPLAINT_ADMIN_FORMS,
  { path: NEW_SERVICE_PAGE, handler: newServiceForm, maxBytes: SNAPSHOT_BODY_LIMIT },
  { path: '/admin/layanan/:slug', handler: serviceForm },
  { path: '/admin/draf/:id', handler: draftForm, maxBytes: SNAPSHOT_BODY_LIMIT },
  { path: '/admin/kategori/:code', handler: categoryForm },
  { path: NEW_AGENCY_PAGE, handler: newAgencyForm },
  { path: '/admin/opd/:slug', handler: agencyForm },
  { path: STAFF_PAGE, handler: newStaffForm },
  { path: `${STAFF_PAGE}/:id`, handler: staffForm },
  { path: CATALOGUE_PAGE, handler: catalogueCheckedFileForm, fileHandler: catalogueImportForm },
  { path: '/petugas/:kode', handler: officerActionForm, fileHandler: officerOutputForm },
]

/** Runs the handler of a page's own form on POST (see server/forms/registry.ts). */
export default defineEventHandler(async (event) => {
  if (event.method === 'GET' || event.method === 'HEAD') return
  const { pathname } = getRequestURL(event)
  // The API, Open311, Nuxt's own routes and files answer their methods themselves; a page answers GET, HEAD, and
  // POST when it has a form.
  if (/^\/(?:api|open311|_[^/]*)(?:\/|$)/.test(pathname)) return
  const localePrefix = pathname.startsWith('/en/') ? '/en' : ''
  const matched = event.method === 'POST' ? matchFormRoute(FORMS, pathname.slice(localePrefix.length)) : null
  if (!matched) {
    setResponseHeader(event, 'Allow', 'GET, HEAD')
    throw createError({ statusCode: 405, statusMessage: 'Method Not Allowed' })
  }

  const sendsFile = (getRequestHeader(event, 'content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
  const fileHandler = sendsFile ? matched.route.fileHandler : undefined
  const query = Object.fromEntries(Object.entries(getQuery(event))
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  const context = { params: matched.params, query }
  // A body the portal cannot read (a NUL, over the limit) answers with the page and a message, not the error page.
  const outcome = fileHandler
    ? await fileHandler(event, {}, context)
    : await readLimitedBody(event, matched.route.maxBytes).then(
        body => matched.route.handler(event, (body ?? {}) as Record<string, string>, context),
        (error: unknown) => bodyRefusal(event, error, matched.route.maxBytes),
      )
  if (outcome.redirect) return sendRedirect(event, `${localePrefix}${outcome.redirect}`, 303)
  event.context.form = outcome
  setResponseStatus(event, outcome.status ?? 422)
})
