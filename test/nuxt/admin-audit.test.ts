import { randomUUID } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import type { AuditPage, ChainVerification } from '../../server/audit'
import { openDatabase, type Database } from '../../server/database/orm'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { registerCitizen, SAMPLE_NIK, signInAs, submitSample } from '../support/permohonan'
import { fetch, setupPortal } from '../support/server'

/** /admin/audit and its JSON, after writes made the way staff make them: form posts and API calls. */
const { databaseUrl } = await setupPortal('admin_audit', {
  UPLOAD_DIR: `.data/test-uploads-audit-${process.pid}`, PERSONAL_DATA_KEY: Buffer.alloc(32, 5).toString('base64') })

const PASSWORD = 'lemari arsip di pojok kanan'
type Who = 'admin' | 'officer' | 'head' | 'citizen'

const origin = () => new URL(url('/')).origin
const form = (path: string, cookie: string, fields: Record<string, string>) => fetch(path, { method: 'POST',
  redirect: 'manual', body: new URLSearchParams(fields).toString(), headers: { 'content-type':
    'application/x-www-form-urlencoded', 'accept': 'text/html', 'origin': origin(), cookie } })
const json = (path: string, cookie: string, body: unknown, headers: Record<string, string> = {}) => fetch(path,
  { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', cookie, ...headers } })
const page = (path: string, cookie?: string) => fetch(path, { redirect: 'manual',
  headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } })
const read = async <T>(path: string, cookie: string) => await (await fetch(path, { headers: { cookie } })).json() as T

let database: Database
let execute: Execute
const cookies = {} as Record<Who, string>
let requestCode = ''
let complaintCode = ''

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  execute = sqlExecutor(database.orm)
  const staff = [['admin', undefined], ['officer', 'disdukcapil'], ['head', 'disdukcapil']] as const
  for (const [role, agencySlug] of staff) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Uji ${role}`, email: `${role}@audit.test`,
      password: PASSWORD })
    cookies[role] = await signInAs(`${role}@audit.test`, PASSWORD)
  }
  cookies.citizen = await registerCitizen('Siti Pemohon', 'siti@contoh.test')
  requestCode = (await submitSample(cookies.citizen)).trackingCode
  const filed = await json('/api/v1/complaints', cookies.citizen, { kecamatan: 'Gisting', service: 'akta-kelahiran',
    privacy: 'biasa', title: 'Akta belum jadi',
    description: 'Sudah tiga minggu akta kelahiran anak belum jadi, setiap datang disuruh kembali lagi.' },
  { 'idempotency-key': randomUUID() })
  complaintCode = (await filed.json() as { trackingCode: string }).trackingCode
})
afterAll(async () => {
  await database?.close()
})

describe('staff writes over HTTP', () => {
  it('leave an entry each: request and complaint actions by form and API, Open311 keys, an outbox resend',
    async () => {
      expect((await form(`/petugas/${requestCode}`, cookies.officer, { action: 'verify' })).status).toBe(303)
      expect((await json(`/api/v1/officer/requests/${requestCode}/actions`, cookies.head,
        { action: 'add_note', note: `NIK pemohon ${SAMPLE_NIK} sudah dicocokkan.` })).status).toBe(200)
      expect((await form(`/petugas/pengaduan/${complaintCode}`, cookies.officer,
        { action: 'add_note', note: 'Dicek ke loket.' })).status).toBe(303)
      expect((await json(`/api/v1/officer/complaints/${complaintCode}/actions`, cookies.officer,
        { action: 'answer', note: 'Akta sudah jadi, ambil di loket 2.' })).status).toBe(200)
      expect((await form('/admin/open311', cookies.admin, { tindakan: 'terbitkan', nama: 'Aplikasi Pekon' })).status)
        .toBe(200)
      const [key] = await execute<{ id: number }>('select "id" from "open311_key" order by "id" desc limit 1')
      expect((await form('/admin/open311', cookies.admin, { tindakan: 'cabut', kunci: String(key!.id) })).status)
        .toBe(303)
      await execute('update "outbox_message" set "status" = \'failed\' where "id" = (select min("id") from '
        + '"outbox_message")')
      expect((await json('/api/v1/admin/outbox/retry', cookies.admin, {})).status).toBe(200)
      await execute('update "outbox_message" set "status" = \'failed\' where "id" = (select min("id") from '
        + '"outbox_message")')
      expect((await form('/petugas/surel', cookies.admin, {})).status).toBe(303)

      const { entries } = await read<AuditPage>('/api/v1/admin/audit', cookies.admin)
      expect(entries.map(entry => entry.action)).toEqual(['outbox_message.retry', 'outbox_message.retry',
        'open311_key.revoke', 'open311_key.issue', 'complaint.answer', 'complaint.add_note', 'request.add_note',
        'request.verify', 'account.create', 'account.create', 'account.create'])
      expect(entries.find(entry => entry.action === 'request.verify')).toMatchObject({ entityId: requestCode,
        actor: { name: 'Uji officer', role: 'officer', agency: 'Disdukcapil' },
        changes: [{ field: 'status', before: 'diajukan', after: 'diverifikasi', changed: true }] })
      expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${SAMPLE_NIK}|loket|Siti|tgm311_`))
    })

  it('leave none when refused', async () => {
    const before = (await read<AuditPage>('/api/v1/admin/audit', cookies.admin)).entries.length
    expect((await json(`/api/v1/officer/requests/${requestCode}/actions`, cookies.officer, { action: 'complete' }))
      .status).toBe(409)
    expect((await form('/admin/open311', cookies.officer, { tindakan: 'terbitkan', nama: 'Siapa Saja' })).status)
      .toBe(403)
    expect((await read<AuditPage>('/api/v1/admin/audit', cookies.admin)).entries).toHaveLength(before)
  })
})

