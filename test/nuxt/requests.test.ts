import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import type { ServiceForm } from '../../server/catalogue/form-schema'
import { openDatabase, type Database } from '../../server/database/orm'
import { sampleAnswers } from '../support/sample-answers'
import { fetch, getJson, sessionCookie, setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('requests_api', { UPLOAD_DIR: `.data/test-uploads-req-${process.pid}`,
  PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64') })

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const json = (body: unknown, cookie: string, headers: Record<string, string> = {}) => ({
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', cookie, ...headers },
})

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }) })
  return sessionCookie(response)
}

async function citizen(email: string): Promise<string> {
  const response = await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Warga Uji', email, phone: '081200002222', password: 'kebun kopi di ulubelu' }) })
  return sessionCookie(response)
}

let database: Database
let owner: string
let stranger: string
let capil: string
let dinsos: string
let trackingCode: string

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'disdukcapil', name: 'Petugas A',
    email: 'a@capil.test', password: 'meja nomor satu di kanan' })
  await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'dinsos', name: 'Petugas B',
    email: 'b@dinsos.test', password: 'meja nomor dua di kiri' })
  owner = await citizen('pemohon@contoh.test')
  stranger = await citizen('tetangga@contoh.test')
  capil = await signIn('a@capil.test', 'meja nomor satu di kanan')
  dinsos = await signIn('b@dinsos.test', 'meja nomor dua di kiri')
})
afterAll(async () => {
  await database?.close()
})

describe('a permohonan over the API', () => {
  it('is submitted once however often the same attempt is sent', async () => {
    const { form } = await getJson<{ form: ServiceForm }>('/api/v1/services/akta-kelahiran')
    const documents: Record<string, string> = {}
    for (const document of form.documents.filter(d => d.required)) {
      const body = new FormData()
      body.append('file', new Blob([new Uint8Array(PDF)]), `${document.key}.pdf`)
      const upload = await fetch('/api/v1/uploads', { method: 'POST', body, headers: { cookie: owner } })
      documents[document.key] = (await upload.json() as { id: string }).id
    }
    const submission = { service: 'akta-kelahiran', answers: sampleAnswers(form), documents }
    const sent = await Promise.all([1, 2, 3].map(() => fetch('/api/v1/requests',
      json(submission, owner, { 'idempotency-key': 'percobaan-pertama-0001' }))))
    expect(sent.map(r => r.status).sort()).toEqual([200, 200, 201])
    const bodies = await Promise.all(sent.map(r => r.json() as Promise<{ trackingCode: string, status: string }>))
    expect(new Set(bodies.map(b => b.trackingCode)).size).toBe(1)
    expect(bodies[0]!.status).toBe('diajukan')
    trackingCode = bodies[0]!.trackingCode
  })

  it('is readable by its applicant and the handling OPD, and does not exist for anyone else', async () => {
    const read = (cookie?: string) => fetch(`/api/v1/requests/${trackingCode}`, { headers: cookie ? { cookie } : {} })
    expect((await read(owner)).status).toBe(200)
    expect((await read(capil)).status).toBe(200)
    expect((await read(stranger)).status).toBe(404)
    expect((await read(dinsos)).status).toBe(404)
    expect((await read()).status).toBe(401)
  })

  it('shows the applicant the NIK masked, and only the handling OPD in full', async () => {
    const mine = JSON.stringify(await (await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: owner } }))
      .json())
    expect(mine).not.toContain('1806014501900001')
    expect(mine).toContain('1806••••••••0001')
    const staff = JSON.stringify(await (await fetch(`/api/v1/requests/${trackingCode}`, { headers: { cookie: capil } }))
      .json())
    expect(staff).toContain('1806014501900001')
  })

  it('lands in the inbox of its OPD only, and only that OPD may act on it', async () => {
    const inbox = await (await fetch('/api/v1/officer/requests', { headers: { cookie: capil } })).json() as {
      items: { trackingCode: string }[] }
    expect(inbox.items.map(i => i.trackingCode)).toContain(trackingCode)
    const other = await (await fetch('/api/v1/officer/requests', { headers: { cookie: dinsos } })).json() as {
      items: { trackingCode: string }[] }
    expect(other.items.map(i => i.trackingCode)).not.toContain(trackingCode)
    expect((await fetch('/api/v1/officer/requests', { headers: { cookie: owner } })).status).toBe(403)

    const act = (cookie: string) => fetch(`/api/v1/officer/requests/${trackingCode}/actions`,
      json({ action: 'verify' }, cookie))
    expect((await act(dinsos)).status).toBe(404)
    expect((await act(owner)).status).toBe(403)
    const verified = await act(capil)
    expect(verified.status).toBe(200)
    expect(await verified.json()).toMatchObject({ status: 'diverifikasi' })
    const again = await fetch(`/api/v1/officer/requests/${trackingCode}/actions`, json({ action: 'complete' }, capil))
    expect(again.status).toBe(409)
    expect((await again.json() as { message: string }).message).toMatch(/diproses/)
  })

  it('can be followed by anyone with its code, showing nothing personal', async () => {
    const tracking = await getJson<Record<string, unknown>>(`/api/v1/track/${trackingCode}`)
    expect(Object.keys(tracking).sort()).toEqual(['dueDate', 'service', 'status', 'submittedAt', 'trackingCode',
      'updatedAt'])
    expect((await fetch('/api/v1/track/TGM-2222-2222-2222')).status).toBe(404)
  })

  it('is listed in "Permohonan saya" with its steps, for its applicant only', async () => {
    const list = await (await fetch('/permohonan', { headers: { cookie: owner } })).text()
    expect(list).toContain(trackingCode)
    const detail = await (await fetch(`/permohonan/${trackingCode}`, { headers: { cookie: owner } })).text()
    expect(detail).toContain('Langkah-langkah')
    expect(detail).toContain('Diverifikasi')
    expect(detail).toContain('1806••••••••0001')
    expect((await fetch(`/permohonan/${trackingCode}`, { headers: { cookie: stranger, accept: 'text/html' } })).status)
      .toBe(404)
    const anonymous = await fetch('/permohonan', { redirect: 'manual' })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe('/masuk?lanjut=/permohonan')
  })

  it('shows in the inbox page of its OPD only, and the page is for staff', async () => {
    const page = await (await fetch('/petugas', { headers: { cookie: capil } })).text()
    expect(page).toContain(trackingCode)
    expect(page).toContain('Kotak masuk permohonan')
    expect(await (await fetch('/petugas', { headers: { cookie: dinsos } })).text()).not.toContain(trackingCode)
    const citizenView = await fetch('/petugas', { headers: { cookie: owner, accept: 'text/html' } })
    expect(citizenView.status).toBe(403)
    expect(await citizenView.text()).toContain('Anda tidak punya akses')
    expect((await fetch('/petugas?status=diverifikasi', { headers: { cookie: capil } })).status).toBe(200)
  })

  it('can be followed on the /lacak page with JavaScript off', async () => {
    const html = await (await fetch(`/lacak?kode=${encodeURIComponent(trackingCode)}`)).text()
    expect(html).toContain('Akta Kelahiran')
    expect(html).toContain('Diverifikasi')
    expect(html).not.toContain('Warga Uji')
    expect(await (await fetch('/lacak?kode=TGM-2222-2222-2222')).text()).toContain('Kode lacak tidak ditemukan')
  })
})
