import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { createAgency } from '../../server/catalogue/agency-editor'
import { categoryForEditor, updateCategory } from '../../server/catalogue/category-editor'
import { actOnDraft, createNewServiceDraft } from '../../server/catalogue/drafts'
import { publishServiceSnapshot } from '../../server/catalogue/publish'
import { editorFieldIds, snapshotOf, snapshotToForm, type ServiceSnapshot } from '../../server/catalogue/snapshot'
import { CategoryAgencySchema } from '../../server/database/entities/category'
import { ServiceSchema } from '../../server/database/entities/service'
import { openDatabase, type Database } from '../../server/database/orm'
import { callJson, cookiesForEveryRole, getPage, postForm, type Cookies } from '../support/admin'
import { registerCitizen, submitSample } from '../support/permohonan'
import { getJson, setupPortal } from '../support/server'

/**
 * Issue 6 over HTTP with JavaScript off: a head drafts a change in the page forms and submits it, an admin publishes
 * it, and the public pages, the API and search show it at once; versions, restoring, archiving; a request and a
 * complaint keep the version they were filed against.
 */
const { databaseUrl } = await setupPortal('admin_catalogue', {
  UPLOAD_DIR: `.data/test-uploads-admin-${process.pid}`, PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
})

let database: Database
let cookies: Cookies

interface DraftJson {
  id: number
  status: string
  snapshot: ServiceSnapshot
  changes: { field: string, added: string[], removed: string[] }[]
}

const draftIdOf = (location: string | null) => Number(/\/admin\/draf\/(\d+)/.exec(location ?? '')?.[1])
const html = async (path: string, cookie = '') => (await getPage(path, cookie)).text()
const draft = async (id: number, cookie: string) =>
  (await callJson('GET', `/api/v1/admin/drafts/${id}`, cookie)).json() as Promise<DraftJson>

/** A head changes a service through the pages and submits it; an admin publishes it. */
async function publishThroughPages(slug: string, change: (values: Record<string, string>) => Record<string, string>) {
  const started = await postForm(`/admin/layanan/${slug}`, cookies.head, { tindakan: 'ubah' })
  expect(started.status).toBe(303)
  const id = draftIdOf(started.headers.get('location'))
  const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
  const saved = await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'simpan', ...change(values) })
  expect(saved.headers.get('location')).toBe(`/admin/draf/${id}?berhasil=simpan`)
  expect((await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'submit' })).status).toBe(303)
  const published = await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'publish' })
  expect(published.headers.get('location')).toBe(`/admin/layanan/${slug}?berhasil=terbit`)
  return id
}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  cookies = await cookiesForEveryRole(database, 'katalog')
})
afterAll(async () => {
  await database?.close()
})

