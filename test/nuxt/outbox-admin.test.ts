import { url, useTestContext } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { OutboxMessageSchema } from '../../server/database/entities/outbox'
import { openDatabase, type Database } from '../../server/database/orm'
import { enqueueEmail } from '../../server/outbox/enqueue'
import { fetch, sessionCookie, setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('outbox_admin', { LOG_LEVEL: '4' })

const ADDRESS = /[\w.+-]+@[\w-]+(\.[\w-]+)+/
const form = (cookie: string) => ({
  method: 'POST', body: '', redirect: 'manual' as const, headers: { 'content-type':
    'application/x-www-form-urlencoded', 'accept': 'text/html', 'origin': new URL(url('/')).origin, cookie },
})
const html = (cookie?: string) => ({ redirect: 'manual' as const, headers: { accept: 'text/html',
  ...(cookie ? { cookie } : {}) } })

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }) })
  return sessionCookie(response)
}

interface OutboxList {
  counts: Record<string, number>
  messages: { id: number, recipient: string, subject: string, status: string, text?: string }[]
  nextCursor: string | null
}

let database: Database
const cookies: Record<'admin' | 'officer' | 'head' | 'citizen', string> = { admin: '', officer: '', head: '',
  citizen: '' }

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  const staff = [['admin', undefined], ['officer', 'disdukcapil'], ['head', 'disdukcapil']] as const
  for (const [role, agencySlug] of staff) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Uji ${role}`, email: `${role}@kominfo.test`,
      password: 'menara pandang teluk semaka' })
    cookies[role] = await signIn(`${role}@kominfo.test`, 'menara pandang teluk semaka')
  }
  const registered = await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Warga Uji',
      email: 'warga@contoh.test', phone: '081200003333', password: 'pantai terbaya di kota agung' }) })
  cookies.citizen = sessionCookie(registered)

  await database.orm.em.fork().transactional(async (em) => {
    for (let n = 1; n <= 5; n++) {
      await enqueueEmail(em, { to: `penerima${n}@contoh.test`, subject: `Permohonan TGM-${n} diterima`,
        text: `Yth. Penerima ${n},\nPermohonan Anda sudah kami terima.`, dedupeKey: `uji:${n}`,
        ...(n === 1 ? { html: '<p>Halo</p><script>alert(1)</script>' } : {}) })
    }
  })
  await database.orm.em.fork().nativeUpdate(OutboxMessageSchema, { dedupeKey: { $in: ['uji:1', 'uji:2'] } },
    { status: 'failed', attempts: 180, lastError: 'ECONNREFUSED connect refused' })
})
afterAll(async () => {
  await database?.close()
})

describe('the e-mail outbox page for admins', () => {
  it('lists every message with its recipient, subject, status, attempts and last error for an admin', async () => {
    const response = await fetch('/petugas/surel', html(cookies.admin))
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('Kotak keluar surel')
    for (let n = 1; n <= 5; n++) expect(page).toContain(`penerima${n}@contoh.test`)
    expect(page).toContain('Permohonan TGM-3 diterima')
    expect(page).toContain('ECONNREFUSED connect refused')
    expect(page).toContain('Gagal (2)')
    expect(page).toContain('Menunggu (3)')
    expect(page).not.toMatch(/<script[^>]+src=/)
  })

  it('filters by status and pages with a cursor', async () => {
    const failed = await (await fetch('/api/v1/admin/outbox?status=failed', { headers: { cookie: cookies.admin } }))
      .json() as OutboxList
    expect(failed.messages.map(m => m.subject).sort()).toEqual(['Permohonan TGM-1 diterima',
      'Permohonan TGM-2 diterima'])
    expect(failed.counts).toEqual({ pending: 3, sending: 0, sent: 0, failed: 2 })
    expect(failed.messages[0]).not.toHaveProperty('text')

    const firstPage = await (await fetch('/api/v1/admin/outbox?limit=2', { headers: { cookie: cookies.admin } }))
      .json() as OutboxList
    expect(firstPage.messages.map(m => m.subject)).toEqual(['Permohonan TGM-5 diterima', 'Permohonan TGM-4 diterima'])
    const page = await (await fetch(`/petugas/surel?cursor=${firstPage.nextCursor}`, html(cookies.admin))).text()
    expect(page).toContain('penerima3@contoh.test')
    expect(page).not.toContain('penerima5@contoh.test')
    expect(page).toContain('Halaman pertama')

    const filtered = await (await fetch('/petugas/surel?status=failed', html(cookies.admin))).text()
    expect(filtered).toContain('penerima1@contoh.test')
    expect(filtered).not.toContain('penerima4@contoh.test')
    const bad = await fetch('/api/v1/admin/outbox?cursor=abc', { headers: { cookie: cookies.admin } })
    expect(bad.status).toBe(400)
  })

  it('shows one message as plain text, never its HTML', async () => {
    const [first] = (await (await fetch('/api/v1/admin/outbox?status=failed', { headers: { cookie: cookies.admin } }))
      .json() as OutboxList).messages.filter(m => m.subject.includes('TGM-1'))
    const page = await (await fetch(`/petugas/surel/${first!.id}`, html(cookies.admin))).text()
    expect(page).toContain('Yth. Penerima 1,\nPermohonan Anda sudah kami terima.')
    expect(page).not.toContain('<script>alert(1)</script>')
    expect((await fetch('/petugas/surel/999999', html(cookies.admin))).status).toBe(404)
    expect((await fetch('/api/v1/admin/outbox/nol', { headers: { cookie: cookies.admin } })).status).toBe(404)
  })

  it('answers officers, heads and citizens 403 on the pages, the API and the form', async () => {
    for (const role of ['officer', 'head', 'citizen'] as const) {
      const page = await fetch('/petugas/surel', html(cookies[role]))
      expect(page.status, role).toBe(403)
      expect(await page.text()).not.toContain('penerima1@contoh.test')
      expect((await fetch('/petugas/surel/1', html(cookies[role]))).status, role).toBe(403)
      expect((await fetch('/api/v1/admin/outbox', { headers: { cookie: cookies[role] } })).status, role).toBe(403)
      expect((await fetch('/api/v1/admin/outbox/1', { headers: { cookie: cookies[role] } })).status, role).toBe(403)
      const retry = await fetch('/api/v1/admin/outbox/retry', { method: 'POST', body: '{}',
        headers: { 'content-type': 'application/json', 'cookie': cookies[role] } })
      expect(retry.status, role).toBe(403)
      expect((await fetch('/petugas/surel', form(cookies[role]))).status, role).toBe(403)
    }
    const failed = await database.orm.em.fork().count(OutboxMessageSchema, { status: 'failed' })
    expect(failed).toBe(2)
  })

  it('sends a signed-out visitor to sign in first', async () => {
    const page = await fetch('/petugas/surel', html())
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/masuk?lanjut=/petugas/surel')
    expect((await fetch('/api/v1/admin/outbox')).status).toBe(401)
  })

  it('links the outbox from the inbox page for admins only', async () => {
    expect(await (await fetch('/petugas', html(cookies.admin))).text()).toContain('href="/petugas/surel"')
    expect(await (await fetch('/petugas', html(cookies.officer))).text()).not.toContain('href="/petugas/surel"')
  })

  it('puts failed messages back in the queue from the form, and says so when none is left', async () => {
    const response = await fetch('/petugas/surel', form(cookies.admin))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/petugas/surel?status=pending&diulang=2')
    const messages = await database.orm.em.fork().find(OutboxMessageSchema, {}, { orderBy: { id: 'asc' } })
    expect(messages.map(m => [m.status, m.attempts])).toEqual(Array.from({ length: 5 }, () => ['pending', 0]))
    const after = await (await fetch(response.headers.get('location')!, html(cookies.admin))).text()
    expect(after).toContain('2 surel gagal dijadwalkan untuk dikirim lagi.')

    const again = await fetch('/petugas/surel', form(cookies.admin))
    expect(again.status).toBe(422)
    const page = await again.text()
    expect(page).toMatch(/class="error-summary"[^>]*role="alert"/)
    expect(page).toContain('href="#kirim-ulang"')
    expect(page).toContain('id="kirim-ulang"')
  })

  it('puts chosen failed messages back in the queue over the API', async () => {
    const em = database.orm.em.fork()
    const [one, two] = await em.find(OutboxMessageSchema, {}, { orderBy: { id: 'asc' }, limit: 2 })
    await em.nativeUpdate(OutboxMessageSchema, { id: { $in: [one!.id, two!.id] } }, { status: 'failed' })
    const retry = await fetch('/api/v1/admin/outbox/retry', { method: 'POST', body: JSON.stringify({ ids: [one!.id] }),
      headers: { 'content-type': 'application/json', 'cookie': cookies.admin } })
    expect(await retry.json()).toEqual({ requeued: 1 })
    expect((await em.fork().findOneOrFail(OutboxMessageSchema, one!.id)).status).toBe('pending')
    expect((await em.fork().findOneOrFail(OutboxMessageSchema, two!.id)).status).toBe('failed')
    const bad = await fetch('/api/v1/admin/outbox/retry', { method: 'POST', body: JSON.stringify({ ids: ['x'] }),
      headers: { 'content-type': 'application/json', 'cookie': cookies.admin } })
    expect(bad.status).toBe(400)
  })

  it('writes no e-mail address to the server log', async () => {
    const logs = useTestContext().serverLogs.join('\n')
    expect(logs).toContain('failed outbox messages requeued')
    expect(logs).not.toMatch(ADDRESS)
  })
})