describe('the audit page for admins', () => {
  it('lists entries newest first with each field before and after, server-rendered and script-free', async () => {
    const response = await page('/admin/audit', cookies.admin)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('no-store')
    const html = await response.text()
    expect(html).toContain('<h1>Jejak audit</h1>')
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).toContain('<td>Permohonan diverifikasi</td>')
    const shown = html.replace(/<!--[^]*?-->/g, '')
    expect(shown).toMatch(/<del>\s*diajukan\s*<\/del>[\s\S]*?<ins>\s*diverifikasi\s*<\/ins>/)
    expect(html).toContain('<td>Kunci Open311 dicabut</td>')
    // Values read as words: the moment a key was revoked in WIB, not as the stored UTC text.
    expect(shown).toMatch(/<ins>[^<]*WIB\s*<\/ins>/)
    expect(html).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/)
    const at = (label: string) => html.indexOf(`<td>${label}</td>`)
    expect(at('Surel gagal dikirim ulang')).toBeLessThan(at('Akun petugas dibuat'))
    expect(html).not.toContain(SAMPLE_NIK)
  })

  it('filters by actor, action, entity and date, and pages with a cursor', async () => {
    const byEntity = await (await page(`/admin/audit?entityType=request&entityId=${requestCode}`, cookies.admin))
      .text()
    expect(byEntity).toContain('<td>Permohonan diverifikasi</td>')
    expect(byEntity).not.toContain('<td>Kunci Open311 dicabut</td>')
    const { entries } = await read<AuditPage>('/api/v1/admin/audit?actor=system', cookies.admin)
    expect(entries.map(entry => entry.action)).toEqual(['account.create', 'account.create', 'account.create'])
    // Part of a name or an e-mail finds that account's entries, whatever the letters' case; `%` is a letter here.
    for (const actor of ['uji OFFICER', 'officer@audit']) {
      const byName = await read<AuditPage>(`/api/v1/admin/audit?actor=${encodeURIComponent(actor)}`, cookies.admin)
      expect(byName.entries.map(entry => entry.action)).toEqual(['complaint.answer', 'complaint.add_note',
        'request.verify'])
    }
    expect((await read<AuditPage>('/api/v1/admin/audit?actor=%25_', cookies.admin)).entries).toEqual([])
    const byAction = await read<AuditPage>('/api/v1/admin/audit?action=complaint.answer', cookies.admin)
    expect(byAction.entries.map(entry => entry.entityId)).toEqual([complaintCode])
    expect(await read<AuditPage>('/api/v1/admin/audit?from=2020-01-01&to=2020-12-31', cookies.admin))
      .toEqual({ entries: [], nextCursor: null })

    const first = await read<AuditPage>('/api/v1/admin/audit?limit=4', cookies.admin)
    const second = await read<AuditPage>(`/api/v1/admin/audit?limit=4&cursor=${first.nextCursor}`, cookies.admin)
    expect(second.entries[0]!.id).toBeLessThan(first.entries[3]!.id)
    const next = await (await page(`/admin/audit?cursor=${first.nextCursor}`, cookies.admin)).text()
    expect(next).toContain('Halaman pertama')
    expect(next).not.toContain(`data-entry="${first.entries[3]!.id}"`)
    expect(next).toContain(`data-entry="${second.entries[0]!.id}"`)
  })

  it('keeps what was typed in a wrong filter and says what is wrong', async () => {
    const html = await (await page('/admin/audit?from=2026-13-01&actor=b', cookies.admin)).text()
    expect(html).toMatch(/class="error-summary"[^>]*role="alert"/)
    expect(html).toContain('href="#from"')
    expect(html).toContain('href="#actor"')
    expect(html).toMatch(/id="actor"[^>]*value="b"|value="b"[^>]*id="actor"/)
    expect((await fetch('/api/v1/admin/audit?from=kemarin', { headers: { cookie: cookies.admin } })).status).toBe(400)
    expect((await fetch('/api/v1/admin/audit?cursor=abc', { headers: { cookie: cookies.admin } })).status).toBe(400)
  })

  it('verifies the chain on request, in both languages', async () => {
    expect(await read<ChainVerification>('/api/v1/admin/audit/verify', cookies.admin))
      .toMatchObject({ ok: true, checked: 11, firstBroken: null })
    expect(await (await page('/admin/audit?periksa=1', cookies.admin)).text()).toContain('Rantai utuh: 11 entri')
    const english = await (await page('/en/admin/audit?periksa=1', cookies.admin)).text()
    expect(english).toContain('<h1>Audit trail</h1>')
    expect(english).toContain('The chain is intact: 11 entries checked')
  })
})

