import { crc32, deflateSync } from 'node:zlib'
import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium, phonePage } from '../support/browser'
import { addStaff } from '../support/database'
import { setupPortal } from '../support/server'

/**
 * A pengaduan in a phone's browser (issue 4), at 360×800 and signed out: the reporter files one about rubbish with
 * a photo, picking the OPD the portal suggests; an officer of that OPD answers it in /petugas; the reporter follows
 * it with code and PIN, reads the answer and rates it. axe-core checks each page on the way.
 */
const { databaseUrl } = await setupPortal('browser_complaint', {
  UPLOAD_DIR: `.data/test-uploads-bcomplaint-${process.pid}`,
  PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
})
const OFFICER = { email: 'sampah@dlh.test', password: 'gerobak hijau keliling pasar' }
const ANSWER = 'Sampah sudah diangkut hari ini; truk akan lewat pasar tiap Senin dan Kamis.'

/** A real 8×8 PNG drawn here: green pixels, deflated, each chunk with its CRC. */
function smallPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const framed = Buffer.alloc(body.length + 8)
    framed.writeUInt32BE(data.length, 0)
    body.copy(framed, 4)
    framed.writeUInt32BE(crc32(body), body.length + 4)
    return framed
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(8, 0)
  header.writeUInt32BE(8, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: 8 }, () => Buffer.from([0x00, 0x70, 0x3c]))])
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: 8 }, () => row)))), chunk('IEND', Buffer.alloc(0))])
}

