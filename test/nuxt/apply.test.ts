import { url, useTestContext } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The application pages with JavaScript switched off: every step a form post and a 303 (issue 3). */
const { databaseUrl } = await setupPortal('apply_pages', { UPLOAD_DIR: `.data/test-uploads-apply-${process.pid}`,
  PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64'), UPLOAD_MAX_BYTES: '100000', LOG_LEVEL: '4' })

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const FLOW = '/layanan/akta-kelahiran/ajukan'
const NIK_IBU = '1806014101900001'

const origin = () => new URL(url('/')).origin
/** A browser's form post: url-encoded, naming the page it came from. */
const form = (cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST', body: new URLSearchParams(fields).toString(), redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': origin(), cookie, ...headers },
})
/** A browser's file form post: multipart with the one field `file`. */
function fileForm(cookie: string, bytes: Buffer, name: string) {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(bytes)]), name)
  return { method: 'POST', body, redirect: 'manual' as const, headers: { origin: origin(), cookie } }
}

const answers = {
  'namaAnak': 'Budi Santoso', 'jenisKelaminAnak': 'laki-laki', 'tanggalLahirAnak-hari': '12',
  'tanggalLahirAnak-bulan': '5', 'tanggalLahirAnak-tahun': '2026', 'tempatLahirAnak': 'Tanggamus', 'anakKe': '2',
  'nikIbu': NIK_IBU, 'orangTuaPunyaBukuNikah': 'ya', 'kecamatan': '18.06.01', 'nomorHp': '0812 3456 7890',
}

async function register(email: string): Promise<string> {
  const response = await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Siti Aminah', email, phone: '081233334444', password: 'sawah hijau di pugung' }) })
  return sessionCookie(response)
}

interface RequestJson {
  status: string
  documents: { key: string, upload: { name: string } }[]
  answers: { key: string, value: unknown }[]
}

interface Draft {
  answers: Record<string, unknown>
  documents: Record<string, string>
  files: Record<string, { name: string }>
  step: string
}
const draftOf = async (cookie: string) => {
  const response = await fetch('/api/v1/drafts/akta-kelahiran', { headers: { cookie } })
  return response.status === 404 ? null : await response.json() as Draft
}

let database: Database
let siti: string
let tetangga: string
let officer: string
/** The key the akta kelahiran was sent with. */
let usedKey = ''

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'disdukcapil', name: 'Petugas Capil',
    email: 'petugas@capil.test', password: 'loket tiga dekat jendela' })
  siti = await register('siti@contoh.test')
  tetangga = await register('tetangga@contoh.test')
  const login = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'petugas@capil.test', password: 'loket tiga dekat jendela' }) })
  officer = sessionCookie(login)
})
afterAll(async () => {
  await database?.close()
})

describe('the start of applying', () => {
  it('lists what to have ready and starts the questions; a service without a form says where to apply', async () => {
    const start = await (await fetch(FLOW)).text()
    expect(start).toContain('Kartu Keluarga (KK)')
    expect(start).toContain(`href="${FLOW}/isian"`)
    const other = await (await fetch('/layanan/paspor/ajukan')).text()
    expect(other).not.toContain('/ajukan/isian')
  })

  it('sends someone signed out to sign in and back, on a visit and on a post alike', async () => {
    const visit = await fetch(`${FLOW}/isian`, { redirect: 'manual' })
    expect(visit.status).toBe(303)
    expect(decodeURIComponent(visit.headers.get('location')!)).toBe(`/masuk?lanjut=${FLOW}/isian`)
    const post = await fetch(`${FLOW}/isian`, form('', answers))
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toContain('/masuk?lanjut=')
  })
})