describe('who may read the audit trail', () => {
  it('answers officers, heads and citizens 403 on the page and both JSON routes', async () => {
    for (const role of ['officer', 'head', 'citizen'] as const) {
      const html = await page('/admin/audit', cookies[role])
      expect(html.status, role).toBe(403)
      expect(await html.text(), role).not.toContain('Permohonan diverifikasi')
      expect((await page('/en/admin/audit', cookies[role])).status, role).toBe(403)
      for (const path of ['/api/v1/admin/audit', '/api/v1/admin/audit/verify']) {
        expect((await fetch(path, { headers: { cookie: cookies[role] } })).status, `${role} ${path}`).toBe(403)
      }
    }
  })

  it('sends the signed-out to sign in first, and answers their JSON 401', async () => {
    const html = await page('/admin/audit')
    expect(html.status).toBe(303)
    expect(html.headers.get('location')).toBe('/masuk?lanjut=/admin/audit')
    expect((await fetch('/api/v1/admin/audit')).status).toBe(401)
    expect((await fetch('/api/v1/admin/audit/verify')).status).toBe(401)
  })

  it('lets only an admin see the link from the inbox', async () => {
    expect(await (await page('/petugas', cookies.admin)).text()).toContain('href="/admin/audit"')
    expect(await (await page('/petugas', cookies.officer)).text()).not.toContain('href="/admin/audit"')
  })
})

describe('tampering', () => {
  it('is reported by the page and the JSON once an entry is changed or deleted in the database', async () => {
    const ids = (await execute<{ id: string }>('select "id" from "audit_entry" order by "id"')).map(row => row.id)
    await execute('alter table "audit_entry" disable trigger "audit_entry_no_update_or_delete"')
    try {
      await execute('update "audit_entry" set "after" = \'{"status": "selesai"}\' where "id" = $1', [ids[7]])
      await execute('delete from "audit_entry" where "id" = $1', [ids[9]])
    }
    finally {
      await execute('alter table "audit_entry" enable trigger "audit_entry_no_update_or_delete"')
    }
    const result = await read<ChainVerification>('/api/v1/admin/audit/verify', cookies.admin)
    expect(result).toMatchObject({ ok: false, checked: 10, firstBroken: { id: Number(ids[7]), reason: 'altered' },
      problems: [{ id: Number(ids[7]), reason: 'altered' }, { id: Number(ids[10]), reason: 'unlinked' }] })
    const html = await (await page('/admin/audit?periksa=1', cookies.admin)).text()
    expect(html).toContain(`Rantai rusak mulai entri #${ids[7]}`)
    expect(html).toContain('entri ini diubah')
    expect(html).toContain('ada entri sebelum entri ini yang dihapus')
  })
})
