import { randomUUID } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { ComplaintSchema } from '../../server/database/entities/complaint'
import { UserSchema } from '../../server/database/entities/user'
import { openDatabase, type Database } from '../../server/database/orm'
import { issueOpen311Key, revokeOpen311Key } from '../../server/open311/keys'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** Open311 GeoReport v2 (issue 4), driven by a small client written from the specification. */
const { databaseUrl } = await setupPortal('open311', { TRUST_PROXY: '1' })

type Row = Record<string, unknown>

// --- the client: GeoReport v2 as a partner system would call it -------------------------------------------------

interface XmlNode {
  name: string
  children: XmlNode[]
  text: string
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, '\'').replace(/&amp;/g, '&')

/** Enough XML for GeoReport answers: elements, text and self-closing tags; no attributes or mixed content. */
function parseXml(source: string): XmlNode {
  const body = source.replace(/^<\?xml[^>]*\?>\s*/, '')
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }]
  for (const token of body.match(/<[^>]+>|[^<]+/g) ?? []) {
    const top = stack.at(-1)!
    if (token.startsWith('</')) {
      const closed = stack.pop()!
      if (closed.name !== token.slice(2, -1)) throw new Error(`unbalanced </${closed.name}>`)
    }
    else if (token.startsWith('<')) {
      const node = { name: token.replace(/^<|\/?>$/g, ''), children: [], text: '' }
      top.children.push(node)
      if (!token.endsWith('/>')) stack.push(node)
    }
    else {
      top.text += unescape(token)
    }
  }
  if (stack.length !== 1) throw new Error('unclosed element')
  return stack[0]!.children[0]!
}

const LISTS = new Set(['services', 'service_requests', 'errors', 'endpoints', 'formats', 'attributes', 'values'])

/** An XML answer as the JSON one would be (every value a string, as XML has no types). */
function xmlToPlain(node: XmlNode): unknown {
  if (LISTS.has(node.name)) return node.children.map(xmlToPlain)
  if (!node.children.length) return node.text
  return Object.fromEntries(node.children.map(child => [child.name, xmlToPlain(child)]))
}

let clients = 0
const address = () => `10.31.${Math.floor(++clients / 250)}.${clients % 250 + 1}`

async function call(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString()
  const response = method === 'GET'
    ? await fetch(`/open311/v2/${path}${query ? `?${query}` : ''}`, { headers: { 'x-forwarded-for': address() } })
    : await fetch(`/open311/v2/${path}`, { method: 'POST', body: query,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address() } })
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  const body = type.startsWith('text/xml') ? xmlToPlain(parseXml(text)) : JSON.parse(text) as unknown
  return { status: response.status, type, text, body }
}

const get = (path: string, params?: Record<string, string>) => call('GET', path, params)
const post = (path: string, params: Record<string, string>) => call('POST', path, params)

// --- the portal's side ------------------------------------------------------------------------------------------

let database: Database
let apiKey = ''

const pothole = { 'service_code': 'jalan-rusak', 'lat': '-5.4921', 'long': '104.6245',
  'attribute[kecamatan]': 'kota-agung',
  'description': 'Lubang besar di Jalinbar dekat pasar, sudah dua pemotor jatuh minggu ini. Pelapor: Budi Santoso.' }

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  const admin = await createStaff(database.orm.em.fork(), { role: 'admin', name: 'Admin Open311',
    email: 'admin311@uji.test', password: 'mercusuar di tanjung cina' })
  apiKey = (await issueOpen311Key(database.orm.em.fork(), admin, 'Aplikasi Lapor Pekon')).key
})
afterAll(async () => {
  await database?.close()
})

