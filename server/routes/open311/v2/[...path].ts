import { countAttempt, throttleKey } from '../../../accounts/throttle'
import { sqlExecutor } from '../../../database/sql'
import { discovery } from '../../../open311/discovery'
import { Open311Error, respond, respondError, splitFormat, type Open311Format } from '../../../open311/format'
import { activeOpen311Key } from '../../../open311/keys'
import { findServiceRequest, findServiceRequests, postServiceRequest } from '../../../open311/requests'
import { listServices, serviceDefinition } from '../../../open311/services'

/**
 * Open311 GeoReport v2 (issue 4; docs/decisions.md "Open311"): every path ends in .json or .xml; a refusal is the
 * specification's `[{ code, description }]` with the same HTTP status, in the asked format. Reading needs no key;
 * filing needs an API key an admin issued (/admin/open311).
 */
export default defineEventHandler(async (event) => {
  const segments = (getRouterParam(event, 'path') ?? '').split('/')
  const last = splitFormat(segments.at(-1) ?? '')
  const format: Open311Format = last?.[1] ?? 'json'
  try {
    if (!last) throw new Open311Error(404, 'Alamat tidak dikenal; pakai akhiran .json atau .xml.')
    const path = [...segments.slice(0, -1), last[0]].join('/')
    const allowed = path === 'requests' ? ['GET', 'HEAD', 'POST'] : ['GET', 'HEAD']
    if (!allowed.includes(event.method)) {
      setResponseHeader(event, 'Allow', allowed.join(', '))
      setResponseStatus(event, 405)
      return respond(event, format, 'errors', [{ code: 405, description: 'Metode ini tidak diterima di sini.' }])
    }
    return await answer(event, path, format)
  }
  catch (error) {
    if (error instanceof Open311Error) return respondError(event, format, error)
    throw toHttpError(error)
  }
})

async function answer(event: Parameters<typeof respond>[0], path: string, format: Open311Format) {
  const em = await useEm(event)
  if (path === 'discovery') return respond(event, format, 'discovery', discovery(getRequestURL(event).origin))
  if (path === 'services') return respond(event, format, 'services', await listServices(em))
  const service = /^services\/([^/]+)$/.exec(path)
  if (service) return respond(event, format, 'service_definition', await serviceDefinition(em, service[1]))
  if (path === 'requests' && event.method === 'POST') {
    const body = await readLimitedBody(event).catch(() => {
      throw new Open311Error(400, 'Isi kiriman tidak terbaca; kirim application/x-www-form-urlencoded.')
    }) as Record<string, unknown> | null
    const key = await activeOpen311Key(em, body?.api_key)
    if (!key) throw new Open311Error(403, 'api_key tidak ada atau tidak berlaku.')
    if (await countAttempt(sqlExecutor(em), 'open311', throttleKey('open311', String(key.id)), new Date())) {
      throw new Open311Error(429, 'Terlalu banyak pengaduan dengan kunci ini dalam waktu singkat. Coba lagi nanti.')
    }
    setResponseStatus(event, 201)
    return respond(event, format, 'service_requests', await postServiceRequest(em, key, body,
      await useSynonymIndex()))
  }
  const origin = getRequestURL(event).origin
  if (path === 'requests') return respond(event, format, 'service_requests', await findServiceRequests(em,
    getQuery(event), origin))
  const request = /^requests\/([^/]+)$/.exec(path)
  if (request) {
    return respond(event, format, 'service_requests', await findServiceRequest(em, request[1]!, origin))
  }
  if (/^tokens\/[^/]+$/.test(path)) {
    // Filing is synchronous: POST answers with service_request_id at once, so no token is ever issued.
    throw new Open311Error(404, 'Token tidak dikenal: portal ini langsung menjawab dengan service_request_id.')
  }
  throw new Open311Error(404, 'Alamat tidak dikenal.')
}
