import { url } from '@nuxt/test-utils/e2e'
import { Window } from 'happy-dom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { CSV_COLUMNS } from '../../server/catalogue/files/catalogue-csv'
import { readCsv, writeCsv } from '../../server/catalogue/files/csv'
import { AgencySchema } from '../../server/database/entities/agency'
import { ServiceSchema } from '../../server/database/entities/service'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The catalogue as files (issue 6): the admins' page and API, the open data exports, linked data. */
const { databaseUrl } = await setupPortal('catalogue_files_http')

type Role = 'admin' | 'officer' | 'head' | 'citizen'
const PASSWORD = 'pelabuhan batu balai di pagi buta'
const cookies: Record<Role, string> = { admin: '', officer: '', head: '', citizen: '' }
let database: Database

const origin = () => new URL(url('/')).origin
const asPage = (cookie?: string) => ({ redirect: 'manual' as const,
  headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } })

/** The page's import form as a browser posts it: multipart with the one field `file`, a button's `?tindakan=`. */
function postFile(text: string | Buffer, cookie: string | undefined, tindakan: 'uji' | 'impor', name = 'katalog.csv') {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(Buffer.from(text))], { type: 'text/csv' }), name)
  return fetch(`/admin/katalog?tindakan=${tindakan}`, { method: 'POST', body, redirect: 'manual',
    headers: { origin: origin(), accept: 'text/html', ...(cookie ? { cookie } : {}) } })
}

/** The import API with the file as the body. */
function postImport(text: string | Buffer, cookie: string | undefined, dryRun: boolean, type = 'text/csv') {
  return fetch(`/api/v1/admin/catalogue/import${dryRun ? '?dryRun=1' : ''}`, { method: 'POST',
    body: new Uint8Array(Buffer.from(text)), headers: { 'content-type': type, ...(cookie ? { cookie } : {}) } })
}

const countServices = () => database.orm.em.fork().count(ServiceSchema, {})
const adminCsv = async () => (await fetch('/api/v1/admin/catalogue.csv', { headers: { cookie: cookies.admin } }))
  .text()

function withCell(csv: string, slug: string, column: typeof CSV_COLUMNS[number], value: string): string {
  const [header, ...rows] = readCsv(csv)
  rows.find(cells => cells[header!.indexOf('slug')] === slug)![header!.indexOf(column)] = value
  return writeCsv([header!, ...rows])
}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  const staff = [['admin', undefined], ['officer', 'disdukcapil'], ['head', 'disdukcapil']] as const
  for (const [role, agencySlug] of staff) {
    await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Uji ${role}`,
      email: `${role}@katalog.test`, password: PASSWORD })
    cookies[role] = sessionCookie(await fetch('/api/v1/auth/login', { method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${role}@katalog.test`, password: PASSWORD }) }))
  }
  cookies.citizen = sessionCookie(await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Warga Uji',
      email: 'warga@katalog.test', phone: '081200004444', password: PASSWORD }) }))
})
afterAll(async () => {
  await database?.close()
})

