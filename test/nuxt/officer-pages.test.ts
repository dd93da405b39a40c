import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { PDF, registerCitizen, SAMPLE_NIK, signInAs, submitSample } from '../support/permohonan'
import { fetch, setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('officer_pages', {
  UPLOAD_DIR: `.data/test-uploads-officer-${process.pid}`, PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64') })

/** A browser's form post from the page itself (Origin set), answered without following the redirect. */
function post(path: string, cookie: string, body: URLSearchParams | FormData, headers: Record<string, string> = {}) {
  const type: Record<string, string> = body instanceof URLSearchParams
    ? { 'content-type': 'application/x-www-form-urlencoded' }
    : {}
  return fetch(path, { method: 'POST', body, redirect: 'manual',
    headers: { ...type, cookie, accept: 'text/html', origin: new URL(url('/')).origin, ...headers } })
}
const actionForm = (fields: Record<string, string>) => new URLSearchParams(fields)
function outputForm(content: Buffer, fileName: string) {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(content)]), fileName)
  return body
}
const page = (path: string, cookie: string) => fetch(path, { headers: { cookie, accept: 'text/html' } })

let database: Database
let execute: Execute
let owner: string
let stranger: string
let capil: string
let capilHead: string
let dinsos: string
let admin: string

const statusOf = async (code: string) => (await execute<{ status: string }>(
  'select "status" from "request" where "tracking_code" = $1', [code]))[0]?.status
const seenBy = (code: string) => execute<{ viewer_role: string, seen: string }>(`select v."viewer_role", v."seen"
  from "personal_data_view" v join "request" r on r."id" = v."request_id" where r."tracking_code" = $1
  order by v."id"`, [code])

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  execute = sqlExecutor(database.orm)
  const staff = [
    { role: 'officer', agencySlug: 'disdukcapil', name: 'Rahmat Petugas', email: 'rahmat@capil.test' },
    { role: 'head', agencySlug: 'disdukcapil', name: 'Sri Kepala', email: 'sri@capil.test' },
    { role: 'officer', agencySlug: 'dinsos', name: 'Bayu Dinsos', email: 'bayu@dinsos.test' },
    { role: 'admin', name: 'Admin Kominfo', email: 'admin@kominfo.test' },
  ] as const
  for (const member of staff) {
    await createStaff(database.orm.em.fork(), { ...member, password: 'pantai terbaya di kota agung' })
  }
  const signIn = (email: string) => signInAs(email, 'pantai terbaya di kota agung')
  capil = await signIn('rahmat@capil.test')
  capilHead = await signIn('sri@capil.test')
  dinsos = await signIn('bayu@dinsos.test')
  admin = await signIn('admin@kominfo.test')
  owner = await registerCitizen('Siti Pemohon', 'siti@contoh.test')
  stranger = await registerCitizen('Tetangga Sebelah', 'tetangga@contoh.test')
})
afterAll(async () => {
  await database?.close()
})

describe('the request page of an officer', () => {
  it('shows the handling OPD the facts, the applicant, the NIK in clear, the files and the actions', async () => {
    const { trackingCode, documents } = await submitSample(owner)
    const inbox = await (await page('/petugas', capil)).text()
    expect(inbox).toContain(`href="/petugas/${trackingCode}"`)

    const response = await page(`/petugas/${trackingCode}`, capil)
    expect(response.status).toBe(200)
    const html = await response.text()
    for (const text of ['Akta Kelahiran', 'Diajukan', 'Siti Pemohon', 'siti@contoh.test', SAMPLE_NIK,
      `/api/v1/uploads/${Object.values(documents)[0]}`, 'Verifikasi permohonan', 'Tolak permohonan',
      'Catatan internal']) {
      expect(html).toContain(text)
    }
    expect(html).not.toContain('Teruskan permohonan')
    // Answers read as the applicant chose them: the option's label, the kecamatan's name, the date in words.
    expect(html).toContain('<dd>Laki-laki</dd>')
    expect(html).not.toContain('<dd>laki-laki</dd>')
    expect(html).not.toContain('<dd>18.06.01</dd>')
    expect(html).toContain('<dd>2 November 2026</dd>')
    expect(html).toMatch(new RegExp(`<form[^>]*action="/petugas/${trackingCode}"[^>]*method="post"`))
    expect(await (await page(`/petugas/${trackingCode}`, capilHead)).text()).toContain('Teruskan permohonan')
  })

  it('does not exist for another OPD, page, API and files alike, and is a 403 page for citizens', async () => {
    const { trackingCode, documents } = await submitSample(owner)
    expect((await page(`/petugas/${trackingCode}`, dinsos)).status).toBe(404)
    expect((await page(`/petugas/${trackingCode}`, owner)).status).toBe(403)
    expect((await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: dinsos } })).status).toBe(404)
    for (const cookie of [dinsos, stranger]) {
      expect((await fetch(`/api/v1/uploads/${Object.values(documents)[0]}`, { headers: { cookie } })).status)
        .toBe(404)
    }
    const acted = await post(`/petugas/${trackingCode}`, dinsos, actionForm({ action: 'verify' }))
    expect(acted.status).toBe(404)
    const api = await fetch(`/api/v1/officer/requests/${trackingCode}/actions`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'cookie': dinsos }, body: JSON.stringify({ action: 'verify' }) })
    expect(api.status).toBe(404)
    expect(await statusOf(trackingCode)).toBe('diajukan')
  })

  it('shows an admin the NIK masked and how often staff looked', async () => {
    const { trackingCode } = await submitSample(owner)
    await page(`/petugas/${trackingCode}`, capil)
    const html = await (await page(`/petugas/${trackingCode}`, admin)).text()
    expect(html).not.toContain(SAMPLE_NIK)
    expect(html).toContain('1806••••••••0001')
    expect(html).toContain('sudah dilihat staf 2 kali')
  })
})

