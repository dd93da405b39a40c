import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Locator, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium } from '../support/browser'
import { setupPortal } from '../support/server'

/**
 * Search as you type on a 360 px phone: /js/cari.js turns the search form of / and /cari into a WAI-ARIA 1.2
 * combobox. The pages keep their Content-Security-Policy here (no bypass), except where axe-core is injected.
 */
await setupPortal('browser_search')

const isSearch = (request: Request) => new URL(request.url()).pathname === '/api/v1/search'
/** The combobox's live region (the /cari page has a status of its own for its results). */
const announced = (page: Page) => page.locator('form[role=search] [role=status]').innerText()

interface PhoneOptions { javaScriptEnabled?: boolean, bypassCSP?: boolean, hasTouch?: boolean }

describe.skipIf(browserMissing)(`search as you type on a 360 px phone (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function phone(options: PhoneOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID', ...options })
    return context.newPage()
  }

  /** The page with its search field enhanced (the script runs after the HTML has loaded). */
  async function searchPage(path: string, options?: { bypassCSP?: boolean }) {
    const page = await phone(options)
    await page.goto(url(path))
    const field = page.getByRole('combobox', { name: 'Cari layanan' })
    await expect.poll(() => field.count()).toBe(1)
    return { page, field, listbox: page.getByRole('listbox', { name: 'Saran layanan' }) }
  }

  const optionIds = (listbox: Locator) => listbox.getByRole('option').evaluateAll(all => all.map(o => o.id))

  it('suggests services with their category and OPD as the citizen types, once per pause', async () => {
    const { page, field, listbox } = await searchPage('/')
    const requests: string[] = []
    page.on('request', (request) => {
      if (isSearch(request)) requests.push(request.url())
    })

    // Fourteen keystrokes in one burst, each an input event as typing makes it: no pause between them however busy
    // the machine is, so the script must ask once, after the last.
    await field.focus()
    await page.evaluate((text) => {
      const input = document.activeElement as HTMLInputElement
      for (let i = 1; i <= text.length; i++) {
        input.value = text.slice(0, i)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }
    }, 'akta kelahiran')
    await expect.poll(() => listbox.isVisible()).toBe(true)
    const options = listbox.getByRole('option')
    expect(await options.count()).toBeGreaterThan(0)
    expect(await options.count()).toBeLessThanOrEqual(8)
    const first = await options.first().innerText()
    expect(first).toContain('Akta Kelahiran')
    expect(first).toContain('Administrasi Kependudukan')
    expect(first).toContain('Dinas Kependudukan dan Pencatatan Sipil')
    expect(await field.getAttribute('aria-expanded')).toBe('true')
    expect(await field.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'))
    expect(await announced(page)).toMatch(/^\d+ saran layanan\. Pilih dengan tombol panah/)
    expect(requests).toHaveLength(1)
    expect(new URL(requests[0]!).searchParams.get('q')).toBe('akta kelahiran')
    expect(new URL(requests.at(-1)!).searchParams.get('limit')).toBe('8')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.context().close()
  })

  it('moves aria-activedescendant with the arrow keys and opens the chosen service with Enter', async () => {
    const { page, field, listbox } = await searchPage('/')
    await field.pressSequentially('akta', { delay: 30 })
    await expect.poll(() => listbox.isVisible()).toBe(true)
    const ids = await optionIds(listbox)
    expect(ids.length).toBeGreaterThan(2)
    expect(await field.getAttribute('aria-activedescendant')).toBeNull()

    await field.press('ArrowDown')
    expect(await field.getAttribute('aria-activedescendant')).toBe(ids[0])
    expect(await page.locator(`#${ids[0]}`).getAttribute('aria-selected')).toBe('true')
    await field.press('ArrowDown')
    expect(await field.getAttribute('aria-activedescendant')).toBe(ids[1])
    expect(await page.locator(`#${ids[0]}`).getAttribute('aria-selected')).toBe('false')
    await field.press('ArrowUp')
    await field.press('ArrowUp')
    expect(await field.getAttribute('aria-activedescendant'), 'Up on the first wraps to the last').toBe(ids.at(-1))
    await field.press('ArrowDown')
    expect(await field.getAttribute('aria-activedescendant'), 'Down on the last wraps to the first').toBe(ids[0])
    // The field keeps the focus all along: the option is only pointed at.
    expect(await field.evaluate(element => element === document.activeElement)).toBe(true)

    const chosen = (await page.locator(`#${ids[0]} .suggest__name`).innerText()).trim()
    await field.press('Enter')
    await page.waitForURL(/\/layanan\/[a-z0-9-]+$/)
    expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe(chosen)
    await page.context().close()
  })

  it('closes with Escape, keeping what was typed', async () => {
    const { page, field, listbox } = await searchPage('/')
    await field.pressSequentially('ktp', { delay: 30 })
    await expect.poll(() => listbox.isVisible()).toBe(true)
    await field.press('ArrowDown')

    await field.press('Escape')
    expect(await listbox.isVisible()).toBe(false)
    expect(await field.getAttribute('aria-expanded')).toBe('false')
    expect(await field.getAttribute('aria-activedescendant')).toBeNull()
    expect(await field.inputValue()).toBe('ktp')
    // Down opens the list again, on the first suggestion.
    await field.press('ArrowDown')
    expect(await listbox.isVisible()).toBe(true)
    expect(await field.getAttribute('aria-activedescendant')).toBe((await optionIds(listbox))[0])
    await page.context().close()
  })

  it('searches on /cari as before when Enter is pressed without choosing a suggestion', async () => {
    const { page, field, listbox } = await searchPage('/cari?q=ktp')
    await field.fill('')
    await field.pressSequentially('akta lahir', { delay: 30 })
    await expect.poll(() => listbox.isVisible()).toBe(true)

    await field.press('Enter')
    await page.waitForURL(/\/cari\?q=akta(\+|%20)lahir$/)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('akta lahir')
    await page.context().close()
  })

  it('never lets a late answer replace the suggestions for newer typing, and cancels the stale request', async () => {
    const { page, field, listbox } = await searchPage('/')
    const failed: string[] = []
    page.on('requestfailed', (request) => {
      const q = new URL(request.url()).searchParams.get('q')
      if (isSearch(request)) failed.push(`${q} ${request.failure()?.errorText}`)
    })
    let heldBack!: () => void
    const released = new Promise<void>(resolve => heldBack = resolve)
    // The answer for "akta" is held back until the answer for "ktp" is on screen, then sent as an impossible hit.
    await page.route(address => address.pathname === '/api/v1/search', async (route) => {
      if (new URL(route.request().url()).searchParams.get('q') !== 'akta') return route.continue()
      await released
      await route.fulfill({ json: { engine: 'postgres', total: 1, facets: { category: {}, agency: {} },
        suggestion: null, hits: [{ slug: 'jawaban-lama', name: 'Jawaban lama', category: { code: '01.01',
          name: 'Kategori lama' }, agency: { slug: 'opd-lama', name: 'OPD lama' } }] } }).catch(() => {})
    })

    const stale = page.waitForRequest(request => isSearch(request) && request.url().includes('q=akta'))
    await field.pressSequentially('akta', { delay: 30 })
    await stale
    await field.fill('')
    await field.pressSequentially('ktp', { delay: 30 })
    await expect.poll(() => listbox.getByRole('option').first().innerText()).toMatch(/KTP/i)
    heldBack()
    await expect.poll(() => failed).toEqual(['akta net::ERR_ABORTED'])
    await page.waitForTimeout(300)
    expect(await listbox.innerText()).not.toContain('Jawaban lama')
    expect(await listbox.getByRole('option').first().innerText()).toMatch(/KTP/i)
    await page.context().close()
  })

  it('opens a suggestion on a tap, and speaks English under /en', async () => {
    const page = await phone({ hasTouch: true })
    await page.goto(url('/en'))
    const field = page.getByRole('combobox', { name: 'Search services' })
    await expect.poll(() => field.count()).toBe(1)
    await field.pressSequentially('akta kelahiran', { delay: 30 })
    const listbox = page.getByRole('listbox', { name: 'Suggested services' })
    await expect.poll(() => listbox.isVisible()).toBe(true)
    expect(await announced(page)).toMatch(/^\d+ suggested services?\. Use the up and down/)

    await listbox.getByRole('option', { name: /^Akta Kelahiran/ }).first().tap()
    await page.waitForURL(/\/en\/layanan\/akta-kelahiran$/)
    await page.context().close()
  })

  it('without JavaScript the field is a plain search box whose form goes to /cari', async () => {
    const page = await phone({ javaScriptEnabled: false })
    await page.goto(url('/'))
    expect(await page.getByRole('combobox').count()).toBe(0)
    await page.getByRole('searchbox', { name: 'Cari layanan' }).fill('akta kelahiran')
    await page.getByRole('searchbox', { name: 'Cari layanan' }).press('Enter')
    await page.waitForURL(/\/cari\?q=akta(\+|%20)kelahiran$/)
    await expect.poll(() => page.getByRole('link', { name: /^Akta Kelahiran/ }).first().isVisible()).toBe(true)
    await page.context().close()
  })

  it('axe-core finds no WCAG 2.2 A or AA violation with the suggestions open, on / and /cari', async () => {
    for (const path of ['/', '/cari?q=ktp']) {
      // bypassCSP lets the test inject axe-core; the script itself was checked under the real policy above.
      const { page, field, listbox } = await searchPage(path, { bypassCSP: true })
      await field.fill('')
      await field.pressSequentially('akta', { delay: 30 })
      await expect.poll(() => listbox.isVisible()).toBe(true)
      await field.press('ArrowDown')
      expect(await axeViolations(page), path).toEqual([])
      await page.context().close()
    }
  })
})
