import { fetch as plainFetch, url, useTestContext } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../server/database/orm'
import { callJson, getPage, staffCookie } from '../support/admin'
import { registerCitizen } from '../support/permohonan'
import { fetch, setupPortal } from '../support/server'

/**
 * Every error answer of /api/v1 is `{ message, errors? }` in plain Bahasa Indonesia with its HTTP status; a
 * session cookie on a state-changing API call needs the portal as its Origin; expected refusals stay out of the log.
 */
const { databaseUrl } = await setupPortal('api_errors')

let database: Database
let citizen: string
let admin: string
let officer: string

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  citizen = await registerCitizen('Warga Galat', 'warga-galat@contoh.test')
  admin = await staffCookie(database, 'admin', 'admin-galat@kominfo.test')
  officer = await staffCookie(database, 'officer', 'petugas-galat@capil.test', 'disdukcapil')
})

afterAll(async () => {
  await database.close()
})

type ErrorBody = { message: string, errors?: Record<string, string> } & Record<string, unknown>

/** The answer's body, checked to be the one error shape: a plain message, no framework fields, no English. */
async function errorBody(response: Response): Promise<ErrorBody> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = await response.json() as ErrorBody
  expect(typeof body.message).toBe('string')
  for (const key of ['error', 'statusCode', 'statusMessage', 'url', 'stack', 'data']) {
    expect(body).not.toHaveProperty(key)
  }
  expect(body.message).not.toMatch(/\b(?:invalid|expected|received|cannot|unexpected|token|json at position)\b/i)
  expect(body.message).not.toMatch(/diharapkan|diterima|<=|>=/)
  return body
}

const DRAFT = '/api/v1/drafts/akta-kelahiran'
const sendJson = (method: string, path: string, cookie: string, body: string, headers: Record<string, string> = {}) =>
  fetch(path, { method, body, headers: { 'content-type': 'application/json', cookie, ...headers } })