describe('acting on a request with JavaScript off', () => {
  it('verifies, notes, processes and completes with an uploaded output, each answering 303', async () => {
    const { trackingCode } = await submitSample(owner)
    const path = `/petugas/${trackingCode}`

    const verified = await post(path, capil, actionForm({ action: 'verify' }))
    expect(verified.status).toBe(303)
    expect(verified.headers.get('location')).toBe(`${path}?berhasil=verify`)
    expect(await statusOf(trackingCode)).toBe('diverifikasi')
    expect(await (await page(`${path}?berhasil=verify`, capil)).text()).toContain('Permohonan diverifikasi.')

    const noted = await post(path, capil, actionForm({ action: 'add_note', note: 'Cek register di kecamatan.' }))
    expect(noted.status).toBe(303)
    expect((await post(path, capil, actionForm({ action: 'start_processing' }))).status).toBe(303)
    const completed = await post(path, capil, outputForm(PDF, 'akta-kelahiran.pdf'))
    expect(completed.status).toBe(303)
    expect(completed.headers.get('location')).toBe(`${path}?berhasil=complete`)
    expect(await statusOf(trackingCode)).toBe('selesai')

    const html = await (await page(path, capil)).text()
    expect(html).toMatch(/Catatan internal[\s\S]*Cek register di kecamatan\./)
    expect(html).toContain('Unduh dokumen hasil')
    expect(await (await page(`/permohonan/${trackingCode}`, owner)).text()).not.toContain('Cek register')
  })

  it('lets the applicant download the output document, and nobody else outside the OPD', async () => {
    const { trackingCode } = await submitSample(owner)
    const path = `/petugas/${trackingCode}`
    for (const action of ['verify', 'start_processing']) await post(path, capil, actionForm({ action }))
    await post(path, capil, outputForm(PDF, 'hasil.pdf'))
    const request = await (await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: owner } }))
      .json() as { outputDocumentId: string }
    const download = (cookie: string) => fetch(`/api/v1/uploads/${request.outputDocumentId}`, { headers: { cookie } })

    const mine = await download(owner)
    expect(mine.status).toBe(200)
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(PDF)
    expect((await download(capilHead)).status).toBe(200)
    expect((await download(stranger)).status).toBe(404)
    expect((await download(dinsos)).status).toBe(404)
  })

  it('re-renders a refused or incomplete action with the error summary and 422', async () => {
    const { trackingCode } = await submitSample(owner)
    const path = `/petugas/${trackingCode}`

    const noReason = await post(path, capil, actionForm({ action: 'reject', note: ' ' }))
    expect(noReason.status).toBe(422)
    const html = await noReason.text()
    expect(html).toContain('Ada yang perlu diperbaiki')
    expect(html).toContain('href="#reject-note"')
    expect(html).toContain('Tuliskan alasan penolakan.')

    const tooEarly = await post(path, capil, actionForm({ action: 'start_processing' }))
    expect(tooEarly.status).toBe(422)
    expect(await tooEarly.text()).toMatch(/href="#tindakan"[^>]*>Permohonan berstatus diajukan tidak bisa diproses/)
    const forbidden = await post(path, capil, actionForm({ action: 'forward', toAgency: 'dinsos', note: 'Salah OPD' }))
    expect(forbidden.status).toBe(422)
    expect(await forbidden.text()).toContain('Hanya kepala OPD yang menangani permohonan ini')
    const noAgency = await post(path, capilHead, actionForm({ action: 'forward', note: 'Bukan urusan kami.' }))
    expect(noAgency.status).toBe(422)
    const kept = await noAgency.text()
    expect(kept).toContain('href="#forward-toAgency"')
    expect(kept).toMatch(/<textarea[^>]*id="forward-note"[^>]*>Bukan urusan kami\.<\/textarea>/)
    expect(await statusOf(trackingCode)).toBe('diajukan')
  })

  it('keeps no output document when completing is refused', async () => {
    const { trackingCode } = await submitSample(owner)
    const uploadsOf = async () => (await execute<{ n: number }>(`select count(*)::int as "n" from "upload" u
      join "app_user" a on a."id" = u."owner_id" where a."email" = 'rahmat@capil.test'`))[0]!.n
    const before = await uploadsOf()

    const refused = await post(`/petugas/${trackingCode}`, capil, outputForm(PDF, 'terlalu-dini.pdf'))
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('tidak bisa diselesaikan')
    expect(await uploadsOf()).toBe(before)
    const notAFile = await post(`/petugas/${trackingCode}`, capil, outputForm(Buffer.from('bukan pdf'), 'a.pdf'))
    expect(notAFile.status).toBe(422)
    expect(await notAFile.text()).toContain('href="#complete-outputDocumentId"')
    expect(await statusOf(trackingCode)).toBe('diajukan')
  })

  it('asks for a fix the citizen sees, and forwards (head only) back to the inbox', async () => {
    const { trackingCode } = await submitSample(owner)
    const path = `/petugas/${trackingCode}`
    expect((await post(path, capil, actionForm({ action: 'request_fix', note: 'Foto KK buram.' }))).status).toBe(303)
    expect(await statusOf(trackingCode)).toBe('perlu_perbaikan')
    expect(await (await page(`/permohonan/${trackingCode}`, owner)).text()).toContain('Foto KK buram.')

    const forwarded = await post(path, capilHead, actionForm({ action: 'forward', toAgency: 'dinsos',
      note: 'Permohonan ini urusan Dinas Sosial.' }))
    expect(forwarded.status).toBe(303)
    expect(forwarded.headers.get('location')).toBe('/petugas?berhasil=forward')
    expect((await page(path, capil)).status).toBe(404)
    expect((await page(path, dinsos)).status).toBe(200)
  })

  it('lets a head assign an officer of the OPD, named in the history', async () => {
    const { trackingCode } = await submitSample(owner)
    const staff = await (await fetch('/api/v1/officer/staff', { headers: { cookie: capilHead } }))
      .json() as { id: number, name: string }[]
    const rahmat = staff.find(member => member.name === 'Rahmat Petugas')!
    expect(staff.map(member => member.name)).not.toContain('Bayu Dinsos')
    const assigned = await post(`/petugas/${trackingCode}`, capilHead,
      actionForm({ action: 'assign', assignee: String(rahmat.id) }))
    expect(assigned.status).toBe(303)
    expect(await (await page(`/petugas/${trackingCode}`, capil)).text()).toContain('Ditugaskan kepada Rahmat Petugas')
  })

  it('takes the same actions over the JSON API, refusing input of the wrong type', async () => {
    const { trackingCode } = await submitSample(owner)
    const act = (body: unknown) => fetch(`/api/v1/officer/requests/${trackingCode}/actions`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'cookie': capil }, body: JSON.stringify(body) })
    expect((await act({ action: 'complete', input: { outputDocumentId: 42 } })).status).toBe(400)
    expect((await act({ action: 'reject', note: 'Bukan warga Tanggamus.' })).status).toBe(200)
    expect(await statusOf(trackingCode)).toBe('ditolak')
  })

  it('refuses a form posted from another site, and a citizen\'s post', async () => {
    const { trackingCode } = await submitSample(owner)
    const crossSite = await post(`/petugas/${trackingCode}`, capil, actionForm({ action: 'verify' }),
      { 'origin': 'http://situs-jahat.test', 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)
    expect((await post(`/petugas/${trackingCode}`, owner, actionForm({ action: 'verify' }))).status).toBe(403)
    expect(await statusOf(trackingCode)).toBe('diajukan')
  })
})

