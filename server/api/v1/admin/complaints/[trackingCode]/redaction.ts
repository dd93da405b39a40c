import { applyRedaction, redactionOf } from '../../../../../complaints/redaction'

/**
 * What the public reads of a pengaduan, for Diskominfo's admins only (complaints/redaction.ts). GET: the originals,
 * the public version, the photos and the record of redactions. POST `{ action: 'redact', field, text, reason }`,
 * `{ action: 'restore', field, reason }` or `{ action: 'hide' | 'show', photo, reason }` changes it and answers as
 * GET; 422 for bad input, 409 for a complaint never public (rahasia, anonim) or a change that changes nothing.
 */
export default defineApiHandler(['GET', 'HEAD', 'POST'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const em = await useEm(event)
  const code = getRouterParam(event, 'trackingCode') ?? ''
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method !== 'POST') return redactionOf(em, admin, code)
  return applyRedaction(em, admin, code, await readLimitedBody(event))
})