describe('discovery and services', () => {
  it('describes the endpoint and its two formats', async () => {
    const { status, body } = await get('discovery.json')
    expect(status).toBe(200)
    expect(body).toMatchObject({ endpoints: [{ url: expect.stringMatching(/\/open311\/v2$/),
      formats: expect.arrayContaining(['application/json', 'text/xml']) }] })
    const xml = await get('discovery.xml')
    expect(xml.type).toMatch(/^text\/xml/)
    expect(xml.body).toMatchObject({ endpoints: [{ type: 'production' }] })
  })

  it('lists the complaint types as services with their group and keywords', async () => {
    const { body } = await get('services.json') as { body: Row[] }
    const road = body.find(service => service.service_code === 'jalan-rusak')
    expect(road).toMatchObject({ service_name: expect.stringContaining('Jalan'), metadata: true, type: 'realtime',
      group: expect.any(String), keywords: expect.stringContaining('jalan berlubang'),
      description: expect.any(String) })
    const xml = await get('services.xml') as { body: Row[] }
    expect(xml.body.find(service => service.service_code === 'jalan-rusak')).toMatchObject({ metadata: 'true',
      group: road!.group })
  })

  it('defines the attributes of a service, the kecamatan among them', async () => {
    const { body } = await get('services/jalan-rusak.json') as { body: { attributes: Row[] } }
    const kecamatan = body.attributes.find(attribute => attribute.code === 'kecamatan') as { values: Row[] }
    expect(kecamatan).toMatchObject({ required: true, datatype: 'singlevaluelist' })
    expect(kecamatan.values).toHaveLength(20)
    const xml = await get('services/jalan-rusak.xml') as { body: { attributes: Row[] } }
    expect(xml.body.attributes.map(attribute => attribute.code)).toContain('kecamatan')
    expect((await get('services/tidak-ada.json')).status).toBe(404)
  })
})

describe('filing a service request', () => {
  it('files with a key and finds the complaint at the type\'s OPD, without a PIN in the answer', async () => {
    const { status, body, text } = await post('requests.json', { api_key: apiKey, ...pothole })
    expect(status).toBe(201)
    const [filed] = body as Row[]
    expect(filed).toMatchObject({ service_request_id: expect.stringMatching(/^ADU-/) })
    expect(text).not.toMatch(/pin/i)
    const { body: found } = await get(`requests/${filed!.service_request_id}.json`) as { body: Row[] }
    expect(found[0]).toMatchObject({ status: 'open', service_code: 'jalan-rusak', lat: -5.4921, long: 104.6245,
      agency_responsible: expect.stringContaining('Pekerjaan Umum'), expected_datetime: expect.stringMatching(/T/),
      description: pothole.description })
  })

  it('gives the same request again for the same idempotency key', async () => {
    const form = { 'api_key': apiKey, ...pothole, 'attribute[idempotency_key]': randomUUID() }
    const first = await post('requests.xml', form)
    const again = await post('requests.xml', form)
    expect(first.type).toMatch(/^text\/xml/)
    expect((again.body as Row[])[0]!.service_request_id).toBe((first.body as Row[])[0]!.service_request_id)
  })

  it('refuses with the specification\'s codes and error body', async () => {
    const badKey = await post('requests.json', { ...pothole, api_key: 'tgm311_salah' })
    expect(badKey.status).toBe(403)
    expect(badKey.body).toEqual([{ code: 403, description: expect.any(String) }])
    const noCode = await post('requests.json', { ...pothole, api_key: apiKey, service_code: '' })
    expect(noCode.status).toBe(400)
    expect(noCode.body).toEqual([{ code: 400, description: expect.stringContaining('service_code') }])
    const outside = await post('requests.xml', { ...pothole, api_key: apiKey, lat: '-6.9', long: '107.6' })
    expect(outside.status).toBe(400)
    expect(outside.body).toEqual([{ code: '400', description: expect.stringContaining('Tanggamus') }])
    const nowhere = await post('requests.json', { 'api_key': apiKey, 'service_code': 'jalan-rusak',
      'attribute[kecamatan]': 'kota-agung', 'description': pothole.description })
    expect(nowhere.status).toBe(400)
    const remote = await post('requests.json', { api_key: apiKey, ...pothole, media_url: 'http://127.0.0.1/a.jpg' })
    expect(remote.status).toBe(400)
  })

  it('refuses a revoked key', async () => {
    const em = database.orm.em.fork()
    const admin = await em.findOneOrFail(UserSchema, { email: 'admin311@uji.test' })
    const { id, key } = await issueOpen311Key(em, admin, 'Kunci sementara')
    expect((await post('requests.json', { api_key: key, ...pothole })).status).toBe(201)
    await revokeOpen311Key(em, admin, id)
    expect((await post('requests.json', { api_key: key, ...pothole })).status).toBe(403)
  })
})

