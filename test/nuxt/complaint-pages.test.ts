import { url } from '@nuxt/test-utils/e2e'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The pengaduan pages with JavaScript switched off: text, photos one per post, the PIN once, following (issue 4). */
const { databaseUrl } = await setupPortal('complaint_pages', { UPLOAD_DIR: `.data/test-uploads-cpages-${process.pid}`,
  PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'), UPLOAD_MAX_BYTES: '100000', LOG_LEVEL: '4' })

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.alloc(64, 1)])
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

const origin = () => new URL(url('/')).origin
const form = (cookie: string, fields: Record<string, string>) => ({
  method: 'POST', body: new URLSearchParams(fields).toString(), redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': origin(), cookie },
})
function fileForm(cookie: string, bytes: Buffer, name: string) {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(bytes)]), name)
  return { method: 'POST', body, redirect: 'manual' as const, headers: { origin: origin(), cookie } }
}

const akta = { title: 'Akta anak belum jadi', kecamatan: '18.06.01', privacy: 'rahasia', service: 'akta-kelahiran',
  description: 'Sudah sebulan mengurus akta kelahiran anak, setiap datang disuruh kembali minggu depan.' }

let database: Database
let warga: string
let capil: string
const count = async (table: string) => Number((await database.orm.em.fork().getConnection()
  .execute(`select count(*) as n from "${table}"`))[0]!.n)

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'disdukcapil', name: 'Petugas Capil',
    email: 'capil@uji.test', password: 'meja kayu di ruang tengah' })
  warga = sessionCookie(await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rina Pelapor',
      email: 'rina@contoh.test', phone: '081255556666', password: 'sungai jernih di semaka' }) }))
  capil = sessionCookie(await fetch('/api/v1/auth/login', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'capil@uji.test', password: 'meja kayu di ruang tengah' }) }))
})
afterAll(async () => {
  await database?.close()
})

/** Step 1 posted: the photo page's path. */
async function start(cookie: string, fields: Record<string, string> = akta) {
  const response = await fetch('/pengaduan/baru', form(cookie, fields))
  expect(response.status).toBe(303)
  const location = response.headers.get('location')!
  expect(location).toMatch(/^\/pengaduan\/baru\/[\w-]{43}\/foto$/)
  return location
}

async function answer(code: string, note: string) {
  const response = await fetch(`/api/v1/officer/complaints/${code}/actions`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'cookie': capil },
    body: JSON.stringify({ action: 'answer', note }) })
  expect(response.status).toBe(200)
}

describe('the complaint form', () => {
  it('offers the kecamatan, the three privacy choices explained, and the service it was opened from', async () => {
    const html = await (await fetch('/pengaduan/baru?layanan=akta-kelahiran')).text()
    expect(html).toContain('Kota Agung')
    expect(html).toContain('Biasa: diterbitkan tanpa nama Anda')
    expect(html).toContain('Anonim: identitas Anda juga dirahasiakan dari OPD')
    // What "biasa" publishes, said beside the choice and read with it (aria-describedby).
    expect(html).toMatch(/id="privacy"[^>]*aria-describedby="privacy-item-hint"/)
    expect(html).toContain('Judul, uraian, tempat kejadian, dan jawaban OPD terbuka untuk umum: tampil di halaman '
      + 'Pengaduan (/pengaduan) dan dibagikan ke sistem mitra lewat Open311, tanpa nama dan kontak Anda.')
    expect(html).toContain('disembunyikan dari semua petugas, termasuk OPD')
    expect(html).toContain('name="service" value="akta-kelahiran"')
    // Opened from a service, it already knows its OPD: nothing to suggest.
    expect(html).not.toContain('Cari OPD yang tepat')
    expect(html).not.toContain('/_nuxt/')
  })

  it('refuses bad input with a summary and a message beside each field, and saves nothing', async () => {
    const before = await count('complaint_draft')
    const response = await fetch('/pengaduan/baru', form('', { ...akta, title: 'Akta', kecamatan: 'Atlantis',
      description: 'x'.repeat(4001) }))
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toMatch(/class="error-summary"[^>]*role="alert"/)
    expect(html).toContain('Uraian paling banyak 4.000 huruf.')
    expect(html).toContain('Tuliskan judul pengaduan, paling sedikit 5 huruf.')
    expect(html).toContain('href="#title"')
    const unknown = await (await fetch('/pengaduan/baru', form('', { ...akta, kecamatan: 'Atlantis' }))).text()
    expect(unknown).toContain('Pilih kecamatan di Kabupaten Tanggamus dari daftar.')
    expect(unknown).toContain('value="Akta anak belum jadi"')
    expect(await count('complaint_draft')).toBe(before)
  })
})

