import { randomUUID } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { sqlExecutor } from '../../server/database/sql'
import { phoneJpeg } from '../support/images'
import { registerCitizen, uploadFile } from '../support/permohonan'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/**
 * Diskominfo's admin over published complaints, with JavaScript off: redacting what the public reads and hiding
 * photos (/admin/pengaduan/:kode), and reading whistleblowing only after giving a reason (/petugas/pengaduan/:kode).
 */
const { databaseUrl } = await setupPortal('complaint_admin', {
  UPLOAD_DIR: `.data/test-uploads-cadmin-${process.pid}` })

const PASSWORD = 'menara air di bukit kemuning'
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers } })
const form = (cookie: string | null, fields: Record<string, string>) => ({ method: 'POST',
  redirect: 'manual' as const, body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': new URL(url('/')).origin,
    ...(cookie ? { cookie } : {}) } })
const get = (path: string, cookie?: string) => fetch(path, { redirect: 'manual', headers: cookie ? { cookie } : {} })

let database: Database
const cookies: Record<string, string> = {}
const PHONE = '0812 3456 7890'
const DESCRIPTION = `KTP elektronik saya belum jadi dua bulan. Hubungi saya di ${PHONE}, rumah dekat masjid.`
let code: string
let photo: string
let wbs: string

