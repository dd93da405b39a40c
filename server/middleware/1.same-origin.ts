/**
 * Refuses cross-site form posts (CSRF): a state-changing request that a browser marks as coming from another site
 * is turned away. Session cookies are SameSite=Lax as well; this also covers sign-in forms, which need no cookie.
 * A page form, and an API call that carries the session cookie, must show where it came from (Origin, Referer or
 * Sec-Fetch-Site: same-origin), as every browser in use does. Other systems calling the API without a session (and
 * Open311 with its API key) send none of these headers and are not affected.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host
  }
  catch {
    return null
  }
}

export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method)) return
  const site = getRequestHeader(event, 'sec-fetch-site')
  const origin = getRequestHeader(event, 'origin')
  const host = getRequestHeader(event, 'x-forwarded-host') && process.env.TRUST_PROXY === '1'
    ? getRequestHeader(event, 'x-forwarded-host')
    : getRequestHeader(event, 'host')
  const referer = getRequestHeader(event, 'referer')
  const { pathname } = getRequestURL(event)
  const isPageForm = !/^\/(?:api|open311)\//.test(pathname)
  const hasSession = pathname.startsWith('/api/') && Boolean(getCookie(event, useRuntimeConfig(event).session.name))
  const unproven = origin === undefined && site !== 'same-origin'
    && (referer === undefined || originHost(referer) !== host)
  const crossSite = site === 'cross-site' || site === 'same-site'
    || (origin !== undefined && originHost(origin) !== host)
    || ((isPageForm || hasSession) && unproven)
  if (crossSite) {
    const message = 'Permintaan dari situs lain ditolak. Buka portal ini langsung, lalu coba lagi.'
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message, data: { message } })
  }
})