describe.skipIf(browserMissing)(`a pengaduan from a 360 px phone (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  beforeAll(async () => {
    await addStaff(databaseUrl, { role: 'officer', agencySlug: 'dlh', name: 'Yuni Petugas DLH', ...OFFICER })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const phone = (javaScriptEnabled: boolean) => phonePage(browser, javaScriptEnabled)

  /** axe-core runs in the page, so only where JavaScript is on; the JavaScript-off pages are the same HTML. */
  async function checked(page: Page, javaScript: boolean) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(360)
    if (javaScript) expect(await axeViolations(page), page.url()).toEqual([])
  }

  /** The reporter files a complaint about rubbish with one photo; returns the code and PIN shown once. */
  async function file(page: Page, title: string, javaScript: boolean) {
    await page.goto(url('/pengaduan'))
    await checked(page, javaScript)
    await page.getByRole('link', { name: 'Sampaikan pengaduan' }).first().click()
    await page.waitForURL(/\/pengaduan\/baru$/)
    await checked(page, javaScript)

    await page.getByRole('button', { name: 'Simpan dan lanjut ke foto' }).click()
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true)
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true)
    await checked(page, javaScript)

    const asked: string[] = []
    page.on('request', request => asked.push(`${request.method()} ${request.url()}`))
    await page.getByLabel('Judul pengaduan').fill(title)
    await page.getByLabel('Uraian pengaduan').fill('Sampah di pasar Kota Agung tidak diangkut seminggu, bau dan '
      + 'banyak lalat. Pedagang sudah lapor ke kepala pasar.')
    if (javaScript) {
      // Typing is enough: the suggestions arrive without a page load.
      await expect.poll(() => page.getByRole('radio', { name: 'Dinas Lingkungan Hidup' }).isVisible(),
        { timeout: 10_000 }).toBe(true)
      expect(asked.filter(line => line.includes('/api/v1/complaints/suggest'))[0])
        .toBe(`POST ${url('/api/v1/complaints/suggest')}`)
      // The button asks at once, without leaving the page, and takes the reader to what it found.
      await page.getByRole('button', { name: 'Cari OPD yang tepat' }).click()
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('saran-status')
      expect(page.url()).toBe(url('/pengaduan/baru'))
    }
    else {
      await page.getByRole('button', { name: 'Cari OPD yang tepat' }).click()
      await page.waitForURL(/\/pengaduan\/baru#cari-opd$/)
      expect(await page.getByLabel('Judul pengaduan').inputValue()).toBe(title)
    }
    // What was typed never travels in a URL.
    expect(asked.filter(line => line.includes('Sampah') || line.includes('pasar'))).toEqual([])
    await expect.poll(() => page.getByText(/\d OPD disarankan/).isVisible()).toBe(true)
    await checked(page, javaScript)

    await page.getByRole('radio', { name: 'Dinas Lingkungan Hidup' }).check()
    await page.getByLabel('Kecamatan', { exact: true }).selectOption({ label: 'Kota Agung' })
    await page.getByLabel('Pekon atau kelurahan').fill('Pasar Madang')
    await page.getByRole('radio', { name: /^Biasa/ }).check()
    await page.getByRole('button', { name: 'Simpan dan lanjut ke foto' }).click()
    await page.waitForURL(/\/pengaduan\/baru\/[\w-]{43}\/foto$/)
    await checked(page, javaScript)

    await page.getByLabel(/^Pilih foto/).setInputFiles({ name: 'sampah-pasar.png', mimeType: 'image/png',
      buffer: smallPng() })
    await page.getByRole('button', { name: 'Tambahkan foto' }).click()
    await expect.poll(() => page.getByText('sampah-pasar.png').isVisible(), { timeout: 10_000 }).toBe(true)
    await checked(page, javaScript)
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Pengaduan terkirim' }).isVisible()).toBe(true)
    await checked(page, javaScript)
    const [code, pin] = (await page.locator('.panel__code').allTextContents()).map(text => text.trim())
    expect(code).toMatch(/^ADU-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(pin).toMatch(/^\d{8}$/)
    expect(page.url()).not.toContain(pin!)
    return { code: code!, pin: pin! }
  }

  async function answer(title: string, javaScript: boolean) {
    const officer = await phone(javaScript)
    await officer.goto(url('/masuk?lanjut=/petugas/pengaduan'))
    await officer.getByLabel('Alamat e-mail').fill(OFFICER.email)
    await officer.getByLabel('Kata sandi').fill(OFFICER.password)
    await officer.getByRole('button', { name: 'Masuk' }).last().click()
    await officer.waitForURL(/\/petugas\/pengaduan$/)
    await checked(officer, javaScript)
    await officer.getByRole('link', { name: title }).click()
    await officer.waitForURL(/\/petugas\/pengaduan\/ADU-/)
    await checked(officer, javaScript)
    await officer.getByLabel('Jawaban untuk pelapor').fill(ANSWER)
    await officer.getByRole('button', { name: 'Kirim jawaban' }).click()
    await expect.poll(() => officer.getByText('Tindakan tersimpan.').isVisible()).toBe(true)
    await checked(officer, javaScript)
    await officer.context().close()
  }

  for (const javaScript of [false, true]) {
    const title = `Sampah pasar tidak diangkut (JavaScript ${javaScript ? 'on' : 'off'})`
    it(`a reporter without an account files with a photo and follows it to the answer (${title})`,
      { timeout: 90_000 }, async () => {
        const page = await phone(javaScript)
        const { code, pin } = await file(page, title, javaScript)
        await answer(title, javaScript)

        await page.goto(url('/pengaduan/lacak'))
        await checked(page, javaScript)
        await page.getByLabel('Kode pengaduan').fill(code)
        await page.getByLabel('PIN', { exact: true }).fill(pin)
        await page.getByRole('button', { name: 'Lihat pengaduan' }).click()
        await expect.poll(() => page.locator('.answer', { hasText: ANSWER }).isVisible()).toBe(true)
        expect(page.url()).toBe(url('/pengaduan/lacak'))
        await checked(page, javaScript)
        // The reporter's own photo, opened by this browser's PIN post: loaded, so its pixels came back.
        const photo = page.getByRole('img', { name: 'Foto 1 yang Anda kirim, buka ukuran penuh' })
        await expect.poll(() => photo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
          .toBe(8)

        await page.getByRole('radio', { name: '4 – puas' }).check()
        await page.getByLabel(/^Komentar/).fill('Cepat, terima kasih.')
        await page.getByRole('button', { name: 'Kirim penilaian' }).click()
        await expect.poll(() => page.getByText('Terima kasih, penilaian Anda sudah disimpan.').isVisible()).toBe(true)
        expect(await page.getByText('Penilaian Anda: 4 dari 5 (puas).').isVisible()).toBe(true)
        expect(await page.getByText('Komentar Anda: Cepat, terima kasih.').isVisible()).toBe(true)
        expect(await page.getByRole('button', { name: 'Kirim penilaian' }).isVisible()).toBe(false)
        await checked(page, javaScript)

        // Answered and biasa: in public, without the reporter.
        await page.goto(url('/pengaduan'))
        await expect.poll(() => page.getByText(title).first().isVisible()).toBe(true)
        await checked(page, javaScript)
        await page.context().close()
      })
  }
})
