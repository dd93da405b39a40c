import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium, phonePage } from '../support/browser'
import { addStaff } from '../support/database'
import { setupPortal } from '../support/server'

/**
 * The whole of issue 3 in a phone's browser: a citizen applies for an akta kelahiran at 360×800 with a PDF, an
 * officer of Disdukcapil completes it with the output document, and the citizen sees "Selesai".
 */
const { databaseUrl } = await setupPortal('browser_apply', { UPLOAD_DIR: `.data/test-uploads-browser-${process.pid}`,
  PERSONAL_DATA_KEY: Buffer.alloc(32, 5).toString('base64') })
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const OFFICER = { email: 'loket@capil.test', password: 'stempel biru di laci atas' }

describe.skipIf(browserMissing)(`applying from a 360 px phone (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  beforeAll(async () => {
    await addStaff(databaseUrl, { role: 'officer', agencySlug: 'disdukcapil', name: 'Rahmat Petugas', ...OFFICER })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const phone = (javaScriptEnabled: boolean) => phonePage(browser, javaScriptEnabled)

  /** axe-core runs in the page, so only where JavaScript is on; the JavaScript-off pages are the same HTML. */
  async function noAxeViolations(page: Page, javaScript: boolean) {
    if (javaScript) expect(await axeViolations(page), page.url()).toEqual([])
  }

  /** A citizen registers on the way and applies; returns the tracking code from the confirmation. */
  async function apply(page: Page, email: string, javaScript: boolean): Promise<string> {
    await page.goto(url('/layanan/akta-kelahiran'))
    await page.getByRole('link', { name: 'Ajukan permohonan' }).click()
    await noAxeViolations(page, javaScript)
    await page.getByRole('link', { name: 'Mulai' }).click()
    await page.waitForURL(/\/masuk\?lanjut=/)
    await page.getByRole('link', { name: 'Buat akun' }).last().click()
    await page.getByLabel('Nama lengkap').fill('Siti Aminah')
    await page.getByLabel('Alamat e-mail').fill(email)
    await page.getByLabel('Nomor HP').fill('0812 3456 7890')
    await page.getByLabel('Kata sandi').fill('sawah hijau di pugung')
    await page.getByRole('button', { name: 'Buat akun' }).click()
    await page.waitForURL(/\/ajukan\/isian$/)

    await page.getByRole('button', { name: 'Simpan dan lanjutkan' }).click()
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true)
    // autofocus is applied once the page has loaded: polled, not read at once
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true)
    await noAxeViolations(page, javaScript)

    await page.getByLabel('Nama lengkap anak').fill('Budi Santoso')
    await page.getByRole('radio', { name: 'Laki-laki' }).check()
    await page.getByLabel('Hari').fill('12')
    await page.getByLabel('Bulan').fill('5')
    await page.getByLabel('Tahun').fill('2026')
    await page.getByLabel('Tempat lahir anak').fill('Tanggamus')
    await page.getByLabel('Anak ke berapa?').fill('2')
    await page.getByLabel('NIK ibu').fill('1806014101900001')
    await page.getByRole('radio', { name: 'Ya' }).check()
    await page.getByLabel('Kecamatan tempat tinggal').selectOption({ label: 'Kota Agung' })
    await page.getByLabel('Nomor HP yang bisa dihubungi').fill('0812 3456 7890')
    await page.getByRole('button', { name: 'Simpan dan lanjutkan' }).click()
    await page.waitForURL(/\/ajukan\/dokumen/)
    await noAxeViolations(page, javaScript)

    await page.locator('#kartuKeluarga').setInputFiles({ name: 'kk-siti.pdf', mimeType: 'application/pdf',
      buffer: PDF })
    // With JavaScript the file goes to the JSON door with a progress bar; without, the form posts to the page.
    const sent = page.waitForRequest(request => request.method() === 'POST' && request.url().includes(javaScript
      ? '/api/v1/drafts/akta-kelahiran/documents/kartuKeluarga'
      : '/ajukan/dokumen?syarat=kartuKeluarga'))
    await page.locator('form:has(#kartuKeluarga) button').click()
    await sent
    await expect.poll(() => page.getByText('kk-siti.pdf').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByRole('button', { name: 'Lanjutkan' }).click()
    await page.waitForURL(/\/ajukan\/periksa$/)
    await expect.poll(() => page.getByText('12 Mei 2026').isVisible()).toBe(true)
    await noAxeViolations(page, javaScript)
    await page.getByRole('button', { name: 'Kirim permohonan' }).click()
    await page.waitForURL(/\/terkirim$/)
    await noAxeViolations(page, javaScript)
    const code = (await page.locator('.panel__code').textContent())!.trim()
    expect(code).toMatch(/^TGM-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    return code
  }

  for (const javaScript of [false, true]) {
    const title = `a citizen applies for an akta kelahiran with a PDF (JavaScript ${javaScript ? 'on' : 'off'})`
    it(title, { timeout: 60_000 }, async () => {
      const page = await phone(javaScript)
      const code = await apply(page, `siti-${javaScript ? 'js' : 'nojs'}@contoh.test`, javaScript)
      await page.getByRole('link', { name: 'Lihat perkembangan permohonan ini' }).click()
      await expect.poll(() => page.getByText('Diajukan', { exact: true }).first().isVisible()).toBe(true)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

      const officer = await phone(javaScript)
      await officer.goto(url('/masuk?lanjut=/petugas'))
      await officer.getByLabel('Alamat e-mail').fill(OFFICER.email)
      await officer.getByLabel('Kata sandi').fill(OFFICER.password)
      await officer.getByRole('button', { name: 'Masuk' }).last().click()
      await officer.waitForURL(/\/petugas$/)
      await officer.getByRole('link', { name: code }).click()
      await officer.waitForURL(new RegExp(`/petugas/${code}$`))
      await noAxeViolations(officer, javaScript)
      await expect.poll(() => officer.getByText('1806014101900001').isVisible()).toBe(true)
      await officer.getByRole('button', { name: 'Verifikasi permohonan' }).click()
      await expect.poll(() => officer.getByText('Permohonan diverifikasi.').isVisible()).toBe(true)
      await officer.getByRole('button', { name: 'Mulai proses' }).click()
      await expect.poll(() => officer.getByText('Permohonan mulai diproses.').isVisible()).toBe(true)
      await officer.getByLabel(/^Dokumen hasil/).setInputFiles({ name: 'akta-budi.pdf', mimeType: 'application/pdf',
        buffer: PDF })
      await officer.getByRole('button', { name: 'Unggah dan selesaikan' }).click()
      await expect.poll(() => officer.getByText('Permohonan selesai.').isVisible()).toBe(true)
      await officer.context().close()

      await page.reload()
      await expect.poll(() => page.getByText('Selesai', { exact: true }).first().isVisible()).toBe(true)
      const output = page.getByRole('link', { name: 'unduh dokumen hasil' })
      const download = await page.context().request.get(url(await output.getAttribute('href') ?? ''))
      expect(download.status()).toBe(200)
      expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-')
      await page.context().close()
    })
  }
})