describe('suggestions on the form, JavaScript off', () => {
  const roads = { title: 'Jalan dan rambu rusak', kecamatan: 'Kota Agung', privacy: 'biasa',
    description: 'Jalan berlubang dan rambu lalu lintas roboh di depan pasar, sudah sebulan dibiarkan begitu.' }
  const choices = (html: string) => [...html.matchAll(/name="saran" type="radio" value="([^"]+)"/g)].map(m => m[1])
  const routed = async (code: string) => (await database.orm.em.fork().getConnection().execute(`select a.slug,
    c.status from complaint c left join agency a on a.id = c.agency_id where c.tracking_code = ?`, [code]))[0]
  async function send(page: string) {
    const html = await (await fetch(page, form('', {}))).text()
    return /(ADU-[A-Z0-9-]+[A-Z0-9])/.exec(html)![1]!
  }

  it('lists them as choices in the answer to "Cari OPD yang tepat", with what was typed kept', async () => {
    const before = await count('complaint_draft')
    const response = await fetch('/pengaduan/baru', form('', { ...roads, langkah: 'cari' }))
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(choices(html)).toEqual(['dishub', 'dinas-pupr', 'diskopukmperindag', 'verifikasi'])
    expect(html).toContain('Dinas Perhubungan')
    expect(html).toContain('Perhubungan · Usulan dan Laporan Perlengkapan Jalan')
    expect(html).toContain('Tidak ada yang cocok, biar Diskominfo yang menentukan')
    expect(html).toContain('3 OPD disarankan.')
    expect(html).toContain('value="Jalan dan rambu rusak"')
    expect(html).toMatch(/value="biasa" checked/)
    expect(html).not.toMatch(/name="disarankan" value="1" disabled/)
    expect(await count('complaint_draft')).toBe(before)
  })

  it('asks for the title or description first, and says when nothing fits', async () => {
    const empty = await fetch('/pengaduan/baru', form('', { langkah: 'cari' }))
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('href="#description">Tuliskan dulu apa yang ingin Anda adukan.')
    const vague = await (await fetch('/pengaduan/baru', form('', { langkah: 'cari', title: 'Tolong',
      description: 'Mohon diperhatikan, terima kasih.' }))).text()
    expect(vague).toContain('Belum ada OPD yang cocok dengan teks Anda.')
    expect(choices(vague)).toEqual(['verifikasi'])
  })

  it('files to the OPD picked, the second suggestion as well as the first', async () => {
    const page = await start('', { ...roads, disarankan: '1', saran: 'dinas-pupr' })
    expect(await routed(await send(page))).toEqual({ slug: 'dinas-pupr', status: 'didisposisikan' })
  })

  it('leaves the complaint to Diskominfo after "none of these"', async () => {
    const page = await start('', { ...roads, disarankan: '1', saran: 'verifikasi' })
    expect(await routed(await send(page))).toEqual({ slug: null, status: 'diterima' })
  })

  it('asks again, with the suggestions listed, when the OPD picked no longer fits the text', async () => {
    const response = await fetch('/pengaduan/baru', form('', { ...roads, disarankan: '1', saran: 'disdukcapil' }))
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toContain('href="#saran">Saran itu tidak cocok lagi dengan isi pengaduan.')
    expect(choices(html)).toContain('dishub')
  })
})