async function fileAs(cookie: string, complaint: Record<string, unknown>) {
  const response = await fetch('/api/v1/complaints', json(complaint, { 'idempotency-key': randomUUID(), cookie }))
  expect(response.status).toBe(201)
  return (await response.json() as { trackingCode: string }).trackingCode
}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  for (const [name, role, agencySlug] of [['admin', 'admin', undefined], ['capil', 'officer', 'disdukcapil'],
    ['inspektorat', 'officer', 'inspektorat'], ['dinsos', 'head', 'dinsos']] as const) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Staf ${name}`, email: `${name}@uji.test`,
      password: PASSWORD })
    cookies[name] = sessionCookie(await fetch('/api/v1/auth/login', json({ email: `${name}@uji.test`,
      password: PASSWORD })))
  }
  cookies.warga = await registerCitizen('Budi Warga', 'budi@contoh.test')
  photo = await uploadFile(cookies.warga, phoneJpeg(6), 'IMG_rumah_budi.jpg')
  code = await fileAs(cookies.warga!, { title: 'KTP elektronik belum jadi', description: DESCRIPTION,
    kecamatan: 'Gisting', service: 'ktp-el', privacy: 'biasa', photos: [photo] })
  wbs = await fileAs(cookies.warga!, { channel: 'wbs', title: 'Pungutan liar di kantor pelayanan',
    description: 'Oknum pegawai meminta uang pelicin Rp500.000 untuk mempercepat surat izin usaha.',
    kecamatan: 'Kota Agung', privacy: 'rahasia' })
})
afterAll(async () => {
  await database?.close()
})

interface PublicItem {
  trackingCode: string
  description: string
  photos: string[]
}
const publicItem = async () => ((await (await fetch('/api/v1/complaints/public')).json()) as { items: PublicItem[] })
  .items.find(item => item.trackingCode === code)!
const open311 = async () => ((await (await fetch(`/open311/v2/requests/${code}.json`)).json()) as
  { description: string, media_url: string | null }[])[0]!

describe('redacting a published complaint', () => {
  const page = () => `/admin/pengaduan/${code}`

  it('is for admins only: others get 403, the signed-out the sign-in page, on the page, its forms and its API',
    async () => {
      for (const who of ['capil', 'warga']) {
        expect((await get(page(), cookies[who])).status, who).toBe(403)
        expect((await fetch(page(), form(cookies[who]!, { action: 'hide', photo, reason: 'Bukan urusan saya' })))
          .status, who).toBe(403)
        expect((await get(`/api/v1/admin/complaints/${code}/redaction`, cookies[who])).status, who).toBe(403)
      }
      const signedOut = await get(page())
      expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, expect.stringContaining('/masuk')])
      const post = await fetch(page(), form(null, { action: 'hide', photo, reason: 'Siapa saja boleh?' }))
      expect([post.status, post.headers.get('location')]).toEqual([303, expect.stringContaining('/masuk')])
      expect((await get(`/api/v1/admin/complaints/${code}/redaction`)).status).toBe(401)
    })

  it('replaces the public description by a form post; the public reads it everywhere, reporter and OPD the original',
    async () => {
      const html = await (await get(page(), cookies.admin)).text()
      expect(html).toContain(DESCRIPTION)
      expect(html).not.toMatch(/<script[^>]+src=/)
      const missing = await fetch(page(), form(cookies.admin!, { action: 'redact', field: 'description',
        text: 'KTP elektronik saya belum jadi dua bulan.', reason: '' }))
      expect(missing.status).toBe(422)
      const again = await missing.text()
      expect(again).toContain('href="#description-reason"')
      expect(again).toContain('KTP elektronik saya belum jadi dua bulan.</textarea>')

      const redacted = 'KTP elektronik saya belum jadi dua bulan. [disunting]'
      const saved = await fetch(page(), form(cookies.admin!, { action: 'redact', field: 'description',
        text: redacted, reason: 'Memuat nomor HP pelapor' }))
      expect([saved.status, saved.headers.get('location')]).toEqual([303, `${page()}?berhasil=redact`])

      expect((await publicItem()).description).toBe(redacted)
      const listing = await (await fetch('/pengaduan?agency=disdukcapil')).text()
      expect(listing).toContain(redacted)
      expect(listing).not.toContain(PHONE)
      expect((await open311()).description).toBe(redacted)
      for (const who of ['warga', 'capil']) {
        const own = await (await get(`/api/v1/complaints/${code}`, cookies[who])).json() as { description: string }
        expect(own.description, who).toBe(DESCRIPTION)
      }
      const record = await (await get(page(), cookies.admin)).text()
      expect(record).toContain('Memuat nomor HP pelapor')
      expect(record).toContain('Staf admin')
    })

  it('hides a photo from the public and shows it again; the public copy carries no camera data and no file name',
    async () => {
      const [path] = (await publicItem()).photos
      expect(path).toBe(`/api/v1/complaints/${code}/photos/${photo}`)
      const shared = await fetch(path!)
      expect([shared.status, shared.headers.get('content-type'), shared.headers.get('content-disposition')])
        .toEqual([200, 'image/jpeg', 'inline'])
      const bytes = Buffer.from(await shared.arrayBuffer()).toString('latin1')
      for (const secret of ['Samsung', 'Budi', 'Merdeka', 'IMG_rumah']) expect(bytes).not.toContain(secret)
      expect((await open311()).media_url).toBe(url(path!))

      const hidden = await fetch(page(), form(cookies.admin!, { action: 'hide', photo,
        reason: 'Wajah anak pelapor terlihat' }))
      expect(hidden.status).toBe(303)
      expect((await publicItem()).photos).toEqual([])
      expect((await fetch(path!)).status).toBe(404)
      expect((await open311()).media_url).toBeNull()
      for (const who of ['warga', 'capil', 'admin']) {
        const original = await get(path!, cookies[who])
        expect(original.status, who).toBe(200)
        expect(Buffer.from(await original.arrayBuffer()).toString('latin1'), who).toContain('Samsung')
      }
      expect((await get(path!, cookies.dinsos)).status).toBe(404)

      expect((await fetch(page(), form(cookies.admin!, { action: 'show', photo,
        reason: 'Foto sudah diperiksa ulang' }))).status).toBe(303)
      expect((await publicItem()).photos).toEqual([path])
    })

  it('takes the same changes through its JSON door, and refuses a complaint that is never public', async () => {
    const api = `/api/v1/admin/complaints/${code}/redaction`
    const titled = await fetch(api, json({ action: 'redact', field: 'title', text: 'KTP belum jadi',
      reason: 'Judul disederhanakan' }, { cookie: cookies.admin! }))
    expect(titled.status).toBe(200)
    expect((await titled.json() as { fields: { field: string, shown: string }[] }).fields[0])
      .toMatchObject({ field: 'title', shown: 'KTP belum jadi' })
    const secret = await fileAs(cookies.warga!, { title: 'KK belum jadi', kecamatan: 'Gisting', privacy: 'rahasia',
      service: 'kartu-keluarga', description: 'Kartu keluarga saya belum jadi sudah dua bulan lamanya.' })
    expect((await fetch(`/api/v1/admin/complaints/${secret}/redaction`, json({ action: 'redact', field: 'title',
      text: 'KK', reason: 'Uji pengaduan rahasia' }, { cookie: cookies.admin! }))).status).toBe(409)
    expect((await fetch(api, json({ action: 'redact', field: 'title', text: 'Lain',
      reason: 'Petugas mencoba' }, { cookie: cookies.capil! }))).status).toBe(403)
  })
})

describe('an admin reading whistleblowing', () => {
  const page = () => `/petugas/pengaduan/${wbs}`
  const reads = () => sqlExecutor(database.orm)<{ admin: string, reason: string }>(`select u."name" as "admin",
    r."reason" from "complaint_wbs_read" r join "app_user" u on u."id" = r."admin_id"
    join "complaint" c on c."id" = r."complaint_id" where c."tracking_code" = $1 order by r."id"`, [wbs])

  it('lists whistleblowing to admins by code only, and gives no text without a reason', async () => {
    const list = await (await get('/petugas/pengaduan?kanal=wbs', cookies.admin)).text()
    expect(list).toContain(wbs)
    expect(list).not.toContain('Pungutan liar')
    expect(await (await get('/petugas/pengaduan', cookies.admin)).text()).not.toContain(wbs)

    const answer = await get(`/api/v1/complaints/${wbs}`, cookies.admin)
    expect(answer.status).toBe(403)
    const refusal = await answer.text()
    expect(JSON.parse(refusal)).toMatchObject({ reasonRequired: true, readHours: 8 })
    expect(refusal).not.toContain('pelicin')
    const html = await (await get(page(), cookies.admin)).text()
    expect(html).toContain('name="reason"')
    expect(html).not.toContain('pelicin')
    expect(html).not.toContain('Pungutan liar')
    expect(await reads()).toEqual([])
  })

  it('records the reason posted with the form, then shows the complaint to that admin only, to read', async () => {
    const short = await fetch(page(), form(cookies.admin!, { action: 'read_wbs', reason: 'perlu' }))
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('href="#wbs-reason"')
    expect(await reads()).toEqual([])

    const reason = 'Surat Inspektorat 700/45/2026: bantuan pemeriksaan log akses'
    const given = await fetch(page(), form(cookies.admin!, { action: 'read_wbs', reason }))
    expect([given.status, given.headers.get('location')]).toEqual([303, page()])
    expect(await reads()).toEqual([{ admin: 'Staf admin', reason }])
    const html = await (await get(page(), cookies.admin)).text()
    expect(html).toContain('uang pelicin')
    expect(html).not.toContain('Simpan catatan internal')
    expect(html).not.toContain('Budi Warga')
    expect(html).not.toContain('budi@contoh.test')
    const note = await fetch(page(), form(cookies.admin!, { action: 'add_note', note: 'Catatan admin' }))
    expect(note.status).toBe(422)

    const inspektorat = await (await get(page(), cookies.inspektorat)).text()
    expect(inspektorat).toContain(reason)
    expect(inspektorat).toContain('Budi Warga')
  })

  it('takes the reason through the JSON door too, and keeps other OPDs out', async () => {
    await createStaff(database.orm.em.fork(), { role: 'admin', name: 'Admin Kedua', email: 'admin2@uji.test',
      password: PASSWORD })
    const second = sessionCookie(await fetch('/api/v1/auth/login', json({ email: 'admin2@uji.test',
      password: PASSWORD })))
    expect((await get(`/api/v1/complaints/${wbs}`, second)).status).toBe(403)
    const access = `/api/v1/admin/complaints/${wbs}/wbs-access`
    expect((await fetch(access, json({ reason: 'ingin tahu' }, { cookie: second }))).status).toBe(422)
    const granted = await fetch(access, json({ reason: 'Permintaan Inspektur lewat telepon, dicatat di buku' },
      { cookie: second }))
    expect(granted.status).toBe(201)
    expect(await granted.json()).toMatchObject({ trackingCode: wbs, until: expect.any(String) })
    const read = await get(`/api/v1/complaints/${wbs}`, second)
    expect([read.status, (await read.json() as { actions: string[] }).actions]).toEqual([200, []])
    expect(await reads()).toHaveLength(2)

    expect((await get(`/api/v1/complaints/${wbs}`, cookies.capil)).status).toBe(404)
    expect((await get(page(), cookies.capil)).status).toBe(404)
    expect((await fetch(access, json({ reason: 'Petugas OPD lain ingin membaca ini' }, { cookie: cookies.capil! })))
      .status).toBe(403)
  })
})