describe('publishing a change drafted by an OPD head', () => {
  it('shows the new persyaratan on the public page, in the API and in search as soon as it is published', async () => {
    const requirement = 'Surat keterangan domisili dari kepala pekon Gunung Meraksa'
    expect(await html('/layanan/kartu-identitas-anak')).not.toContain(requirement)
    await publishThroughPages('kartu-identitas-anak', values => ({ ...values,
      requirements: `${values.requirements}\n${requirement}` }))

    expect(await html('/layanan/kartu-identitas-anak')).toContain(requirement)
    const service = await getJson<{ version: number, requirements: string[] }>('/api/v1/services/kartu-identitas-anak')
    expect(service.version).toBe(2)
    expect(service.requirements.at(-1)).toBe(requirement)
    const search = await getJson<{ hits: { slug: string }[] }>('/api/v1/search', { q: 'gunung meraksa' })
    expect(search.hits.map(hit => hit.slug)).toEqual(['kartu-identitas-anak'])
    expect(await html('/cari?q=gunung+meraksa')).toContain('href="/layanan/kartu-identitas-anak"')

    // The audit trail reads the steps in words: the field's name on the editor, the draft's status by its name.
    const audit = (await html('/admin/audit?entityType=service_draft', cookies.admin)).replace(/<!--[^]*?-->/g, '')
    expect(audit).toContain('<dt>Persyaratan</dt>')
    expect(audit).toMatch(/<del>\s*Draf\s*<\/del>[\s\S]*?<ins>\s*Menunggu tinjauan\s*<\/ins>/)
    expect(audit).not.toContain('in_review')
  })

  it('lets browsers and proxies keep catalogue answers for seconds only', async () => {
    for (const path of ['/api/v1/services/ktp-el', '/api/v1/services', '/api/v1/search?q=ktp']) {
      const cache = (await callJson('GET', path, '')).headers.get('cache-control') ?? ''
      const seconds = Number(/max-age=(\d+)/.exec(cache)?.[1]) + Number(/stale-while-revalidate=(\d+)/.exec(cache)?.[1]
        ?? 0)
      expect(seconds, path).toBeLessThanOrEqual(30)
    }
  })

  it('lists the versions and shows what changed between two, field by field, to admins', async () => {
    const page = await html('/admin/layanan/kartu-identitas-anak', cookies.admin)
    expect(page).toContain('Pulihkan versi 1 sebagai draf')
    const diff = await html('/admin/layanan/kartu-identitas-anak/versi?dari=1&ke=2', cookies.admin)
    expect(diff).toContain('data-field="requirements"')
    expect(diff).toContain('Gunung Meraksa')
    expect(diff).not.toContain('data-field="purpose"')
    const restored = await postForm('/admin/layanan/kartu-identitas-anak', cookies.admin,
      { tindakan: 'pulihkan', versi: '1' })
    const id = draftIdOf(restored.headers.get('location'))
    expect((await draft(id, cookies.admin)).changes[0]).toMatchObject({ field: 'requirements',
      removed: ['Surat keterangan domisili dari kepala pekon Gunung Meraksa'] })
    expect((await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'discard' })).status).toBe(303)
  })

  it('titles the comparison by the service, and compares the last two versions when none are chosen', async () => {
    const page = await html('/admin/layanan/kartu-identitas-anak/versi', cookies.admin)
    expect(page).toContain('<title>Perbedaan versi 1 dan 2: Kartu Identitas Anak (KIA)')
    expect(page).toContain('data-field="requirements"')
    // A GET form to choose two others, and the breadcrumb names the service rather than its slug.
    expect(page).toMatch(/<form[^>]+action="\/admin\/layanan\/kartu-identitas-anak\/versi"[^>]+method="get"/)
    expect(page).toMatch(/<a[^>]+href="\/admin\/layanan\/kartu-identitas-anak"[^>]*>Kartu Identitas Anak \(KIA\)/)
    const single = await html('/admin/layanan/ikd/versi', cookies.admin)
    expect(single).toContain('Layanan ini baru punya satu versi')
    expect(single).not.toMatch(/<title>\s*<\/title>|<title>[^<]*undefined/)
  })

  it('shows the chooser with a plain message for a version that is not a number, not there, or one twice', async () => {
    for (const query of ['dari=abc', 'dari=9', 'ke=1', 'dari=2&ke=2', 'dari=1&ke=0']) {
      const response = await getPage(`/admin/layanan/kartu-identitas-anak/versi?${query}`, cookies.admin)
      expect(response.status, query).toBe(200)
      const page = await response.text()
      expect(page, query).toContain('<title>Bandingkan versi Kartu Identitas Anak (KIA)')
      expect(page, query).toMatch(/<h1[^>]*>\s*Bandingkan versi\s*<\/h1>/)
      expect(page, query).toContain('Pilih dua versi berbeda dari daftar ini untuk dibandingkan.')
      expect(page, query).not.toContain('data-field=')
      expect(page, query).toMatch(/<form[^>]+action="\/admin\/layanan\/kartu-identitas-anak\/versi"/)
    }
    const version = async (number: string) => (await callJson('GET',
      `/api/v1/admin/services/kartu-identitas-anak/versions/${number}`, cookies.admin)).json() as
      Promise<{ message?: string, version?: number }>
    expect((await version('0')).message).toBe('Versi itu dari layanan ini tidak ada.')
    expect((await version('9')).message).toBe('Versi 9 dari layanan ini tidak ada.')
    expect((await version('1')).version).toBe(1)
  })

  it('sends a draft back with the reason, which its author reads on the draft page', async () => {
    const started = await postForm('/admin/layanan/akta-perkawinan', cookies.head, { tindakan: 'ubah' })
    const id = draftIdOf(started.headers.get('location'))
    const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
    await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'simpan', ...values, durationDays: '7' })
    await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'submit' })
    const empty = await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'return', reason: '' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('href="#reason"')
    const returned = await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'return',
      reason: 'Jangka waktu 7 hari belum sesuai SK Kepala Dinas.' })
    expect(returned.status).toBe(303)
    const page = await html(`/admin/draf/${id}`, cookies.head)
    expect(page).toContain('Jangka waktu 7 hari belum sesuai SK Kepala Dinas.')
    expect(page).toContain('Simpan draf')
  })
})