describe('the questions', () => {
  it('come back with what was typed, a summary linking to each field and a message beside it; the draft keeps it',
    async () => {
      const response = await fetch(`${FLOW}/isian`, form(siti, { 'namaAnak': 'Budi', 'nikIbu': '1234',
        'tanggalLahirAnak-hari': '31', 'tanggalLahirAnak-bulan': '2', 'tanggalLahirAnak-tahun': '2026' }))
      expect(response.status).toBe(422)
      const html = await response.text()
      expect(html).toMatch(/class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/)
      for (const key of ['jenisKelaminAnak', 'tanggalLahirAnak', 'nikIbu', 'kecamatan']) {
        expect(html).toContain(`href="#${key}"`)
        expect(html).toContain(`id="${key}-error"`)
      }
      expect(html).toContain('NIK harus 16 angka')
      expect(html).toContain('Tanggal belum benar. Isi hari, bulan dan tahun')
      expect(html).toContain('Jawab pertanyaan ini: Anak ke berapa?')
      expect(html).toContain('value="Budi"')
      expect(html).toMatch(/id="tanggalLahirAnak"[^>]*value="31"|value="31"[^>]*id="tanggalLahirAnak"/)
      expect((await draftOf(siti))?.answers.namaAnak).toBe('Budi')
    })

  it('a date with a box left empty is named as such', async () => {
    const response = await fetch(`${FLOW}/isian`, form(siti, { ...answers, 'tanggalLahirAnak-bulan': '' }))
    expect(response.status).toBe(422)
    expect(await response.text()).toContain('Tanggal harus berisi hari, bulan dan tahun.')
  })

  it('go on to the documents once every answer is right, and show the saved answers when visited again',
    async () => {
      const response = await fetch(`${FLOW}/isian`, form(siti, answers))
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`${FLOW}/dokumen`)
      const draft = await draftOf(siti)
      expect(draft?.answers).toMatchObject({ tanggalLahirAnak: '2026-05-12', nikIbu: NIK_IBU })
      const again = await (await fetch(`${FLOW}/isian`, { headers: { cookie: siti } })).text()
      expect(again).toContain('value="Budi Santoso"')
      expect(again).toMatch(/value="laki-laki"[^>]*checked|checked[^>]*value="laki-laki"/)
    })

  it('refuses a cross-site post and saves nothing', async () => {
    const response = await fetch(`${FLOW}/isian`, form(siti, { ...answers, namaAnak: 'Dari situs lain' },
      { origin: 'https://situs-lain.example' }))
    expect(response.status).toBe(403)
    expect((await draftOf(siti))?.answers.namaAnak).toBe('Budi Santoso')
  })
})

describe('the documents', () => {
  it('take one file per persyaratan through a plain file form, judged by content and size', async () => {
    const refusedType = await fetch(`${FLOW}/dokumen?syarat=kartuKeluarga`, fileForm(siti, Buffer.from('halo'),
      'kk.pdf'))
    expect(refusedType.status).toBe(422)
    expect(await refusedType.text()).toContain('Jenis berkas tidak bisa diterima')
    const tooLarge = await fetch(`${FLOW}/dokumen?syarat=kartuKeluarga`, fileForm(siti,
      Buffer.concat([PDF, Buffer.alloc(150_000, 32)]), 'kk.pdf'))
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.text()).toContain('Berkas terlalu besar')
    expect((await draftOf(siti))?.documents.kartuKeluarga).toBeUndefined()

    const accepted = await fetch(`${FLOW}/dokumen?syarat=kartuKeluarga`, fileForm(siti, PDF, 'kk-siti.pdf'))
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('location')).toBe(`${FLOW}/dokumen#kartuKeluarga`)
    expect((await draftOf(siti))?.files.kartuKeluarga?.name).toBe('kk-siti.pdf')
    expect(await (await fetch(`${FLOW}/dokumen`, { headers: { cookie: siti } })).text()).toContain('kk-siti.pdf')
  })

  it('refuses a persyaratan the form does not have', async () => {
    const response = await fetch(`${FLOW}/dokumen?syarat=bukanSyarat`, fileForm(siti, PDF, 'x.pdf'))
    expect(response.status).toBe(404)
  })

  it('the JSON door takes a file for the draft too, with 201 and its description', async () => {
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(PDF)]), 'lahir.pdf')
    const response = await fetch('/api/v1/drafts/akta-kelahiran/documents/suratKeteranganLahir',
      { method: 'POST', body, headers: { cookie: siti } })
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ name: 'lahir.pdf', type: 'application/pdf' })
  })

  it('do not go on while a required file is missing', async () => {
    const fresh = await register('baru@contoh.test')
    const response = await fetch(`${FLOW}/dokumen`, form(fresh, {}))
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toContain('href="#kartuKeluarga"')
    expect(html).toContain('Unggah Kartu Keluarga (KK).')
    const next = await fetch(`${FLOW}/dokumen`, form(siti, {}))
    expect(next.status).toBe(303)
    expect(next.headers.get('location')).toBe(`${FLOW}/periksa`)
  })
})