describe('the admin routes of the catalogue files, against every role', () => {
  // The refused get a one-line file: the portal answers before reading an upload it will not take, and a client
  // still writing a whole catalogue then fails with EPIPE instead of reading the answer.
  const small = 'slug\r\n'
  const routes: { name: string, call: (cookie?: string, file?: string) => Promise<Response>, page: boolean }[] = [
    { name: 'GET /admin/katalog', page: true, call: cookie => fetch('/admin/katalog', asPage(cookie)) },
    { name: 'POST /admin/katalog', page: true,
      call: async (cookie, file) => postFile(file ?? await adminCsv(), cookie, 'uji') },
    { name: 'GET catalogue.json', page: false,
      call: cookie => fetch('/api/v1/admin/catalogue.json', { headers: cookie ? { cookie } : {} }) },
    { name: 'GET catalogue.csv', page: false,
      call: cookie => fetch('/api/v1/admin/catalogue.csv', { headers: cookie ? { cookie } : {} }) },
    { name: 'POST import?dryRun=1', page: false,
      call: async (cookie, file) => postImport(file ?? await adminCsv(), cookie, true) },
  ]

  it('lets an admin in, turns officers, heads and citizens away, and sends the signed-out to sign in', async () => {
    const before = await countServices()
    for (const route of routes) {
      expect((await route.call(cookies.admin)).status, route.name).toBe(200)
      for (const role of ['officer', 'head', 'citizen'] as const) {
        const response = await route.call(cookies[role], small)
        expect(response.status, `${route.name} as ${role}`).toBe(403)
        expect(await response.text(), `${route.name} as ${role}`).not.toContain('LAY-1806-01.12-001')
      }
      const signedOut = await route.call(undefined, small)
      if (route.page) {
        expect(signedOut.status, route.name).toBe(303)
        expect(signedOut.headers.get('location'), route.name).toBe('/masuk?lanjut=/admin/katalog')
      }
      else {
        expect(signedOut.status, route.name).toBe(401)
      }
    }
    expect(await countServices()).toBe(before)
  })
})