describe('filing without an account', () => {
  let code = ''
  let pin = ''

  it('takes a photo, refuses a PDF, and shows the code and the PIN once in the answer to the send', async () => {
    const page = await start('')
    const pdf = await fetch(page, fileForm('', PDF, 'surat.pdf'))
    expect(pdf.status).toBe(422)
    expect(await pdf.text()).toContain('Kirim foto JPG atau PNG')
    const photo = await fetch(page, fileForm('', PNG, 'lubang.png'))
    expect(photo.status).toBe(303)
    expect(await (await fetch(page)).text()).toContain('lubang.png')

    const sent = await fetch(page, form('', {}))
    expect(sent.status).toBe(200)
    const html = await sent.text()
    code = /(ADU-[A-Z0-9-]+[A-Z0-9])/.exec(html)![1]!
    pin = /<strong>(\d{8})<\/strong>/.exec(html)![1]!
    expect(html).toContain('PIN hanya ditampilkan sekali ini')
    expect(html).toContain('langsung diteruskan ke OPD')
    expect(sent.headers.get('location')).toBeNull()

    const again = await fetch(page, form('', {}))
    expect(again.status).toBe(404)
    expect(await again.text()).not.toContain(pin)
    const photos = await database.orm.em.fork().getConnection().execute(`select count(*) as n from complaint_photo p
      join complaint c on c.id = p.complaint_id where c.tracking_code = ?`, [code])
    expect(Number(photos[0]!.n)).toBe(1)
  })

  it('cannot attach an upload that is not the draft\'s', async () => {
    const other = await start('')
    const mine = await start('')
    await fetch(other, fileForm('', PNG, 'orang-lain.png'))
    await fetch(mine, form('', {}))
    expect(await count('complaint_draft_photo')).toBeGreaterThanOrEqual(1)
    const html = await (await fetch(mine)).text()
    expect(html).not.toContain('orang-lain.png')
  })

  it('is followed with code and PIN in the body, rated and objected to once', async () => {
    const wrong = await fetch('/pengaduan/lacak', form('', { kode: code, pin: '00000000' }))
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('Kode atau PIN tidak cocok.')

    await answer(code, 'Akta sudah dicetak, silakan ambil di loket 2.')
    const shown = await fetch('/pengaduan/lacak', form('', { kode: code, pin }))
    expect(shown.status).toBe(200)
    const html = await shown.text()
    expect(html).toContain('Akta sudah dicetak, silakan ambil di loket 2.')
    expect(html).toContain(`name="pin" value="${pin}"`)
    expect(html).toMatch(/<dt>Layanan<\/dt>\s*<dd>[^<]*Akta Kelahiran[^<]*<\/dd>/i)
    expect(html).toMatch(/<dt>Kategori<\/dt>\s*<dd>[^<]+<\/dd>/)
    expect(html).toContain('alt="Foto 1 yang Anda kirim, buka ukuran penuh"')
    expect(html).not.toContain('Ubah penilaian')
    expect(html).toContain('name="tindakan" value="nilai"')

    // The photo opens for the browser that gave the PIN, with no PIN in its URL; a stranger gets 404.
    const photo = new RegExp(`href="(/api/v1/complaints/${code}/photos/[0-9a-f-]{36})"`).exec(html)![1]!
    const granted = sessionCookie(shown)
    expect(granted).toBeTruthy()
    expect(photo).not.toContain(pin)
    const opened = await fetch(photo, { headers: { cookie: granted } })
    expect(opened.status).toBe(200)
    expect(opened.headers.get('cache-control')).toBe('private, no-store')
    expect((await fetch(photo)).status).toBe(404)
    expect((await fetch(photo, { headers: { cookie: warga } })).status).toBe(404)

    const objected = await fetch('/pengaduan/lacak', form('', { kode: code, pin, tindakan: 'keberatan',
      alasan: 'Saya sudah ke loket 2, aktanya belum ada.' }))
    expect(objected.status).toBe(200)
    expect(await objected.text()).toContain('Keberatan Anda sudah dikirim')
    const twice = await (await fetch('/pengaduan/lacak', form('', { kode: code, pin }))).text()
    expect(twice).not.toContain('name="tindakan" value="keberatan"')

    await answer(code, 'Maaf, akta sudah ada di loket 2 sekarang.')
    const rated = await fetch('/pengaduan/lacak', form('', { kode: code, pin, tindakan: 'nilai', nilai: '4',
      komentar: 'Terima kasih' }))
    expect(rated.status).toBe(200)
    const after = await rated.text()
    expect(after).toContain('Penilaian Anda: 4 dari 5 (puas).')
    expect(after).toContain('Komentar Anda: Terima kasih')
    // The form gives way to the rating given; correcting it stays possible behind "Ubah penilaian".
    expect(after).toMatch(/<details class="rate-again"><summary>\s*Ubah penilaian/)
    expect(after).not.toContain('<div class="rate-again">')
  })
})