describe('a draft left behind by a newer version', () => {
  it('offers neither submitting nor publishing, shows what changed since, and carries its changes over', async () => {
    const slug = 'akta-pengakuan-pengesahan-anak'
    const id = draftIdOf((await postForm(`/admin/layanan/${slug}`, cookies.head, { tindakan: 'ubah' }))
      .headers.get('location'))
    const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
    await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'simpan', ...values, durationNote: 'Lima hari.' })
    const em = database.orm.em.fork()
    const service = await em.findOneOrFail(ServiceSchema, { slug }, { populate: ['category', 'agency'] })
    await publishServiceSnapshot(em, service, { ...snapshotOf(service), output: 'Akta pengakuan (versi 2).' }, null)

    const page = await html(`/admin/draf/${id}`, cookies.head)
    expect(page).toContain('Layanan ini sudah diterbitkan lagi')
    expect(page).toContain('data-field="output"')
    expect(page).toContain('Akta pengakuan (versi 2).')
    expect(page).not.toContain('value="simpan-ajukan"')
    expect(page).toContain('value="carry_over"')
    expect(page).toContain('value="restart"')
    const api = await callJson('POST', `/api/v1/admin/drafts/${id}/actions`, cookies.head, { action: 'submit' })
    expect(api.status).toBe(409)
    expect((await api.json() as { message: string }).message).toMatch(/^Versi 2 terbit setelah draf ini dibuat/)

    const carried = await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'carry_over' })
    expect(carried.status).toBe(303)
    const next = draftIdOf(carried.headers.get('location'))
    expect(carried.headers.get('location')).toBe(`/admin/draf/${next}?berhasil=dibawa`)
    expect((await draft(next, cookies.head)).snapshot).toMatchObject({ durationNote: 'Lima hari.',
      output: 'Akta pengakuan (versi 2).' })
    const fresh = await html(`/admin/draf/${next}?berhasil=dibawa`, cookies.head)
    expect(fresh).toContain('perubahannya dibawa ke draf baru ini')
    expect(fresh).toContain('value="simpan-ajukan"')
    expect(fresh).toMatch(new RegExp(`<a[^>]+href="/admin/layanan/${slug}"[^>]*>Akta Pengakuan`))
    expect((await draft(id, cookies.head)).status).toBe('discarded')
  })
})

describe('the admin pages', () => {
  it('are plain HTML that no browser or proxy keeps', async () => {
    for (const path of ['/admin', '/admin/layanan', '/admin/layanan/ktp-el']) {
      const response = await getPage(path, cookies.head)
      expect(response.headers.get('cache-control'), path).toBe('no-store')
      expect(await response.text(), path).not.toMatch(/<script[^>]+src=/)
    }
  })
})

describe('the admin start page', () => {
  it('links an admin to every section, a head to the services only', async () => {
    const admin = await (await getPage('/admin', cookies.admin)).text()
    for (const path of ['/admin/layanan', '/admin/katalog', '/admin/kategori', '/admin/opd', '/admin/akun',
      '/admin/jenis-pengaduan', '/admin/open311', '/petugas/surel', '/admin/audit']) {
      expect(admin, path).toContain(`href="${path}"`)
    }
    const head = await (await getPage('/admin', cookies.head)).text()
    expect(head).toContain('href="/admin/layanan"')
    expect(head).not.toContain('href="/admin/audit"')
  })
})