describe('downloads', () => {
  it('gives admins the catalogue as files that no cache keeps, and the public the same files to cache', async () => {
    const json = await fetch('/api/v1/admin/catalogue.json', { headers: { cookie: cookies.admin } })
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="katalog-layanan-tanggamus.json"')
    expect(json.headers.get('cache-control')).toBe('no-store')
    const body = await json.text()
    expect(JSON.parse(body)).toMatchObject({ categories: expect.any(Array), agencies: expect.any(Array) })

    const open = await fetch('/api/v1/exports/catalogue.json')
    expect(open.headers.get('cache-control')).toMatch(/^public/)
    expect(await open.text()).toBe(body)
    const csv = await fetch('/api/v1/exports/catalogue.csv')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(await csv.text()).toBe(await adminCsv())
  })

  it('flags a deactivated OPD in the admins\' file, and leaves it out of open data unless it owns a service',
    async () => {
      const em = database.orm.em.fork()
      em.create(AgencySchema, { slug: 'kantor-tutup-uji', name: 'Kantor Tutup Uji', shortName: 'Tutup', active: false })
      await em.flush()
      try {
        type Agencies = { agencies: { slug: string, active: boolean }[] }
        const agencies = async (path: string, cookie?: string) => (await (await fetch(path,
          { headers: cookie ? { cookie } : {} })).json() as Agencies).agencies
        const admin = await agencies('/api/v1/admin/catalogue.json', cookies.admin)
        expect(admin.find(agency => agency.slug === 'kantor-tutup-uji')).toMatchObject({ active: false })
        const open = await agencies('/api/v1/exports/catalogue.json')
        expect(open.map(agency => agency.slug)).not.toContain('kantor-tutup-uji')
        expect(open).toEqual(admin.filter(agency => agency.slug !== 'kantor-tutup-uji'))
        expect(open.every(agency => agency.active)).toBe(true)
      }
      finally {
        await database.orm.em.fork().nativeDelete(AgencySchema, { slug: 'kantor-tutup-uji' })
      }
    })

  it('carries the opening hours an admin saves on /admin/opd in the admins\' file and the open data file', async () => {
    const hours = 'Senin–Jumat 08.00–15.00'
    const saved = await fetch('/api/v1/admin/agencies/dinkes', { method: 'PUT', headers: { 'cookie': cookies.admin,
      'origin': origin(), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Dinas Kesehatan', shortName: 'Dinkes', openingHours: hours }) })
    expect(saved.status).toBe(200)
    try {
      type Agencies = { agencies: { slug: string, openingHours: string | null }[] }
      const files = [['/api/v1/admin/catalogue.json', cookies.admin], ['/api/v1/exports/catalogue.json']]
      for (const [path, cookie] of files) {
        const { agencies } = await (await fetch(path!, { headers: cookie ? { cookie } : {} })).json() as Agencies
        expect(agencies.find(agency => agency.slug === 'dinkes'), path).toMatchObject({ openingHours: hours })
      }
    }
    finally {
      await database.orm.em.fork().nativeUpdate(AgencySchema, { slug: 'dinkes' }, { openingHours: null })
    }
  })

  it('publishes the SPBE service metadata with exactly the columns of SE MenPANRB 18/2022', async () => {
    const response = await fetch('/api/v1/exports/spbe-metadata.csv')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/^public/)
    const [header, ...rows] = readCsv(await response.text())
    expect(header).toEqual(['ID', 'Nama Layanan', 'Tujuan Layanan', 'Fungsi Layanan', 'Model Referensi Layanan',
      'Unit Pelaksana', 'Kementerian/Lembaga Terkait', 'Urusan Pemerintahan Terkait', 'Target Layanan',
      'Metode Layanan', 'Potensi Manfaat', 'Potensi Ekonomi', 'Potensi Risiko', 'Mitigasi Risiko',
      'ID Metadata Terkait'])
    expect(rows).toHaveLength(await countServices())
    expect(rows.find(row => row[0] === 'LAY-1806-01.12-001')?.[4]).toMatch(/^01\.12 /)
  })
})

describe('importing over HTTP', () => {
  it('tries a file through the API, imports it, and the public page shows the change', async () => {
    const csv = withCell(await adminCsv(), 'ktp-el', 'output', 'KTP-el dan aktivasi IKD di tempat')
    const tried = await postImport(csv, cookies.admin, true)
    expect(tried.status).toBe(200)
    expect(await tried.json()).toMatchObject({ dryRun: true, applied: false, counts: { changed: 1 },
      services: expect.arrayContaining([expect.objectContaining({ slug: 'ktp-el', fields: ['output'] })]) })
    expect(await (await fetch('/layanan/ktp-el')).text()).not.toContain('aktivasi IKD di tempat')

    const imported = await postImport(csv, cookies.admin, false)
    expect(await imported.json()).toMatchObject({ applied: true, counts: { changed: 1 } })
    expect(await (await fetch('/layanan/ktp-el')).text()).toContain('aktivasi IKD di tempat')
  })

  it('refuses a bad file with every problem and changes nothing', async () => {
    const csv = await adminCsv()
    const bad = withCell(withCell(csv, 'ktp-el', 'agencySlug', 'dinas-entah'), 'kartu-keluarga', 'method', 'pos')
    const response = await postImport(bad, cookies.admin, false)
    expect(response.status).toBe(422)
    const report = await response.json() as { problems: { row: number, field: string }[], applied: boolean }
    expect(report).toMatchObject({ applied: false, problemsTotal: 2, problemsMore: 0, message: 'Berkas belum bisa '
      + 'diimpor: ada 2 masalah, jadi tidak ada yang diubah. Lihat daftar masalah per baris dan kolom.' })
    expect(report.problems.map(problem => problem.field).sort()).toEqual(['agencySlug', 'method'])
    expect(await adminCsv()).toBe(csv)
  })

  it('refuses on the page, at the dry run already, a new service under the slug of an archived one', async () => {
    const csv = await adminCsv()
    const [header, ...rows] = readCsv(csv)
    const row = rows.findIndex(cells => cells[header!.indexOf('slug')] === 'akta-kematian') + 2
    const em = database.orm.em.fork()
    await em.nativeUpdate(ServiceSchema, { slug: 'akta-kematian' }, { status: 'archived' })
    try {
      const file = withCell(csv, 'akta-kematian', 'spbeId', 'LAY-1806-01.12-990')
      const before = await adminCsv()
      for (const tindakan of ['uji', 'impor'] as const) {
        const response = await postFile(file, cookies.admin, tindakan)
        expect(response.status, tindakan).toBe(422)
        expect(await response.text(), tindakan).toMatch(new RegExp(`<td>Baris ${row}</td>\\s*<td>slug</td>\\s*`
          + '<td>Slug akta-kematian milik layanan yang diarsipkan[^<]*/admin/layanan/akta-kematian'))
      }
      expect(await adminCsv()).toBe(before)
    }
    finally {
      await em.nativeUpdate(ServiceSchema, { slug: 'akta-kematian' }, { status: 'published' })
    }
  })

  it('answers 75,000 junk rows with the first 100 problems and how many more, over the API and on the page',
    async () => {
      const junk = writeCsv([[...CSV_COLUMNS], ...Array.from({ length: 75_000 }, () => CSV_COLUMNS.map(() => 'x'))])
      const before = await adminCsv()
      const response = await postImport(junk, cookies.admin, true)
      expect(response.status).toBe(422)
      const body = await response.text()
      expect(body.length).toBeLessThan(30_000)
      expect(JSON.parse(body)).toMatchObject({ applied: false, problemsTotal: 1_000, problemsMore: 900,
        stoppedAtRow: 101, message: expect.stringContaining('sampai baris 101 sudah ada 1.000 masalah') })

      const page = await postFile(junk, cookies.admin, 'uji')
      expect(page.status).toBe(422)
      const html = await page.text()
      expect(html.length).toBeLessThan(200_000)
      expect(html.match(/<td>Baris \d+<\/td>/g)).toHaveLength(100)
      expect(html).toMatch(new RegExp('Tercantum 100 masalah pertama dan 900 masalah lain tidak ditampilkan\\. '
        + 'Perbaiki yang di atas, lalu uji lagi\\.\\s*Pemeriksaan berhenti sesudah baris 101:'))
      expect(await adminCsv()).toBe(before)
    })

  it('refuses 10 MB of text before reading it, and changes nothing', async () => {
    const before = await adminCsv()
    const response = await postImport('a'.repeat(10 * 1024 * 1024), cookies.admin, false)
    expect(response.status).toBe(413)
    expect((await response.json() as { message: string }).message).toMatch(/terlalu besar.*5 MB/)
    expect(await adminCsv()).toBe(before)
  })

  it('shows a dry run on the page as a table, imports with the other button, and says so after the redirect',
    async () => {
      const csv = withCell(await adminCsv(), 'kartu-keluarga', 'durationDays', '3')
      const tried = await postFile(csv, cookies.admin, 'uji')
      expect(tried.status).toBe(200)
      const page = await tried.text()
      expect(page).toMatch(/<table[^>]*>[\s\S]*scope="col"[\s\S]*Kartu Keluarga[\s\S]*Diubah[\s\S]*durationDays/)
      expect(page).toContain('Hasil uji coba')

      const imported = await postFile(csv, cookies.admin, 'impor')
      expect(imported.status).toBe(303)
      expect(imported.headers.get('location')).toBe('/admin/katalog?diimpor=1&baru=0&diubah=1')
      const after = await (await fetch(imported.headers.get('location')!, asPage(cookies.admin))).text()
      expect(after).toContain('Impor selesai: 0 layanan baru dan 1 layanan diubah sudah terbit.')
    })

  it('offers "Impor berkas ini" after a dry run: a plain form that imports the kept file once, no second upload',
    async () => {
      const csv = await adminCsv()
      const unchanged = await (await postFile(csv, cookies.admin, 'uji')).text()
      expect(unchanged).toContain('Hasil uji coba')
      expect(unchanged).not.toContain('name="token"')

      const edited = withCell(csv, 'akta-perkawinan', 'durationNote', 'Selesai dalam satu hari kerja di MPP')
      const page = await (await postFile(edited, cookies.admin, 'uji')).text()
      const form = new RegExp('<form action="/admin/katalog\\?tindakan=impor" method="post">\\s*'
        + '<input type="hidden" name="token" value="([\\w-]{43})">\\s*'
        + '<button type="submit" class="button">\\s*Impor berkas ini').exec(page)
      expect(form, 'the form of "Impor berkas ini"').not.toBeNull()
      expect(await adminCsv()).toBe(csv)

      const sendToken = (token: string) => fetch('/admin/katalog?tindakan=impor', { method: 'POST', redirect: 'manual',
        body: new URLSearchParams({ token }), headers: { 'content-type': 'application/x-www-form-urlencoded',
          'origin': origin(), 'accept': 'text/html', 'cookie': cookies.admin } })
      const imported = await sendToken(form![1]!)
      expect(imported.status).toBe(303)
      expect(imported.headers.get('location')).toBe('/admin/katalog?diimpor=1&baru=0&diubah=1')
      expect(await adminCsv()).toBe(edited)

      const again = await sendToken(form![1]!)
      expect(again.status).toBe(422)
      expect(await again.text()).toContain('Berkas yang diperiksa sudah diimpor, atau sudah lewat 30 menit.')
      expect(await adminCsv()).toBe(edited)
    })

  it('renders a refused file on the page with the error summary and each problem by row and column', async () => {
    const csv = await adminCsv()
    const [header, ...rows] = readCsv(csv)
    const row = rows.findIndex(cells => cells[header!.indexOf('slug')] === 'ktp-el') + 2
    const response = await postFile(withCell(csv, 'ktp-el', 'categoryCode', '01.77'), cookies.admin, 'impor')
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('class="error-summary"')
    expect(page).toContain('href="#berkas"')
    expect(page).toMatch(new RegExp(`<td>Baris ${row}</td>\\s*<td>categoryCode</td>\\s*<td>Kategori 01\\.77 tidak ada`))
    expect(await adminCsv()).toBe(csv)

    const binary = await postFile(Buffer.from([0x89, 0x50, 0x4E, 0x47, 0, 0, 0xFF]), cookies.admin, 'uji', 'x.png')
    expect(binary.status).toBe(422)
    expect(await binary.text()).toContain('bukan teks UTF-8')
    const none = await fetch('/admin/katalog', { method: 'POST', body: '', redirect: 'manual', headers: {
      'content-type': 'application/x-www-form-urlencoded', 'origin': origin(), 'cookie': cookies.admin } })
    expect(none.status).toBe(422)
    expect(await none.text()).toContain('Pilih berkas katalog JSON atau CSV')
  })
})

describe('linked data', () => {
  it('embeds schema.org GovernmentService in the service page, a hostile </script> kept inside it', async () => {
    const hostile = 'Tujuan </script><script>alert("jebol")</script> <!-- dan & lainnya'
    const em = database.orm.em.fork()
    const service = await em.findOneOrFail(ServiceSchema, { slug: 'akta-kelahiran' })
    const purpose = service.purpose
    service.purpose = hostile
    await em.flush()
    const window = new Window()
    try {
      // Parsed as a browser would: the hostile text must not end the JSON-LD element or start a script of its own.
      const page = await (await fetch('/layanan/akta-kelahiran')).text()
      const document = new window.DOMParser().parseFromString(page, 'text/html')
      const scripts = [...document.querySelectorAll('script')]
      expect(scripts.map(script => script.getAttribute('type'))).toEqual(['speculationrules', 'application/ld+json'])
      const data = JSON.parse(scripts[1]!.textContent) as Record<string, unknown>
      expect(data.url).toBe(document.querySelector('link[rel="canonical"]')?.getAttribute('href'))
      expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'GovernmentService',
        'description': hostile, 'name': expect.stringContaining('Akta Kelahiran'),
        'serviceType': expect.any(String),
        'provider': { '@type': 'GovernmentOrganization', 'name': 'Dinas Kependudukan dan Pencatatan Sipil' },
        'areaServed': { '@type': 'AdministrativeArea', 'name': 'Kabupaten Tanggamus' },
        'audience': { '@type': 'Audience', 'audienceType': 'Warga' },
        'availableChannel': { '@type': 'ServiceChannel',
          'serviceUrl': expect.stringMatching(/\/layanan\/akta-kelahiran\/ajukan$/) },
        'serviceOutput': { '@type': 'Thing', 'name': expect.any(String) },
        'termsOfService': expect.stringContaining('UU') })
    }
    finally {
      service.purpose = purpose
      await em.flush()
      await window.happyDOM.close()
    }
  })

  it('gives a service in CPSV-AP at /api/v1/services/:slug.jsonld', async () => {
    const response = await fetch('/api/v1/services/ktp-el.jsonld')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8')
    const data = await response.json() as Record<string, unknown>
    const service = await (await fetch('/api/v1/services/ktp-el')).json() as { requirements: string[] }
    expect(data['@context']).toMatchObject({ cpsv: 'http://purl.org/vocab/cpsv#', cv: 'http://data.europa.eu/m8g/',
      dct: 'http://purl.org/dc/terms/' })
    expect(data).toMatchObject({ '@type': 'cpsv:PublicService', 'dct:identifier': 'LAY-1806-01.12-001',
      'dct:title': { '@language': 'id', '@value': expect.stringContaining('KTP') },
      'dct:description': { '@value': expect.any(String) },
      'cv:hasCompetentAuthority': { '@type': 'cv:PublicOrganisation', 'dct:identifier': 'disdukcapil',
        'skos:prefLabel': { '@value': 'Dinas Kependudukan dan Pencatatan Sipil' } },
      'cv:hasCost': { '@type': 'cv:Cost', 'cv:value': 0,
        'cv:currency': { '@id': 'http://publications.europa.eu/resource/authority/currency/IDR' } },
      'cpsv:produces': { '@type': 'cv:Output', 'dct:title': { '@value': expect.any(String) } } })
    const inputs = data['cpsv:hasInput'] as { '@type': string, 'dct:title': { '@value': string } }[]
    expect(inputs.map(input => input['dct:title']['@value'])).toEqual(service.requirements)
    expect(inputs.every(input => input['@type'] === 'cv:Evidence')).toBe(true)
    expect((data['cv:hasChannel'] as { '@type': string }[]).map(channel => channel['@type']))
      .toEqual(['cv:Channel', 'cv:Channel'])
    expect((data['cv:hasLegalResource'] as { '@type': string }[])[0]).toMatchObject({ '@type': 'eli:LegalResource' })

    const timed = await database.orm.em.fork().findOneOrFail(ServiceSchema, { durationDays: { $gt: 0 } })
    const withTime = await (await fetch(`/api/v1/services/${timed.slug}.jsonld`)).json() as Record<string, unknown>
    expect(withTime['cv:processingTime']).toEqual({ '@type': 'xsd:duration', '@value': `P${timed.durationDays}D` })
    expect((await fetch('/api/v1/services/tidak-ada.jsonld')).status).toBe(404)
    expect((await fetch('/api/v1/services/ktp-el')).headers.get('content-type')).toMatch(/^application\/json/)
  })
})

