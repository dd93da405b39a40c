import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { seedCatalogue } from '../../server/catalogue/seed'
import { readSeedFilesFromDisk } from '../../server/catalogue/seed-files'
import type { ComplaintTypeRow } from '../../server/complaints/complaint-types'
import { openDatabase, type Database } from '../../server/database/orm'
import { SEED_DIR } from '../support/paths'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The complaint type editor of /admin/jenis-pengaduan, with JavaScript off, and what an edit changes. */
const { databaseUrl } = await setupPortal('complaint_types_admin')

const PASSWORD = 'jembatan gantung di way semaka'
const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST') => ({ method,
  body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } })
const form = (cookie: string | null, fields: Record<string, string>) => ({ method: 'POST',
  redirect: 'manual' as const, body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': new URL(url('/')).origin,
    ...(cookie ? { cookie } : {}) } })
const get = (path: string, cookie?: string) => fetch(path, { redirect: 'manual', headers: cookie ? { cookie } : {} })
const suggested = async (text: string) => ((await (await fetch(`/api/v1/complaints/suggest?text=${
  encodeURIComponent(text)}`)).json()) as { suggestions: { agency: { slug: string } }[] }).suggestions
  .map(suggestion => suggestion.agency.slug)

let database: Database
const cookies: Record<string, string> = {}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  for (const [name, role, agencySlug] of [['admin', 'admin', undefined], ['pupr', 'head', 'dinas-pupr']] as const) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Staf ${name}`, email: `${name}@uji.test`,
      password: PASSWORD })
    cookies[name] = sessionCookie(await fetch('/api/v1/auth/login', json({ email: `${name}@uji.test`,
      password: PASSWORD })))
  }
})
afterAll(async () => {
  await database?.close()
})

describe('the complaint type editor', () => {
  it('is linked from an admin\'s inbox beside the other admin pages, and from no one else\'s', async () => {
    const admin = await (await get('/petugas', cookies.admin)).text()
    for (const link of ['/petugas/surel', '/admin/jenis-pengaduan', '/admin/open311']) {
      expect(admin).toContain(`href="${link}"`)
    }
    expect(await (await get('/petugas', cookies.pupr)).text()).not.toContain('href="/admin/jenis-pengaduan"')
  })

  it('lists the types of one OPD, each linking to its editor', async () => {
    const html = await (await get('/admin/jenis-pengaduan?opd=dinas-pupr', cookies.admin)).text()
    expect(html).toContain('href="/admin/jenis-pengaduan/jalan-rusak"')
    expect(html).not.toContain('href="/admin/jenis-pengaduan/lampu-jalan"')
    expect(html).toContain('<option value="dinas-pupr" selected')
    expect(html).not.toMatch(/<script[^>]+src=/)
    const all = await (await get('/api/v1/admin/complaint-types', cookies.admin)).json() as ComplaintTypeRow[]
    expect(all.length).toBeGreaterThan(100)
  })

  it('saves an edit posted with the form; the suggestion follows at once and a later seed keeps it', async () => {
    const page = '/admin/jenis-pengaduan/jalan-rusak'
    const html = await (await get(page, cookies.admin)).text()
    expect(html).toContain('jalan berlubang')
    const text = 'Batu cadas berlumut menonjol di tengah lintasan, tolong segera ditangani'
    expect(await suggested(text)).not.toContain('dinas-pupr')

    const fields = { name: 'Jalan kabupaten rusak atau berlubang', agency: 'dinas-pupr', category: '01.03',
      service: 'pengaduan-jalan-jembatan-rusak', keywords: 'jalan rusak\njalan berlubang\nbatu cadas berlumut',
      active: 'ya' }
    const wrong = await fetch(page, form(cookies.admin!, { ...fields, category: '01.12' }))
    expect(wrong.status).toBe(422)
    const again = await wrong.text()
    expect(again).toContain('href="#category"')
    expect(again).toContain('batu cadas berlumut')

    const saved = await fetch(page, form(cookies.admin!, fields))
    expect([saved.status, saved.headers.get('location')])
      .toEqual([303, '/admin/jenis-pengaduan?opd=dinas-pupr&tersimpan=jalan-rusak'])
    expect((await suggested(text))[0]).toBe('dinas-pupr')

    await seedCatalogue(database.orm.em.fork(), await readSeedFilesFromDisk(SEED_DIR))
    const kept = await (await get('/api/v1/admin/complaint-types/jalan-rusak', cookies.admin)).json() as
      ComplaintTypeRow
    expect(kept).toMatchObject({ name: 'Jalan kabupaten rusak atau berlubang', editedBy: 'Staf admin',
      keywords: ['jalan rusak', 'jalan berlubang', 'batu cadas berlumut'] })
    expect((await suggested(text))[0]).toBe('dinas-pupr')
  })

  it('creates a type with the form, and switches one off through the JSON door so Open311 no longer lists it',
    async () => {
      const created = await fetch('/admin/jenis-pengaduan/baru', form(cookies.admin!, { name: 'Trotoar dipakai parkir',
        agency: 'dishub', category: '01.15', service: '', keywords: 'trotoar dipakai parkir, parkir di trotoar' }))
      expect([created.status, created.headers.get('location')])
        .toEqual([303, '/admin/jenis-pengaduan?opd=dishub&tersimpan=trotoar-dipakai-parkir'])
      const services = async () => ((await (await fetch('/open311/v2/services.json')).json()) as
        { service_code: string }[]).map(service => service.service_code)
      expect(await services()).toContain('trotoar-dipakai-parkir')

      const off = await fetch('/api/v1/admin/complaint-types/trotoar-dipakai-parkir', json({
        name: 'Trotoar dipakai parkir', agency: 'dishub', category: '01.15', service: null,
        keywords: ['parkir di trotoar'], active: false }, { cookie: cookies.admin! }, 'PUT'))
      expect(off.status).toBe(200)
      expect(await off.json()).toMatchObject({ active: false, keywords: ['parkir di trotoar'] })
      expect(await services()).not.toContain('trotoar-dipakai-parkir')
    })

  it('refuses everyone but admins: 403 for staff, the sign-in page for the signed-out', async () => {
    const pages = ['/admin/jenis-pengaduan', '/admin/jenis-pengaduan/baru', '/admin/jenis-pengaduan/jalan-rusak']
    for (const path of pages) {
      expect((await get(path, cookies.pupr)).status, path).toBe(403)
      const signedOut = await get(path)
      expect([signedOut.status, signedOut.headers.get('location')], path)
        .toEqual([303, expect.stringContaining('/masuk')])
    }
    const post = await fetch('/admin/jenis-pengaduan/jalan-rusak', form(cookies.pupr!, { name: 'Diubah petugas' }))
    expect(post.status).toBe(403)
    expect((await fetch('/admin/jenis-pengaduan/baru', form(null, { name: 'Siapa saja' }))).status).toBe(303)
    expect((await get('/api/v1/admin/complaint-types', cookies.pupr)).status).toBe(403)
    expect((await fetch('/api/v1/admin/complaint-types/jalan-rusak', json({ name: 'x' }, { cookie: cookies.pupr! },
      'PUT'))).status).toBe(403)
    expect((await get('/api/v1/admin/complaint-types')).status).toBe(401)
    expect((await get('/api/v1/admin/complaint-types/tidak-ada', cookies.admin)).status).toBe(404)
  })
})