describe('one error shape for /api/v1', () => {
  it('answers an unknown path, a wrong method and a signed-out caller with a plain message', async () => {
    const unknown = await fetch('/api/v1/tidak-ada-di-sini')
    expect(unknown.status).toBe(404)
    expect((await errorBody(unknown)).message).toBe('Alamat atau data yang diminta tidak ditemukan.')

    const put = await plainFetch('/api/v1/categories', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD')
    expect((await errorBody(put)).message).toBe('Alamat ini hanya bisa dibaca (GET atau HEAD).')
    // The sentence names the methods the Allow header names.
    const patch = await plainFetch('/api/v1/admin/categories/01.12', { method: 'PATCH' })
    expect(patch.headers.get('allow')).toBe('GET, HEAD, PUT')
    expect((await errorBody(patch)).message).toBe('Alamat ini hanya menerima permintaan GET, HEAD atau PUT.')

    // A refusal that no field caused carries no `errors` at all, not an empty one.
    const absent = await fetch('/api/v1/requests/TGM-0000-0000-0000', { headers: { cookie: citizen } })
    expect(absent.status).toBe(404)
    expect(Object.keys(await errorBody(absent))).toEqual(['message'])

    const signedOut = await fetch('/api/v1/requests')
    expect(signedOut.status).toBe(401)
    expect(await errorBody(signedOut)).toEqual({ message: 'Silakan masuk dulu.' })

    const refused = await callJson('GET', '/api/v1/admin/audit', citizen)
    expect(refused.status).toBe(403)
    expect(await errorBody(refused)).toEqual({ message: 'Anda tidak punya akses ke halaman ini.' })

    const missing = await fetch('/api/v1/services/layanan-yang-tidak-ada')
    expect(missing.status).toBe(404)
    expect(await errorBody(missing)).toEqual({ message: 'Layanan tidak ditemukan.' })
  })

  it('answers a body that is not JSON, not an object, too large or with a NUL byte in Bahasa Indonesia', async () => {
    const broken = await sendJson('PUT', DRAFT, citizen, '{"answers": {')
    expect(broken.status).toBe(400)
    expect((await errorBody(broken)).message).toContain('bukan JSON yang sah')

    const list = await sendJson('PUT', DRAFT, citizen, '[]')
    expect(list.status).toBe(400)
    expect((await errorBody(list)).message).toContain('harus berupa objek JSON')

    const nul = await sendJson('PUT', DRAFT, citizen, '{"answers":{"namaAnak":"Budi\\u0000"}}')
    expect(nul.status).toBe(400)
    expect((await errorBody(nul)).message).toContain('karakter yang tidak dapat dibaca')

    const large = await sendJson('PUT', DRAFT, citizen, JSON.stringify({ answers: { x: 'a'.repeat(70_000) } }))
    expect(large.status).toBe(413)
    expect((await errorBody(large)).message).toBe('Isian terlalu panjang untuk dikirim.')
  })

  it('names the field at fault in plain words where the schema has no message of its own', async () => {
    const answers = await sendJson('PUT', DRAFT, citizen, JSON.stringify({ answers: 5 }))
    expect(answers.status).toBe(400)
    expect(await errorBody(answers)).toEqual({ message: 'Bagian "answers" harus berisi objek.',
      errors: { answers: 'Bagian "answers" harus berisi objek.' } })

    const role = await callJson('POST', '/api/v1/admin/staff/1/actions', admin, { action: 'ubah-peran', role: 5 })
    expect(role.status).toBe(400)
    expect((await errorBody(role)).errors).toEqual({ role: 'Bagian "role" harus berisi teks.' })

    const agency = await callJson('POST', '/api/v1/admin/staff/1/actions', admin,
      { action: 'ubah-peran', agency: 'x'.repeat(81) })
    expect((await errorBody(agency)).message).toBe('Bagian "agency" paling banyak 80 huruf.')
  })

  it('refuses a reason for returning a draft at the 2,000 characters its message names', async () => {
    const long = await callJson('POST', '/api/v1/admin/drafts/999999/actions', admin,
      { action: 'return', reason: 'a'.repeat(2001) })
    expect(long.status).toBe(400)
    expect(await errorBody(long)).toEqual({ message: 'Alasan paling banyak 2.000 huruf.',
      errors: { reason: 'Alasan paling banyak 2.000 huruf.' } })
    const within = await callJson('POST', '/api/v1/admin/drafts/999999/actions', admin,
      { action: 'return', reason: 'a'.repeat(2000) })
    expect(within.status).toBe(404)
    await errorBody(within)
  })

  it('keeps Open311 in its own error format and /api/health in its own body', async () => {
    const open311 = await plainFetch('/open311/v2/requests.json', { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': 'https://situs-lain.test' },
      body: 'api_key=x' })
    expect(open311.status).toBe(403)
    expect(await open311.json()).toEqual([{ code: 403,
      description: 'Permintaan dari situs lain ditolak. Buka portal ini langsung, lalu coba lagi.' }])

    const health = await fetch('/api/health')
    expect(await health.json()).toHaveProperty('database', 'up')
  })
})

describe('a state-changing API call with the session cookie', () => {
  const saved = async () => (await fetch(DRAFT, { headers: { cookie: citizen } })).status

  it('is refused without Origin or Referer, and nothing changes', async () => {
    const bare = await plainFetch(DRAFT, { method: 'PUT', body: JSON.stringify({ answers: { namaAnak: 'Budi' } }),
      headers: { 'content-type': 'application/json', 'cookie': citizen } })
    expect(bare.status).toBe(403)
    expect(await errorBody(bare)).toEqual({
      message: 'Permintaan dari situs lain ditolak. Buka portal ini langsung, lalu coba lagi.' })
    expect(await saved()).toBe(404)
  })

  it('is refused with another site as its Origin', async () => {
    const crossSite = await sendJson('PUT', DRAFT, citizen, JSON.stringify({ answers: {} }),
      { origin: 'https://situs-lain.test' })
    expect(crossSite.status).toBe(403)
    expect(await saved()).toBe(404)
  })

  it('works with the portal as its Origin, or its Referer, or Sec-Fetch-Site: same-origin', async () => {
    const origin = new URL(url('/')).origin
    const provenances: Record<string, string>[] = [{ origin }, { referer: `${origin}/layanan/akta-kelahiran/ajukan` },
      { 'sec-fetch-site': 'same-origin' }]
    for (const headers of provenances) {
      const response = await sendJson('PUT', DRAFT, citizen, JSON.stringify({ answers: {} }), headers)
      expect(response.status, Object.keys(headers)[0]).toBeLessThan(300)
    }
    expect(await saved()).toBe(200)
  })

  it('leaves calls without the session cookie as they were: signing in needs no Origin', async () => {
    const response = await plainFetch('/api/v1/auth/login', { method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin-galat@kominfo.test', password: 'lumbung padi di pekon way halom' }) })
    expect(response.status).toBe(200)
  })
})

describe('the server log', () => {
  it('holds no stack trace for an officer refused an admin page, nor for the refusals above', async () => {
    const page = await getPage('/admin/katalog', officer)
    expect(page.status).toBe(403)
    await new Promise(resolve => setTimeout(resolve, 200))
    const log = (useTestContext().serverLogs ?? []).join('\n')
    expect(log).not.toMatch(/\[request error\]|\[fatal\]|\n\s+at /)
    expect(log).not.toContain('Budi')
  })
})
