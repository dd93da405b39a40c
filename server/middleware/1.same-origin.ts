/**
 * Refuses cross-site form posts (CSRF): a state-changing request that a browser marks as coming from another site
 * is turned away. Session cookies are SameSite=Lax as well; this also covers sign-in forms, which need no cookie.
 * Other systems calling the API (and Open311) send no Origin or Sec-Fetch-Site header and are not affected.
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
  // A page form (not the JSON API, which other systems call without these headers) must show where it came from:
  // every browser in use sends Origin or Referer with a form post; only very old ones send neither.
  const isPageForm = !/^\/(?:api|open311)\//.test(getRequestURL(event).pathname)
  const crossSite = site === 'cross-site' || site === 'same-site'
    || (origin !== undefined && originHost(origin) !== host)
    || (isPageForm && origin === undefined && (referer === undefined || originHost(referer) !== host))
  if (crossSite) {
    const message = 'Permintaan dari situs lain ditolak. Buka portal ini langsung, lalu coba lagi.'
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message, data: { message } })
  }
})