describe('the draft form on an error', () => {
  it('answers 422 with an error summary linking to each field and question, nothing lost', async () => {
    const started = await postForm('/admin/layanan/ktp-el', cookies.head, { tindakan: 'ubah' })
    const id = draftIdOf(started.headers.get('location'))
    const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
    const response = await postForm(`/admin/draf/${id}`, cookies.head, { 'tindakan': 'simpan', ...values,
      'name': 'KTP elektronik (perubahan yang diketik)', 'requirements': '', 'form.q.5.label': 'Golongan darah',
      'form.q.5.type': 'choice', 'form.q.5.options': 'Golongan A', 'form.d.0.maxMb': 'lima' })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('class="error-summary"')
    expect(page).toContain('href="#requirements"')
    expect(page).toContain('href="#form.q.5.options"')
    expect(page).toContain('Pertanyaan 6: pilihan jawaban perlu paling sedikit dua baris.')
    expect(page).toContain('href="#form.d.0.maxMb"')
    expect(page).toContain('Dokumen 1: ukuran ditulis dalam MB, contoh 5 atau 2,5.')
    // The summary follows the page: the question's problem (found by the schema) before the document's.
    expect(page.indexOf('href="#form.q.5.options"')).toBeLessThan(page.indexOf('href="#form.d.0.maxMb"'))
    expect(page).toContain('Tulis persyaratan, paling sedikit satu baris; satu butir per baris.')
    expect(page).toContain('KTP elektronik (perubahan yang diketik)')
    expect(page).toMatch(/id="form\.q\.5\.label"[^>]*value="Golongan darah"/)
    expect(page).toMatch(/<textarea id="form\.q\.5\.options"[^>]*>Golongan A<\/textarea>/)
    expect(page).toMatch(/<option value="choice" selected/)
    expect(page).toMatch(/id="form\.d\.0\.maxMb"[^>]*value="lima"/)
    expect((await draft(id, cookies.head)).snapshot.name).not.toContain('diketik')
    expect(await html(`/admin/draf/${id}`, cookies.head)).not.toContain('name="form"')
  })

  it('lets a head add, reorder and remove questions of a draft\'s form with JavaScript off', async () => {
    const started = await postForm('/admin/layanan/kartu-keluarga', cookies.head, { tindakan: 'ubah' })
    const id = draftIdOf(started.headers.get('location'))
    const before = (await draft(id, cookies.head)).snapshot.form!
    const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
    const added = before.questions.length
    const saved = await postForm(`/admin/draf/${id}`, cookies.head, { 'tindakan': 'simpan', ...values,
      [`form.q.${added}.label`]: 'Golongan darah kepala keluarga', [`form.q.${added}.type`]: 'choice',
      [`form.q.${added}.options`]: 'Golongan A\nGolongan B\nTidak tahu', [`form.q.${added}.order`]: '1',
      [`form.q.${added}.required`]: '', 'form.q.0.remove': 'ya' })
    expect(saved.headers.get('location')).toBe(`/admin/draf/${id}?berhasil=simpan`)

    const after = (await draft(id, cookies.head)).snapshot.form!
    expect(after.questions[0]).toEqual({ key: 'golonganDarahKepalaKeluarga', label: 'Golongan darah kepala keluarga',
      type: 'choice', required: false, options: [{ value: 'golongan-a', label: 'Golongan A' },
        { value: 'golongan-b', label: 'Golongan B' }, { value: 'tidak-tahu', label: 'Tidak tahu' }] })
    expect(after.questions.slice(1)).toEqual(before.questions.slice(1))
    expect(after.documents).toEqual(before.documents)
    const page = await html(`/admin/draf/${id}`, cookies.head)
    expect(page).toMatch(/id="form\.q\.0\.label"[^>]*value="Golongan darah kepala keluarga"/)
    expect(page).toContain('value="golongan-a=Golongan A')
  })

  it('drafts a new service from the page, with the next free SPBE ID when it is left blank', async () => {
    const values = snapshotToForm((await draft(draftIdOf((await postForm('/admin/layanan/ikd', cookies.head,
      { tindakan: 'ubah' })).headers.get('location')), cookies.head)).snapshot)
    const response = await postForm('/admin/layanan/baru', cookies.head, { ...values, slug: 'ikd-keliling',
      spbeId: '', name: 'Aktivasi IKD keliling' })
    expect(response.status).toBe(303)
    const created = await draft(draftIdOf(response.headers.get('location')), cookies.head)
    expect(created.snapshot.spbeId).toMatch(/^LAY-1806-01\.12-\d{3}$/)
    const taken = await postForm('/admin/layanan/baru', cookies.head, { ...values, slug: 'ikd-keliling',
      spbeId: '', name: 'Aktivasi IKD keliling lagi' })
    expect(taken.status).toBe(422)
    expect(await taken.text()).toContain('Aktivasi IKD keliling lagi')
  })
})

