import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** Page forms whose body cannot be read (a NUL, over the size limit) answer with the form, not the error page. */
const { databaseUrl } = await setupPortal('form_body_errors')

/** A browser's form post of a body as it is sent, so that a NUL or an oversize field goes through unchanged. */
const post = (body: string, cookie = '') => ({
  method: 'POST', body, redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': new URL(url('/')).origin, cookie },
})

const UNREADABLE = 'Isian memuat karakter yang tidak bisa dibaca, jadi isian itu kami kosongkan.'
const TOO_LARGE = 'Kiriman terlalu besar: paling banyak 64 KB. Isian tidak terbaca sama sekali'
const complaint = new URLSearchParams({ title: 'Jalan berlubang di depan pasar', kecamatan: '18.06.01',
  privacy: 'biasa', description: 'Lubang besar di jalan depan pasar sudah sebulan, motor sering jatuh.' })

let database: Database
let warga: string
const count = async (table: string) => Number((await database.orm.em.fork().getConnection()
  .execute(`select count(*) as n from "${table}"`))[0]!.n)

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  warga = sessionCookie(await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rina Pelapor',
      email: 'rina@contoh.test', phone: '081255556666', password: 'sungai jernih di semaka' }) }))
})
afterAll(async () => {
  await database?.close()
})

/** The page came back as the form with one message of the whole form, first in the summary and without a link. */
function expectFormWithMessage(html: string, message: string) {
  expect(html).not.toContain('Terjadi gangguan')
  expect(html).toMatch(/class="error-summary"[^>]*role="alert"/)
  const start = html.indexOf('class="error-summary"')
  const summary = html.slice(start, html.indexOf('</ul>', start))
  expect(summary).toContain(message)
  expect(summary).not.toContain('href="#kiriman"')
  expect(html).not.toContain('\u0000')
}

describe('the complaint form with a body the portal cannot read', () => {
  it('keeps the fields without a NUL, empties the one with it, and stores nothing (400)', async () => {
    const before = await count('complaint_draft')
    const body = complaint.toString().replace(/description=[^&]*/, 'description=Lubang+besar%00+di+pasar')
    const response = await fetch('/pengaduan/baru', post(body, warga))
    expect(response.status).toBe(400)
    const html = await response.text()
    expectFormWithMessage(html, UNREADABLE)
    expect(html).toContain('value="Jalan berlubang di depan pasar"')
    expect(html).not.toContain('Lubang besar')
    expect(await count('complaint_draft')).toBe(before)
  })

  it('takes a NUL sent raw like one sent as %00', async () => {
    const response = await fetch('/pengaduan/baru', post(`${complaint}&title=Jalan\u0000rusak`, warga))
    expect(response.status).toBe(400)
    expectFormWithMessage(await response.text(), UNREADABLE)
  })

  it('says that nothing was read of a body over the limit, closes the connection, stores nothing (413)', async () => {
    const before = await count('complaint_draft')
    const response = await fetch('/pengaduan/baru', post(`${complaint}&extra=${'a'.repeat(70_000)}`, warga))
    expect(response.status).toBe(413)
    expect(response.headers.get('connection')).toBe('close')
    const html = await response.text()
    expectFormWithMessage(html, TOO_LARGE)
    expect(html).not.toContain('Jalan berlubang di depan pasar')
    expect(await count('complaint_draft')).toBe(before)
  })
})

describe('the sign-in form with a body the portal cannot read', () => {
  it('keeps the e-mail, never shows the password, and signs no one in (400)', async () => {
    const body = `email=rina%40contoh.test&password=${encodeURIComponent('sungai jernih di semaka')}%00`
    const response = await fetch('/masuk', post(body))
    expect(response.status).toBe(400)
    expect(response.headers.getSetCookie().some(cookie => cookie.startsWith('mpp_sesi='))).toBe(false)
    const html = await response.text()
    expectFormWithMessage(html, UNREADABLE)
    expect(html).toContain('value="rina@contoh.test"')
    expect(html).not.toContain('sungai jernih')
  })

  it('keeps a readable password out of the page when another field has the NUL', async () => {
    const response = await fetch('/masuk', post('email=rina%00%40contoh.test&password=sungai+jernih+di+semaka'))
    expect(response.status).toBe(400)
    const html = await response.text()
    expectFormWithMessage(html, UNREADABLE)
    expect(html).not.toContain('sungai jernih')
    expect(html).not.toContain('value="rina')
  })

  it('answers a body over the limit with the sign-in form and signs no one in (413)', async () => {
    const response = await fetch('/masuk', post(`email=rina%40contoh.test&password=${'a'.repeat(70_000)}`))
    expect(response.status).toBe(413)
    expect(response.headers.get('connection')).toBe('close')
    expect(response.headers.getSetCookie().some(cookie => cookie.startsWith('mpp_sesi='))).toBe(false)
    const html = await response.text()
    expectFormWithMessage(html, TOO_LARGE)
    expect(html).not.toContain('rina@contoh.test')
  })
})