describe('reading service requests', () => {
  it('filters by service_code, status and dates, and answers unknown ids with 404', async () => {
    const { body } = await get('requests.json', { service_code: 'jalan-rusak', status: 'open' }) as { body: Row[] }
    expect(body.length).toBeGreaterThan(0)
    expect(body.every(request => request.service_code === 'jalan-rusak' && request.status === 'open')).toBe(true)
    const future = await get('requests.json', { start_date: '2030-01-01T00:00:00Z', end_date: '2030-02-01T00:00:00Z' })
    expect(future.body).toEqual([])
    expect((await get('requests.json', { start_date: 'kemarin' })).status).toBe(400)
    expect((await get('requests.json', { status: 'setengah' })).status).toBe(400)
    const missing = await get('requests/ADU-0000-0000-0000.json')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual([{ code: 404, description: expect.any(String) }])
    const missingXml = await get('requests/ADU-0000-0000-0000.xml')
    expect(missingXml.text).toContain('<errors><error><code>404</code>')
    expect((await get('requests.csv')).status).toBe(404)
    expect((await get('tokens/abc.json')).status).toBe(404)
  })

  it('shows a closed biasa complaint with the OPD\'s answer as status_notes', async () => {
    const [filed] = (await post('requests.json', { api_key: apiKey, ...pothole })).body as Row[]
    await database.orm.em.fork().nativeUpdate(ComplaintSchema, { trackingCode: String(filed!.service_request_id) },
      { status: 'dijawab', answer: 'Sudah ditambal pada 3 Desember.' })
    const { body } = await get('requests.json', { service_request_id: String(filed!.service_request_id) })
    expect(body).toMatchObject([{ status: 'closed', status_notes: 'Sudah ditambal pada 3 Desember.' }])
  })

  it('shows nothing textual or personal of rahasia and anonim complaints, and no whistleblowing at all', async () => {
    const ids: string[] = []
    for (const privacy of ['rahasia', 'anonim']) {
      const [filed] = (await post('requests.json', { 'api_key': apiKey, ...pothole, 'attribute[privacy]': privacy,
        'email': 'budi@contoh.test', 'address_string': 'Jl. Merdeka 7' })).body as Row[]
      ids.push(String(filed!.service_request_id))
    }
    await database.orm.em.fork().nativeUpdate(ComplaintSchema, { trackingCode: ids[1]! },
      { status: 'selesai', answer: 'Jawaban untuk Budi Santoso.' })
    for (const format of ['json', 'xml']) {
      const { text, body } = await get(`requests.${format}`, { service_request_id: ids.join(',') })
      expect(body).toHaveLength(2)
      for (const secret of ['Budi', 'budi@contoh.test', 'Merdeka', 'Lubang', '-5.4921', '104.6245', 'Jawaban']) {
        expect(text).not.toContain(secret)
      }
    }
    const whistle = (await post('requests.json', { api_key: apiKey, ...pothole })).body as Row[]
    const code = String(whistle[0]!.service_request_id)
    await database.orm.em.fork().nativeUpdate(ComplaintSchema, { trackingCode: code }, { channel: 'wbs' })
    expect((await get(`requests/${code}.json`)).status).toBe(404)
    const all = await get('requests.json') as { body: Row[] }
    expect(all.body.map(request => request.service_request_id)).not.toContain(code)
  })

  it('escapes text in XML', async () => {
    const [filed] = (await post('requests.json', { api_key: apiKey, ...pothole,
      description: 'Jalan <rusak> & "berlubang" parah sekali, tolong segera ditambal.' })).body as Row[]
    const xml = await get(`requests/${filed!.service_request_id}.xml`)
    expect(xml.text).toContain('Jalan &lt;rusak&gt; &amp; &quot;berlubang&quot;')
    expect((xml.body as Row[])[0]!.description)
      .toBe('Jalan <rusak> & "berlubang" parah sekali, tolong segera ditambal.')
  })
})

