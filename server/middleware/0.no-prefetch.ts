/**
 * The script-free pages carry speculation rules: a browser may fetch a linked page before it is clicked. A page with
 * personal data must not be fetched on a hover: an officer's request page records a staff view of the applicant's
 * data each time it is rendered (issue 3), and would record views nobody made. Such a prefetch is refused (a
 * browser treats a failed prefetch as none and loads the page on the click).
 */
const PERSONAL_PAGE = /^(?:\/en)?\/(?:petugas|permohonan|admin)(?:\/|$)|^(?:\/en)?\/layanan\/[^/]+\/ajukan\//

export default defineEventHandler((event) => {
  const purpose = getRequestHeader(event, 'sec-purpose') ?? getRequestHeader(event, 'purpose') ?? ''
  if (!/prefetch/i.test(purpose) || !PERSONAL_PAGE.test(getRequestURL(event).pathname)) return
  setResponseHeaders(event, { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' })
  setResponseStatus(event, 503, 'Prefetch Refused')
  return 'Halaman ini dimuat saat dibuka, tidak lebih awal.'
})