describe('checking and sending', () => {
  let trackingCode = ''

  it('shows every answer in words with a Change link back to its page', async () => {
    const html = await (await fetch(`${FLOW}/periksa`, { headers: { cookie: siti } })).text()
    expect(html).toContain('12 Mei 2026')
    expect(html).toContain('Laki-laki')
    expect(html).toContain('Kota Agung')
    expect(html).toContain('kk-siti.pdf')
    expect(html).toContain(`href="${FLOW}/isian?kembali=periksa#namaAnak"`)
    expect(html).toContain(`href="${FLOW}/dokumen?kembali=periksa#kartuKeluarga"`)
    const change = await fetch(`${FLOW}/isian`, form(siti, { ...answers, kembali: 'periksa' }))
    expect(change.headers.get('location')).toBe(`${FLOW}/periksa`)
  })

  it('sends once however often the same page is posted, then confirms with the code and what happens next',
    async () => {
      const html = await (await fetch(`${FLOW}/periksa`, { headers: { cookie: siti } })).text()
      const key = /name="kunci" value="([^"]+)"/.exec(html)![1]!
      usedKey = key
      const posts = await Promise.all([1, 2].map(() => fetch(`${FLOW}/periksa`, form(siti, { kunci: key }))))
      expect(posts.map(post => post.status)).toEqual([303, 303])
      const [first, second] = posts.map(post => post.headers.get('location'))
      expect(first).toMatch(/^\/permohonan\/TGM-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\/terkirim$/)
      expect(second).toBe(first)
      trackingCode = first!.split('/')[2]!
      const mine = await getJsonAs<{ trackingCode: string }[]>('/api/v1/requests', siti)
      expect(mine.filter(request => request.trackingCode === trackingCode)).toHaveLength(1)
      expect(mine).toHaveLength(1)
      expect(await draftOf(siti)).toBeNull()

      const confirmation = await (await fetch(first!, { headers: { cookie: siti } })).text()
      expect(confirmation).toContain('Permohonan terkirim')
      expect(confirmation).toContain(trackingCode)
      expect(confirmation).toContain('Yang terjadi selanjutnya')
      expect(confirmation).toContain('Perkiraan selesai')
      expect(confirmation).not.toContain(NIK_IBU)
    })

  it('lists an unsent draft in Permohonan saya with a link to the step it was left on', async () => {
    await fetch('/layanan/kartu-keluarga/ajukan/isian', form(tetangga, { alasanPermohonan: 'x' }))
    const html = await (await fetch('/permohonan', { headers: { cookie: tetangga } })).text()
    expect(html).toContain('Belum dikirim')
    expect(html).toContain('href="/layanan/kartu-keluarga/ajukan/isian"')
  })

  it('the fix: the officer asks, the citizen re-uploads and corrects with JavaScript off; the NIK stays', async () => {
    const asked = await fetch(`/api/v1/officer/requests/${trackingCode}/actions`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'cookie': officer },
      body: JSON.stringify({ action: 'request_fix', note: 'Foto KK buram, mohon unggah ulang.' }) })
    expect(asked.status).toBe(200)

    const request = await (await fetch(`/permohonan/${trackingCode}`, { headers: { cookie: siti } })).text()
    expect(request).toContain(`href="/permohonan/${trackingCode}/perbaiki"`)
    const page = await (await fetch(`/permohonan/${trackingCode}/perbaiki`, { headers: { cookie: siti } })).text()
    expect(page).toContain('Foto KK buram, mohon unggah ulang.')
    expect(page).not.toContain(NIK_IBU)

    const stranger = await fetch(`/permohonan/${trackingCode}/perbaiki?syarat=kartuKeluarga`,
      fileForm(tetangga, PDF, 'bukan-milik.pdf'))
    expect(stranger.status).toBe(404)
    const strangerJson = await fetch(`/api/v1/requests/${trackingCode}/resubmit`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'cookie': tetangga }, body: JSON.stringify({}) })
    expect(strangerJson.status).toBe(404)

    const reupload = await fetch(`/permohonan/${trackingCode}/perbaiki?syarat=kartuKeluarga`,
      fileForm(siti, PDF, 'kk-jelas.pdf'))
    expect(reupload.status).toBe(303)
    const sent = await fetch(`/permohonan/${trackingCode}/perbaiki`, form(siti, { ...answers, nikIbu: '',
      namaAnak: 'Budi Santoso Putra', catatan: 'Sudah saya foto ulang.' }))
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`/permohonan/${trackingCode}?perbaikan=terkirim`)

    const view = await getJsonAs<RequestJson>(`/api/v1/requests/${trackingCode}`, officer)
    expect(view.status).toBe('dilengkapi')
    expect(view.documents.find(doc => doc.key === 'kartuKeluarga')?.upload.name).toBe('kk-jelas.pdf')
    expect(view.answers.find(answer => answer.key === 'nikIbu')?.value).toBe(NIK_IBU)
    expect(view.answers.find(answer => answer.key === 'namaAnak')?.value).toBe('Budi Santoso Putra')
    const after = await fetch(`/permohonan/${trackingCode}/perbaiki`, { headers: { cookie: siti },
      redirect: 'manual' })
    expect(after.status).toBe(303)
  })
})