describe('the record of staff views', () => {
  it('holds each staff read of a request and its files, and no citizen\'s', async () => {
    const { trackingCode, documents } = await submitSample(owner)
    await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: owner } })
    await page(`/permohonan/${trackingCode}`, owner)
    await fetch(`/api/v1/uploads/${Object.values(documents)[0]}`, { headers: { cookie: owner } })
    expect(await seenBy(trackingCode)).toEqual([])

    await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: capil } })
    await page(`/petugas/${trackingCode}`, capilHead)
    const download = await fetch(`/api/v1/uploads/${Object.values(documents)[0]}`, { headers: { cookie: capil } })
    expect(download.status).toBe(200)
    const seen = await seenBy(trackingCode)
    expect(seen.map(row => `${row.viewer_role} ${row.seen}`)).toEqual(['officer request', 'head request',
      `officer document:${Object.keys(documents)[0]}`])
  })
})

describe('the inbox', () => {
  it('filters by service on the page and in the API', async () => {
    const { trackingCode } = await submitSample(owner)
    const filtered = await (await page('/petugas?service=akta-kelahiran', capil)).text()
    expect(filtered).toContain(trackingCode)
    expect(filtered).toMatch(/<option[^>]*value="akta-kelahiran"[^>]*selected/)
    expect(await (await page('/petugas?service=kartu-keluarga', capil)).text()).not.toContain(trackingCode)
    const api = await (await fetch('/api/v1/officer/requests?service=kartu-keluarga', { headers: { cookie: capil } }))
      .json() as { items: unknown[] }
    expect(api.items).toEqual([])
  })
})