describe('the admin page /admin/open311', () => {
  const page = (cookie?: string, body?: string, query = '') => fetch(`/admin/open311${query}`, { redirect: 'manual',
    ...(body === undefined ? {} : { method: 'POST', body }),
    headers: { 'accept': 'text/html', 'content-type': 'application/x-www-form-urlencoded',
      'origin': new URL(url('/')).origin, ...(cookie ? { cookie } : {}) } })
  const signIn = async (email: string, password: string) => sessionCookie(await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }))

  it('issues a key shown once, which files a request, and revokes it', async () => {
    const admin = await signIn('admin311@uji.test', 'mercusuar di tanjung cina')
    const issued = await page(admin, 'tindakan=terbitkan&nama=Aplikasi+Pekon+Uji')
    expect(issued.status).toBe(200)
    const html = await issued.text()
    expect(html).not.toMatch(/<script[^>]+src=/)
    const key = /<code data-key[^>]*>([^<]+)<\/code>/.exec(html)?.[1]
    expect(key).toMatch(/^tgm311_/)
    expect((await post('requests.json', { api_key: key!, ...pothole })).status).toBe(201)
    const listed = await (await page(admin)).text()
    expect(listed).toContain('Aplikasi Pekon Uji')
    expect(listed).not.toContain(key!)
    const id = /name="kunci" value="(\d+)"/.exec(listed)?.[1]
    const revoked = await page(admin, `tindakan=cabut&kunci=${id}`)
    expect(revoked.status).toBe(303)
    expect(revoked.headers.get('location')).toMatch(/\?dicabut=1$/)
    expect((await post('requests.json', { api_key: key!, ...pothole })).status).toBe(403)
    // A second revocation, or an unknown key, says so rather than claiming success.
    for (const again of [id, '999999']) {
      const answer = await page(admin, `tindakan=cabut&kunci=${again}`)
      expect(answer.headers.get('location')).toMatch(/\?tidakDicabut=1$/)
    }
    expect(await (await page(admin, undefined, '?tidakDicabut=1')).text()).toContain('tidak ada atau sudah dicabut')
  })

  it('refuses a second active key under the same name, keeping what was typed', async () => {
    const admin = await signIn('admin311@uji.test', 'mercusuar di tanjung cina')
    expect((await page(admin, 'tindakan=terbitkan&nama=Aplikasi+Kembar')).status).toBe(200)
    const twin = await page(admin, 'tindakan=terbitkan&nama=aplikasi+kembar')
    expect(twin.status).toBe(409)
    const html = await twin.text()
    expect(html).toContain('Sudah ada kunci aktif bernama')
    expect(html).toContain('value="aplikasi kembar"')
    expect(html).not.toMatch(/<code data-key/)
  })

  it('refuses an empty name, sends the signed-out to sign in and other roles away', async () => {
    const admin = await signIn('admin311@uji.test', 'mercusuar di tanjung cina')
    expect((await page(admin, 'tindakan=terbitkan&nama=')).status).toBe(422)
    const signedOut = await page(undefined, 'tindakan=terbitkan&nama=Siapa')
    expect(signedOut.status).toBe(303)
    expect(signedOut.headers.get('location')).toContain('/masuk')
    await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'dinas-pupr', name: 'Petugas PUPR',
      email: 'pupr311@uji.test', password: 'mercusuar di tanjung cina' })
    const officer = await signIn('pupr311@uji.test', 'mercusuar di tanjung cina')
    expect((await page(officer)).status).toBe(403)
    expect((await page(officer, 'tindakan=terbitkan&nama=Siapa+Saja')).status).toBe(403)
    expect((await fetch('/api/v1/admin/open311-keys', { headers: { cookie: officer } })).status).toBe(403)
  })
})