describe('the map point', () => {
  it('refuses a point it cannot read, or one outside Tanggamus, keeping what was typed and saving nothing',
    async () => {
      const before = await count('complaint_draft')
      const unreadable = await fetch('/pengaduan/baru', form('', { ...akta, titik: 'di depan masjid' }))
      expect(unreadable.status).toBe(422)
      const html = await unreadable.text()
      expect(html).toContain('Tulis titik lokasi sebagai dua angka')
      expect(html).toContain('href="#titik"')
      expect(html).toContain('value="di depan masjid"')
      const jakarta = await (await fetch('/pengaduan/baru', form('', { ...akta, titik: '-6.2000, 106.8166' }))).text()
      expect(jakarta).toContain('Titik peta berada di luar Kabupaten Tanggamus.')
      expect(await count('complaint_draft')).toBe(before)
    })

  it('keeps a point copied from a phone\'s map and shows it to the OPD with a link to a map', async () => {
    const page = await start(warga, { ...akta, titik: '-5.4893, 104.6237' })
    const html = await (await fetch(page, form(warga, {}))).text()
    const code = /(ADU-[A-Z0-9-]+[A-Z0-9])/.exec(html)![1]!
    const desk = await (await fetch(`/petugas/pengaduan/${code}`, { headers: { cookie: capil } })).text()
    expect(desk).toContain('-5.4893, 104.6237')
    expect(desk).toContain('https://www.openstreetmap.org/?mlat=-5.4893&amp;mlon=104.6237')
  })
})

describe('filing with an account', () => {
  it('files without a PIN and lists the complaint on the follow page', async () => {
    const page = await start(warga, { ...akta, privacy: 'biasa' })
    expect((await fetch(page, fileForm(warga, PNG, 'antrean.png'))).status).toBe(303)
    const sent = await fetch(page, form(warga, {}))
    expect(sent.status).toBe(200)
    const html = await sent.text()
    expect(html).not.toContain('PIN hanya ditampilkan')
    const code = /(ADU-[A-Z0-9-]+[A-Z0-9])/.exec(html)![1]!
    const list = await (await fetch('/pengaduan/lacak', { headers: { cookie: warga } })).text()
    expect(list).toContain(code)
    const one = await (await fetch(`/pengaduan/lacak?kode=${code}`, { headers: { cookie: warga } })).text()
    expect(one).toContain('Akta anak belum jadi')
    expect(await (await fetch(page, { headers: { cookie: '' } })).text()).toContain('Mulai pengaduan baru')
  })

  it('keeps a signed-in reporter\'s draft from anyone else', async () => {
    const page = await start(warga)
    const stranger = await fetch(page, fileForm('', PNG, 'x.png'))
    expect(stranger.status).toBe(404)
  })
})