async function getJsonAs<T>(path: string, cookie: string): Promise<T> {
  const response = await fetch(path, { headers: { cookie } })
  expect(response.status).toBe(200)
  return await response.json() as T
}

describe('drafts over JSON', () => {
  it('PUT keeps the files when none are sent, GET reads it back, DELETE removes it', async () => {
    const cookie = await register('json@contoh.test')
    const put = await fetch('/api/v1/drafts/akta-kelahiran', { method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'origin': origin() },
      body: JSON.stringify({ answers: { namaAnak: 'Ani' }, step: 'dokumen' }) })
    expect(put.status).toBe(200)
    expect(await draftOf(cookie)).toMatchObject({ answers: { namaAnak: 'Ani' }, step: 'dokumen' })
    const gone = await fetch('/api/v1/drafts/akta-kelahiran', { method: 'DELETE', headers: { cookie } })
    expect(gone.status).toBe(204)
    expect(await draftOf(cookie)).toBeNull()
    expect((await fetch('/api/v1/drafts/akta-kelahiran')).status).toBe(401)
  })
})

describe('what the review found', () => {
  it('bounds numbers and keeps a birth date out of the future', async () => {
    const zero = await fetch(`${FLOW}/isian`, form(siti, { ...answers, anakKe: '0' }))
    expect(await zero.text()).toContain('Paling kecil 1.')
    const huge = await fetch(`${FLOW}/isian`, form(siti, { ...answers, anakKe: '9'.repeat(400) }))
    expect(await huge.text()).toContain('Isi dengan angka.')
    const future = await fetch(`${FLOW}/isian`, form(siti, { ...answers, 'tanggalLahirAnak-tahun': '2030' }))
    expect(future.status).toBe(422)
    expect(await future.text()).toContain('Tanggal ini tidak boleh lewat dari hari ini.')
  })

  it('refuses a NUL character with a plain message and saves nothing', async () => {
    const before = await draftOf(siti)
    const page = await fetch(`${FLOW}/isian`, { ...form(siti, {}), body: 'namaAnak=Budi%00' })
    expect(page.status).toBe(400)
    const api = await fetch('/api/v1/drafts/akta-kelahiran', { method: 'PUT',
      headers: { 'content-type': 'application/json', 'cookie': siti },
      body: JSON.stringify({ answers: { namaAnak: 'Budi\u0000' } }) })
    expect(api.status).toBe(400)
    expect((await api.json() as { message: string }).message).toContain('karakter yang tidak dapat dibaca')
    expect(await draftOf(siti)).toEqual(before)
  })

  it('answers a body of the wrong shape in Bahasa Indonesia', async () => {
    const response = await fetch('/api/v1/requests', { method: 'POST', body: '[]',
      headers: { 'content-type': 'application/json', 'cookie': siti, 'idempotency-key': 'bentuk-salah-0001' } })
    expect(response.status).toBe(400)
    expect((await response.json() as { message: string }).message).not.toMatch(/invalid|expected/i)
  })

  it('keeps personal pages out of caches and refuses to render them for a prefetch', async () => {
    for (const path of ['/permohonan', `${FLOW}/isian`, '/petugas']) {
      const response = await fetch(path, { headers: { cookie: siti }, redirect: 'manual' })
      expect(response.headers.get('cache-control'), path).toBe('no-store')
    }
    expect((await fetch('/layanan/akta-kelahiran')).headers.get('cache-control')).not.toBe('no-store')
    const views = async () => (await database.orm.em.getConnection()
      .execute<{ views: string }[]>('select count(*) as views from personal_data_view'))[0]!.views
    const before = await views()
    const mine = await getJsonAs<{ trackingCode: string }[]>('/api/v1/requests', siti)
    const prefetch = await fetch(`/petugas/${mine[0]!.trackingCode}`, { headers: { 'cookie': officer,
      'sec-purpose': 'prefetch;prerender' } })
    expect(prefetch.status).toBe(503)
    expect(await views()).toBe(before)
  })

  it('answers a reused key, a service without a form and a double first save without a server error', async () => {
    const used = await fetch('/layanan/kartu-keluarga/ajukan/periksa', form(siti, { kunci: usedKey }))
    expect(used.status).toBe(422)
    expect(await used.text()).toContain('href="#kirim"')
    expect((await fetch('/layanan/paspor/ajukan/periksa', form(siti, { kunci: 'layanan-tanpa-formulir' }))).status)
      .toBe(404)
    const fresh = await register('dobel@contoh.test')
    const saves = await Promise.all(Array.from({ length: 6 }, () =>
      fetch('/layanan/ktp-el/ajukan/isian', form(fresh, { alasan: 'baru' }))))
    expect(saves.map(save => save.status).filter(status => status >= 500)).toEqual([])
  })

  it('answers a method a page does not take with 405', async () => {
    expect((await fetch('/permohonan', { method: 'PUT', headers: { origin: origin(), cookie: siti } })).status)
      .toBe(405)
    expect((await fetch('/lacak', form(siti, { kode: 'x' }))).status).toBe(405)
  })
})

describe('the server log of all the above', () => {
  it('holds no NIK, phone number or e-mail address, at the most detailed log level', async () => {
    const log = (useTestContext().serverLogs ?? []).join('\n')
    expect(log).toContain('permohonan submitted')
    for (const secret of [NIK_IBU, '0812 3456 7890', '081234567890', '081233334444', 'siti@contoh.test']) {
      expect(log).not.toContain(secret)
    }
  })
})
