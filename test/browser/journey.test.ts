import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium, phonePage } from '../support/browser'
import { addStaff } from '../support/database'
import { registerCitizen, signInAs, submitSample } from '../support/permohonan'
import { setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('browser', { UPLOAD_DIR: `.data/test-uploads-browser-${process.pid}` })

/** A head's session cookie and a request of their OPD, for the staff pages. */
let officer: Promise<{ trackingCode: string, cookie: { name: string, value: string, url: string } }> | undefined
const officerWithRequest = () => officer ??= (async () => {
  await addStaff(databaseUrl, { role: 'head', agencySlug: 'disdukcapil', name: 'Kepala Uji',
    email: 'kepala@capil.test', password: 'teluk semaka pagi hari' })
  const { trackingCode } = await submitSample(await registerCitizen('Warga Uji', 'warga@contoh.test'))
  const cookie = await signInAs('kepala@capil.test', 'teluk semaka pagi hari')
  const [name, value] = cookie.split('=') as [string, string]
  return { trackingCode, cookie: { name, value, url: url('/') } }
})()

/** The officer's pages, seen signed in as that head. */
async function officerPages(page: Page) {
  const { trackingCode, cookie } = await officerWithRequest()
  await page.context().addCookies([cookie])
  return ['/petugas', `/petugas/${trackingCode}`]
}

describe.skipIf(browserMissing)(`a citizen on a 360 px phone (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const phone = (javaScriptEnabled: boolean, width = 360) => phonePage(browser, javaScriptEnabled, width)

  for (const javaScriptEnabled of [true, false]) {
    it(`finds the akta kelahiran and reads its persyaratan (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`,
      async () => {
        const page = await phone(javaScriptEnabled)
        await page.goto(url('/'))
        await page.getByLabel('Cari layanan').fill('akta kelahiran')
        await page.getByRole('button', { name: 'Cari' }).click()
        await page.waitForURL(/\/cari\?q=akta/)
        await page.getByRole('link', { name: /^Akta Kelahiran/ }).first().click()
        await page.waitForURL(/\/layanan\/akta-kelahiran$/)
        await expect.poll(() => page.getByRole('heading', { name: 'Persyaratan' }).isVisible()).toBe(true)
        const requirements = page.locator('#persyaratan + ul li')
        expect(await requirements.count()).toBeGreaterThan(0)
        expect(await requirements.first().isVisible()).toBe(true)
        await page.context().close()
      })
  }

  const pages = ['/', '/kategori/01.12', '/layanan/akta-kelahiran', '/opd/disdukcapil', '/cari?q=ktp', '/masuk',
    '/daftar', '/keluar', '/cari?q=zzqx', '/layanan/akta-kelahiran/ajukan', '/pengaduan/baru',
    '/en/layanan/akta-kelahiran', '/lacak', '/lacak?kode=TGM-2222-2222-2222', '/tidak-ada']

  // Seventeen pages through axe-core: near the default 30 s alone, past it on a machine busy with other work.
  it('axe-core finds no WCAG 2.2 A or AA violation on any citizen page, nor on the officer\'s pages',
    { timeout: 120_000 }, async () => {
      const page = await phone(true)
      const found: string[] = []
      for (const path of [...pages, ...await officerPages(page)]) {
        await page.goto(url(path))
        const violations = await axeViolations(page)
        found.push(...violations.map(v => `${path} ${v}`))
      }
      expect(await page.getByRole('heading', { name: 'Tindakan' }).count()).toBe(1)
      await page.context().close()
      expect(found).toEqual([])
    })

  it('axe-core finds no violation on the open data page, and it needs no sideways scrolling at 320 px', async () => {
    const page = await phone(true, 320)
    await page.goto(url('/data'))
    expect(await axeViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
    await page.context().close()
  })

  it('needs no sideways scrolling at 320 px', async () => {
    const page = await phone(true, 320)
    for (const path of [...pages, ...await officerPages(page)]) {
      await page.goto(url(path))
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(overflow, path).toBeLessThanOrEqual(320)
    }
    await page.context().close()
  })
})
