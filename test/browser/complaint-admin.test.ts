import { randomUUID } from 'node:crypto'
import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase } from '../../server/database/orm'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium } from '../support/browser'
import { exif } from '../support/images'
import { registerCitizen, signInAs, uploadFile } from '../support/permohonan'
import { fetch, setupPortal } from '../support/server'

/**
 * Diskominfo's complaint tools in Chromium: every page passes axe-core (WCAG 2.2 A and AA) with and without an error
 * summary, and a phone photo published on /pengaduan still shows, upright, once its metadata is gone.
 */
const { databaseUrl } = await setupPortal('browser_cadmin', {
  UPLOAD_DIR: `.data/test-uploads-browser-cadmin-${process.pid}` })
const ADMIN = { email: 'admin@kominfo.test', password: 'antena di atas menara' }

async function file(cookie: string, complaint: Record<string, unknown>) {
  const response = await fetch('/api/v1/complaints', { method: 'POST', body: JSON.stringify(complaint),
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), cookie } })
  return (await response.json() as { trackingCode: string }).trackingCode
}

/** A JPEG of `width`×`height` drawn by Chromium, with an EXIF block saying "turn a quarter to the right". */
async function turnedJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(([w, h]) => {
    const canvas = document.createElement('canvas')
    Object.assign(canvas, { width: w, height: h })
    const context = canvas.getContext('2d')!
    context.fillStyle = '#0b4f6c'
    context.fillRect(0, 0, w!, h!)
    return canvas.toDataURL('image/jpeg')
  }, [width, height])
  const drawn = Buffer.from(dataUrl.split(',')[1]!, 'base64')
  const app1 = Buffer.concat([Buffer.from([0xFF, 0xE1, 0, 0]), exif(6)])
  app1.writeUInt16BE(app1.length - 2, 2)
  return Buffer.concat([drawn.subarray(0, 2), app1, drawn.subarray(2)])
}

describe.skipIf(browserMissing)(`Diskominfo's complaint tools (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  let page: Page
  let code: string
  let wbs: string

  beforeAll(async () => {
    const database = await openDatabase(databaseUrl)
    await createStaff(database.orm.em.fork(), { role: 'admin', name: 'Admin Kominfo', ...ADMIN })
    await database.close()
    browser = await launchChromium()
    // bypassCSP lets the test inject axe-core into pages whose policy allows no script
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID',
      bypassCSP: true })
    page = await context.newPage()
    await page.goto(url('/'))

    const citizen = await registerCitizen('Sari Warga', 'sari@contoh.test')
    const photo = await uploadFile(citizen, await turnedJpeg(page, 40, 20), 'IMG_0001.jpg')
    code = await file(citizen, { title: 'Blanko KTP habis', kecamatan: 'Gisting', service: 'ktp-el',
      privacy: 'biasa', photos: [photo],
      description: 'Sudah tiga kali datang ke kantor kecamatan, blanko KTP selalu habis. Nomor saya 0812 1111 2222.' })
    wbs = await file(citizen, { channel: 'wbs', title: 'Pungutan di loket', kecamatan: 'Gisting', privacy: 'rahasia',
      description: 'Petugas loket meminta uang tambahan di luar tarif resmi untuk mempercepat berkas.' })
    const [name, value] = (await signInAs(ADMIN.email, ADMIN.password)).split('=') as [string, string]
    await context.addCookies([{ name, value, url: url('/') }])
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows a public photo without its metadata, still decodable and still turned upright', async () => {
    // Signed out: the admin, who may read the complaint, would get the photo as it was sent.
    const visitor = await (await browser.newContext({ viewport: { width: 360, height: 800 } })).newPage()
    await visitor.goto(url('/pengaduan'))
    const href = await visitor.getByRole('link', { name: 'Foto 1' }).getAttribute('href') ?? ''
    const size = await visitor.evaluate(async (src) => {
      const image = new Image()
      image.src = src
      await image.decode()
      return [image.naturalWidth, image.naturalHeight]
    }, href)
    expect(size).toEqual([20, 40])
    const served = await visitor.request.get(url(href))
    expect((await served.body()).toString('latin1')).not.toContain('Samsung')
    await visitor.context().close()
  })

  // Ten pages and three failed posts: longer than the default 30 s on a busy machine.
  it('passes axe-core on every page of the tools, and on a failed post\'s error summary', { timeout: 120_000 },
    async () => {
      const found: string[] = []
      const check = async (label: string) => found.push(...(await axeViolations(page)).map(v => `${label} ${v}`))
      for (const path of [`/admin/pengaduan/${code}`, '/admin/jenis-pengaduan', '/admin/jenis-pengaduan?opd=dishub',
        '/admin/jenis-pengaduan/baru', '/admin/jenis-pengaduan/lampu-jalan', `/petugas/pengaduan/${wbs}`,
        '/petugas/pengaduan?kanal=wbs', `/petugas/pengaduan/${code}`, '/petugas', '/pengaduan']) {
        await page.goto(url(path))
        await check(path)
      }

      await page.goto(url(`/admin/pengaduan/${code}`))
      await page.locator('#description').getByRole('button', { name: 'Simpan teks publik' }).click()
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
      await check('redaction error')
      await page.goto(url(`/petugas/pengaduan/${wbs}`))
      await page.getByRole('button', { name: 'Catat alasan dan baca' }).click()
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
      await check('wbs reason error')
      await page.goto(url('/admin/jenis-pengaduan/baru'))
      await page.getByRole('button', { name: 'Simpan jenis pengaduan' }).click()
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
      await check('type error')
      expect(found).toEqual([])
    })
})