describe('saving and submitting in one press', () => {
  it('keeps every typed value and submits nothing when the save is refused, and submits what was typed', async () => {
    const id = draftIdOf((await postForm('/admin/layanan/biodata-wni', cookies.head, { tindakan: 'ubah' }))
      .headers.get('location'))
    const values = snapshotToForm((await draft(id, cookies.head)).snapshot)
    const refused = await postForm(`/admin/draf/${id}`, cookies.head, { ...values, tindakan: 'simpan-ajukan',
      durationNote: 'Selesai dalam satu hari kerja (diketik).', durationDays: '-3' })
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('href="#durationDays"')
    expect(page).toContain('Selesai dalam satu hari kerja (diketik).')
    expect(await draft(id, cookies.head)).toMatchObject({ status: 'draft' })

    const sent = await postForm(`/admin/draf/${id}`, cookies.head, { ...values, tindakan: 'simpan-ajukan',
      durationNote: 'Selesai dalam satu hari kerja (diketik).', feeAmount: '1.000' })
    expect(sent.headers.get('location')).toBe(`/admin/draf/${id}?berhasil=submit`)
    expect((await draft(id, cookies.head))).toMatchObject({ status: 'in_review', snapshot: {
      durationNote: 'Selesai dalam satu hari kerja (diketik).', fee: { amount: 1000 } } })
    expect((await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'discard' })).status).toBe(303)
  })
})

