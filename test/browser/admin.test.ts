import { url } from '@nuxt/test-utils/e2e'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase } from '../../server/database/orm'
import { issueOpen311Key, revokeOpen311Key } from '../../server/open311/keys'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium } from '../support/browser'
import { signInAs } from '../support/permohonan'
import { setupPortal } from '../support/server'

/** Diskominfo's admin pages in Chromium: axe-core and a 320 px phone, with a few audit entries to show. */
const { databaseUrl } = await setupPortal('browser_admin')

const PAGES = ['/admin/audit', '/admin/audit?periksa=1', '/admin/audit?from=2026-13-40&actor=budi',
  '/admin/audit?entityType=open311_key', '/en/admin/audit?periksa=1', '/admin/open311', '/petugas/surel']

describe.skipIf(browserMissing)(`an admin's pages (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  let cookie: { name: string, value: string, url: string }
  let colleague: number
  beforeAll(async () => {
    const database = await openDatabase(databaseUrl)
    try {
      const admin = await createStaff(database.orm.em.fork(), { role: 'admin', name: 'Admin Kominfo',
        email: 'admin@kominfo.test', password: 'mercusuar di tanjung cina' })
      const { id } = await issueOpen311Key(database.orm.em.fork(), admin, 'Aplikasi Lapor Pekon')
      colleague = (await createStaff(database.orm.em.fork(), { role: 'officer', agencySlug: 'disdukcapil',
        name: 'Rina Loket', email: 'rina@capil.test', password: 'perahu layar di teluk semaka' })).id
      await revokeOpen311Key(database.orm.em.fork(), admin, id)
    }
    finally {
      await database.close()
    }
    const [name, value] = (await signInAs('admin@kominfo.test', 'mercusuar di tanjung cina')).split('=') as
      [string, string]
    cookie = { name, value, url: url('/') }
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function phone(width: number) {
    // bypassCSP lets the test inject axe-core into pages whose policy allows no script
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID', bypassCSP: true })
    await context.addCookies([cookie])
    return context.newPage()
  }

  it('axe-core finds no WCAG 2.2 A or AA violation on the audit, Open311 and outbox pages', async () => {
    const page = await phone(360)
    const found: string[] = []
    for (const path of PAGES) {
      await page.goto(url(path))
      found.push(...(await axeViolations(page)).map(violation => `${path} ${violation}`))
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kotak keluar surel')
    await page.context().close()
    expect(found).toEqual([])
  })

  it('needs no sideways scrolling of the page at 320 px (the entries table scrolls in its own box)', async () => {
    const page = await phone(320)
    for (const path of PAGES) {
      await page.goto(url(path))
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320)
    }
    await page.context().close()
  })

  it('asks before deactivating a colleague: the question is axe-clean and its "Ya" button has the focus', async () => {
    const page = await phone(320)
    await page.goto(url(`/admin/akun/${colleague}`))
    await page.getByRole('button', { name: 'Nonaktifkan akun' }).click()
    await page.getByRole('heading', { name: 'Nonaktifkan akun Rina Loket?' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Ya, nonaktifkan')
    expect(await axeViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)

    await page.getByRole('button', { name: 'Ya, nonaktifkan' }).click()
    await page.waitForURL(/berhasil=nonaktifkan/)
    expect(await page.getByRole('button', { name: 'Aktifkan kembali akun' }).count()).toBe(1)
    await page.context().close()
  })
})