describe('the open data page', () => {
  it('lists every file with a table describing each column, and the footer links to it', async () => {
    const response = await fetch('/data')
    expect(response.status).toBe(200)
    const page = await response.text()
    for (const href of ['/api/v1/exports/catalogue.json', '/api/v1/exports/catalogue.csv',
      '/api/v1/exports/spbe-metadata.csv', '/api/v1/categories', '/api/v1/agencies']) {
      expect(page).toContain(`href="${href}"`)
    }
    expect(page).toMatch(/href="\/api\/v1\/services\/[a-z0-9-]+\.jsonld"/)
    expect(page.match(/<table/g)).toHaveLength(5)
    const columns = [...CSV_COLUMNS, 'categories', 'agencies', 'agencies[].openingHours', 'agencies[].active',
      'Nama Layanan',
      'ID Metadata Terkait', 'cpsv:hasInput', 'serviceCount']
    for (const column of columns) {
      const name = column.replace(/[[\].]/g, '\\$&')
      expect(page, column).toMatch(new RegExp(`<th scope="row"><code>${name}</code></th>\\s*<td>[^<]{3,}</td>`))
    }
    expect(page).toContain('false bila sudah dinonaktifkan')
    expect(page).not.toMatch(/<script(?![^>]*type="(speculationrules|application\/(ld\+)?json)")/)
    expect(await (await fetch('/')).text()).toContain('href="/data"')
    expect((await fetch('/en/data')).status).toBe(200)
  })
})