describe('the new service form posted empty', () => {
  it('names every field in plain words, in the order the page shows them', async () => {
    const response = await postForm('/admin/layanan/baru', cookies.head, {})
    expect(response.status).toBe(422)
    const page = await response.text()
    const summary = page.slice(page.indexOf('class="error-summary"'), page.indexOf('</ul>',
      page.indexOf('class="error-summary"')))
    const linked = [...summary.matchAll(/href="#([A-Za-z]+)"/g)].map(match => match[1]!)
    const onPage = editorFieldIds(false).filter(field => linked.includes(field))
    expect(linked).toEqual(onPage)
    expect(linked.at(-1)).toBe('aliases')
    const form = page.slice(page.indexOf('<form action="/admin/layanan/baru"'))
    const positions = linked.map(field => form.indexOf(`id="${field}"`))
    expect(positions.every(position => position > 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(summary).not.toMatch(/pola|diharapkan|Isi paling sedikit 3 huruf/)
  })

  it('offers a head only the categories that list their OPD, an admin every one', async () => {
    const head = await html('/admin/layanan/baru', cookies.head)
    expect(head).toContain('value="01.12"')
    expect(head).not.toContain('value="01.01"')
    expect(await html('/admin/layanan/baru', cookies.admin)).toContain('value="01.01"')
  })
})

describe('a refusal of a field the page does not show', () => {
  it('is a message of the whole form, not a link to a missing field', async () => {
    const em = database.orm.em.fork()
    const admin = await createStaff(em, { role: 'admin', name: 'Admin Kategori Uji', email: 'kategori-uji@kominfo.test',
      password: 'lampu jalan di tikungan pekon' })
    await createAgency(em, admin, { name: 'Dinas Uji Halaman', shortName: 'Dinas Uji', slug: 'dinas-uji-halaman' })
    const category = await categoryForEditor(em, '01.05')
    const agencies = category.agencies.map(agency => agency.slug)
    await updateCategory(em, admin, '01.05', { description: category.description,
      agencies: [...agencies, 'dinas-uji-halaman'] })
    const ikd = await em.findOneOrFail(ServiceSchema, { slug: 'ikd' }, { populate: ['category', 'agency'] })
    const base = snapshotOf(ikd)
    const { id } = await createNewServiceDraft(em, admin, { ...base, slug: 'layanan-dinas-uji', spbeId: '',
      categoryCode: '01.05', agencySlug: 'dinas-uji-halaman' })
    await actOnDraft(em, admin, id, { action: 'submit' })
    // The category editor keeps an OPD with an open draft; a forced seed can still drop the link under it.
    const link = await em.findOneOrFail(CategoryAgencySchema, { category: { code: '01.05' },
      agency: { slug: 'dinas-uji-halaman' } })
    await em.fork().nativeDelete(CategoryAgencySchema, { id: link.id })

    const refused = await postForm(`/admin/draf/${id}`, cookies.admin, { tindakan: 'publish' })
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('class="error-summary"')
    expect(page).toMatch(/<li>(?:<!--\[-->)?\s*Kategori 01\.05 [^<]* tidak mencantumkan Dinas Uji sebagai OPD/)
    expect(page).not.toContain('href="#categoryCode"')
    expect(page).not.toContain('id="categoryCode"')
  })
})

describe('archiving', () => {
  it('takes a service off the public pages, the API, search and applying', async () => {
    expect((await postForm('/admin/layanan/akta-kematian', cookies.admin, { tindakan: 'arsipkan' })).status)
      .toBe(303)
    expect((await getPage('/layanan/akta-kematian', '')).status).toBe(404)
    expect((await callJson('GET', '/api/v1/services/akta-kematian', '')).status).toBe(404)
    const search = await getJson<{ hits: { slug: string }[] }>('/api/v1/search', { q: 'akta kematian' })
    expect(search.hits.map(hit => hit.slug)).not.toContain('akta-kematian')
    expect(await html('/kategori/01.12')).not.toContain('href="/layanan/akta-kematian"')
    const applied = await callJson('POST', '/api/v1/requests', cookies.citizen, { service: 'akta-kematian',
      answers: {}, documents: {} })
    expect(applied.status).not.toBe(201)
  })
})

describe('a request and a complaint keep the version they were filed against', () => {
  it('shows the officer version 1 after version 2 is published, and files new ones against version 2', async () => {
    const citizen = await registerCitizen('Siti Versi', 'siti-versi@contoh.test')
    const { trackingCode } = await submitSample(citizen, 'akta-kelahiran')
    const filed = await callJson('POST', '/api/v1/complaints', citizen, { kecamatan: 'Gisting',
      service: 'akta-kelahiran', title: 'Akta belum jadi', privacy: 'biasa',
      description: 'Sudah tiga minggu akta kelahiran anak belum jadi, setiap datang disuruh kembali lagi.' },
    { 'idempotency-key': randomUUID() })
    expect(filed.status).toBe(201)

    await publishThroughPages('akta-kelahiran', values => ({ ...values,
      procedure: `${values.procedure}\nPetugas mengirim akta lewat pos bila diminta.` }))

    const request = await (await callJson('GET', `/api/v1/requests/${trackingCode}`, cookies.officer)).json() as
      { serviceVersion: number }
    expect(request.serviceVersion).toBe(1)
    expect(await html(`/petugas/${trackingCode}`, cookies.officer)).toMatch(/Versi layanan: 1\b/)
    const complaintCode = (await filed.json() as { trackingCode: string }).trackingCode
    const complaint = await (await callJson('GET', `/api/v1/complaints/${complaintCode}`, cookies.officer)).json() as
      { service: { version: number } }
    expect(complaint.service.version).toBe(1)

    const later = await submitSample(citizen, 'akta-kelahiran')
    const laterView = await (await callJson('GET', `/api/v1/requests/${later.trackingCode}`, cookies.officer))
      .json() as { serviceVersion: number }
    expect(laterView.serviceVersion).toBe(2)
  })
})
