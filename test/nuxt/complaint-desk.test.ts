import { randomUUID } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The staff's complaint pages in /petugas, with JavaScript off: every action a form post and a 303. */
const { databaseUrl } = await setupPortal('complaint_desk')

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers } })
const form = (cookie: string, fields: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const,
  body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded',
    'origin': new URL(url('/')).origin, cookie } })
const page = async (path: string, cookie: string) => fetch(path, { headers: { cookie }, redirect: 'manual' })

interface Figures {
  agency: { slug: string }
  received: number
  answered: number
  onTimeShare: number | null
}

let database: Database
const cookies: Record<string, string> = {}
const codes: Record<string, string> = {}

async function fileAs(cookie: string | null, complaint: Record<string, unknown>) {
  const response = await fetch('/api/v1/complaints', json(complaint, { 'idempotency-key': randomUUID(),
    ...(cookie ? { cookie } : {}) }))
  return (await response.json() as { trackingCode: string }).trackingCode
}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  for (const [name, role, agencySlug] of [['capil', 'officer', 'disdukcapil'], ['dinsos', 'officer', 'dinsos'],
    ['admin', 'admin', undefined]] as const) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Staf ${name}`, email: `${name}@uji.test`,
      password: 'lemari arsip di pojok kanan' })
    cookies[name] = sessionCookie(await fetch('/api/v1/auth/login', json({ email: `${name}@uji.test`,
      password: 'lemari arsip di pojok kanan' })))
  }
  cookies.warga = sessionCookie(await fetch('/api/v1/auth/register', json({ name: 'Budi Warga',
    email: 'budi@contoh.test', phone: '081211112222', password: 'kebun lada di pulau panggung' })))
  const about = { kecamatan: 'Gisting', service: 'akta-kelahiran', title: 'Akta belum jadi',
    description: 'Sudah tiga minggu akta kelahiran anak belum jadi, setiap datang disuruh kembali lagi.' }
  codes.named = await fileAs(cookies.warga!, { ...about, privacy: 'biasa' })
  codes.anonim = await fileAs(cookies.warga!, { ...about, privacy: 'anonim' })
  codes.vague = await fileAs(null, { ...about, service: undefined, privacy: 'biasa', title: 'Mohon perhatian',
    description: 'Mohon bapak ibu memperhatikan keadaan di tempat kami, sudah lama kami menunggu.' })
})
afterAll(async () => {
  await database?.close()
})

describe('the complaint pages of /petugas', () => {
  it('list the OPD\'s complaints and keep citizens and other OPDs out', async () => {
    const list = await (await page('/petugas/pengaduan', cookies.capil!)).text()
    expect(list).toContain(codes.named)
    expect((await page(`/petugas/pengaduan/${codes.named}`, cookies.dinsos!)).status).toBe(404)
    expect((await page('/petugas/pengaduan', cookies.warga!)).status).toBe(403)
    expect((await page(`/petugas/pengaduan/${codes.named}`, cookies.warga!)).status).toBe(403)
  })

  it('answer with a form post; a missing answer comes back with a message', async () => {
    const path = `/petugas/pengaduan/${codes.named}`
    const html = await (await page(path, cookies.capil!)).text()
    expect(html).toContain('Budi Warga')
    expect(html).toContain('Kirim jawaban')
    const empty = await fetch(path, form(cookies.capil!, { action: 'answer', note: '' }))
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('href="#answer-note"')
    const answer = 'Akta sudah jadi, ambil di loket 2.'
    const sent = await fetch(path, form(cookies.capil!, { action: 'answer', note: answer }))
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`${path}?berhasil=answer`)
    expect(await (await page(path, cookies.capil!)).text()).toContain('Akta sudah jadi, ambil di loket 2.')
  })

  it('hide an anonim reporter from the OPD', async () => {
    const html = await (await page(`/petugas/pengaduan/${codes.anonim}`, cookies.capil!)).text()
    expect(html).toContain('Disembunyikan')
    expect(html).not.toContain('Budi Warga')
    expect(html).not.toContain('budi@contoh.test')
  })

  it('let Diskominfo dispose a complaint from its verification queue', async () => {
    const queue = await (await page('/petugas/pengaduan?antrean=1', cookies.admin!)).text()
    expect(queue).toContain(codes.vague)
    const path = `/petugas/pengaduan/${codes.vague}`
    const disposed = await fetch(path, form(cookies.admin!, { action: 'dispose', toAgency: 'dinsos' }))
    expect(disposed.status).toBe(303)
    expect(await (await page('/petugas/pengaduan', cookies.dinsos!)).text()).toContain(codes.vague)
  })
})

describe('complaints in public', () => {
  it('shows verified biasa complaints without names, never anonim ones, and each OPD\'s figures', async () => {
    const list = await (await fetch('/api/v1/complaints/public?agency=disdukcapil')).json() as
      { items: { trackingCode: string }[] }
    const shown = list.items.map(item => item.trackingCode)
    expect(shown).toContain(codes.named)
    expect(shown).not.toContain(codes.anonim)
    const html = await (await fetch('/pengaduan?agency=disdukcapil')).text()
    expect(html).toContain('Akta sudah jadi, ambil di loket 2.')
    expect(html).not.toContain('Budi Warga')
    const figures = await (await fetch('/api/v1/complaints/figures')).json() as { agencies: Figures[] }
    expect(figures.agencies.find(row => row.agency.slug === 'disdukcapil')).toMatchObject({ received: 2,
      answered: 1, onTimeShare: 1 })
  })
})
