import { url } from '@nuxt/test-utils/e2e'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { publishServiceSnapshot } from '../../server/catalogue/publish'
import { snapshotOf } from '../../server/catalogue/snapshot'
import { ServiceSchema } from '../../server/database/entities/service'
import { openDatabase } from '../../server/database/orm'
import { axeViolations, browserMissing, CHROMIUM_PATH, launchChromium } from '../support/browser'
import { setupPortal } from '../support/server'

/**
 * Issue 6 in a desktop browser: the head of Disdukcapil drafts a change to the persyaratan of Kartu Keluarga and
 * submits it, a Diskominfo admin publishes it, and the public page and /cari show it; axe-core finds no WCAG 2.2 AA
 * violation on the admin pages, the draft form's error state included, and the application form's editor works on
 * a 360 px phone.
 */
const { databaseUrl } = await setupPortal('browser_catalogue')
const HEAD = { email: 'kepala@capil.test', password: 'map biru di rak kedua' }
const ADMIN = { email: 'admin@kominfo.test', password: 'server rack di lantai tiga' }
const REQUIREMENT = 'Surat pengantar kepala pekon Banjar Negeri'

describe.skipIf(browserMissing)(`publishing a catalogue change (Chromium at ${CHROMIUM_PATH})`, () => {
  let browser: Browser
  beforeAll(async () => {
    const database = await openDatabase(databaseUrl)
    await createStaff(database.orm.em.fork(), { role: 'head', agencySlug: 'disdukcapil', name: 'Kepala Capil',
      ...HEAD })
    await createStaff(database.orm.em.fork(), { role: 'admin', name: 'Admin Kominfo', ...ADMIN })
    await database.close()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function signedIn(account: { email: string, password: string }, next: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'id-ID',
      bypassCSP: true })
    const page = await context.newPage()
    await page.goto(url(`/masuk?lanjut=${next}`))
    await page.getByLabel('Alamat e-mail').fill(account.email)
    await page.getByLabel('Kata sandi').fill(account.password)
    await page.getByRole('button', { name: 'Masuk' }).last().click()
    await page.waitForURL(new RegExp(`${next.replace(/\//g, '\\/')}$`))
    return page
  }

  async function noAxeViolations(page: Page) {
    expect(await axeViolations(page), page.url()).toEqual([])
  }

  // Two sign-ins, a dozen pages and an axe pass on each: longer than the default 30 s on a busy machine.
  it('takes a head\'s persyaratan change through review to public page and search', { timeout: 120_000 }, async () => {
    const head = await signedIn(HEAD, '/admin')
    await noAxeViolations(head)
    await head.getByRole('link', { name: /^Layanan/ }).click()
    await head.waitForURL(/\/admin\/layanan$/)
    await noAxeViolations(head)
    await head.getByRole('link', { name: 'Kartu Keluarga', exact: false }).first().click()
    await head.waitForURL(/\/admin\/layanan\/kartu-keluarga$/)
    await noAxeViolations(head)
    await head.getByRole('button', { name: 'Ubah layanan (buat draf)' }).click()
    await head.waitForURL(/\/admin\/draf\/\d+$/)
    await noAxeViolations(head)

    // An empty persyaratan is refused: the error summary takes focus and the rest of what was typed stays.
    const requirements = head.getByLabel('Persyaratan', { exact: true })
    const before = await requirements.inputValue()
    await requirements.fill('')
    await head.getByRole('button', { name: 'Simpan draf' }).click()
    await expect.poll(() => head.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true)
    await noAxeViolations(head)
    await head.getByRole('link', { name: 'Tulis persyaratan, paling sedikit satu baris; satu butir per baris.' })
      .click()
    expect(await head.evaluate(() => location.hash)).toBe('#requirements')

    // Typed and submitted in one press: what was typed is saved first, so nothing is left behind.
    await head.getByLabel('Persyaratan', { exact: true }).fill(`${before}\n${REQUIREMENT}`)
    await head.getByRole('button', { name: 'Simpan dan ajukan untuk ditinjau' }).click()
    await expect.poll(() => head.getByText('Draf diajukan untuk ditinjau.').isVisible()).toBe(true)
    await expect.poll(() => head.getByText(`Ditambah: ${REQUIREMENT}`).isVisible()).toBe(true)
    await noAxeViolations(head)
    await head.context().close()

    const admin = await signedIn(ADMIN, '/admin')
    await noAxeViolations(admin)
    await admin.getByRole('link', { name: '1 draf menunggu tinjauan' }).click()
    await admin.getByRole('link', { name: /Kartu Keluarga/ }).first().click()
    await admin.waitForURL(/\/admin\/draf\/\d+$/)
    await noAxeViolations(admin)
    await admin.getByRole('button', { name: 'Terbitkan sebagai versi baru' }).click()
    await admin.waitForURL(/\/admin\/layanan\/kartu-keluarga\?berhasil=terbit$/)
    await expect.poll(() => admin.getByText('Versi 2 diterbitkan').isVisible()).toBe(true)
    await noAxeViolations(admin)

    await admin.getByRole('link', { name: 'Lihat halaman publik' }).click()
    await expect.poll(() => admin.getByText(REQUIREMENT).isVisible()).toBe(true)
    await admin.goto(url('/cari?q=banjar+negeri'))
    await expect.poll(() => admin.getByRole('link', { name: /Kartu Keluarga/ }).first().isVisible()).toBe(true)
    await admin.context().close()
  })

  it('finds no accessibility violation on the other admin pages', { timeout: 120_000 }, async () => {
    const admin = await signedIn(ADMIN, '/admin')
    for (const path of ['/admin/layanan/baru', '/admin/layanan/kartu-keluarga/versi?dari=1&ke=2',
      '/admin/layanan/kartu-keluarga/versi', '/admin/kategori',
      '/admin/kategori/01.12', '/admin/opd', '/admin/opd/baru', '/admin/opd/disdukcapil', '/admin/akun']) {
      await admin.goto(url(path))
      await noAxeViolations(admin)
    }
    await admin.getByLabel('Nama lengkap').fill('Petugas Baru')
    await admin.getByLabel('E-mail').fill('bukan e-mail')
    await admin.getByRole('button', { name: 'Buat akun' }).click()
    await expect.poll(() => admin.locator('.error-summary').isVisible()).toBe(true)
    await noAxeViolations(admin)
    await admin.getByRole('link', { name: 'Kepala Capil' }).click()
    await admin.waitForURL(/\/admin\/akun\/\d+$/)
    await noAxeViolations(admin)
    await admin.context().close()
  })

  it('lets a head add a question to the application form on a 360 px phone', { timeout: 120_000 }, async () => {
    const head = await signedIn(HEAD, '/admin/layanan/ktp-el', 360)
    await head.getByRole('button', { name: 'Ubah layanan (buat draf)' }).click()
    await head.waitForURL(/\/admin\/draf\/\d+$/)
    await noAxeViolations(head)
    expect(await head.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const field = (name: string) => head.locator(`[id="form.q.5.${name}"]`)
    await expect.poll(() => head.getByRole('group', { name: 'Pertanyaan 6 (baru)' }).isVisible()).toBe(true)

    // One answer choice is refused: the summary links to the choices of that question, and what was typed stays.
    await field('label').fill('Golongan darah')
    await field('type').selectOption({ label: 'Pilihan' })
    await field('options').fill('Golongan A')
    await head.getByRole('button', { name: 'Simpan draf' }).click()
    await expect.poll(() => head.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true)
    await noAxeViolations(head)
    expect(await head.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await head.getByRole('link', { name: 'Pertanyaan 6: pilihan jawaban perlu paling sedikit dua baris.' }).click()
    expect(await head.evaluate(() => location.hash)).toBe('#form.q.5.options')
    expect(await field('label').inputValue()).toBe('Golongan darah')

    await field('options').fill('Golongan A\nGolongan B\nTidak tahu')
    await head.getByRole('button', { name: 'Simpan draf' }).click()
    await expect.poll(() => head.getByText('Perubahan disimpan.').isVisible()).toBe(true)
    expect(await head.locator('[id="form.q.5.label"]').inputValue()).toBe('Golongan darah')
    await expect.poll(() => head.getByRole('group', { name: 'Pertanyaan 6', exact: true }).isVisible()).toBe(true)
    await head.context().close()
  })

  it('offers a draft left behind by a newer version a new draft instead of publishing', { timeout: 120_000 },
    async () => {
      const admin = await signedIn(ADMIN, '/admin/layanan/akta-kematian')
      await admin.getByRole('button', { name: 'Ubah layanan (buat draf)' }).click()
      await admin.waitForURL(/\/admin\/draf\/\d+$/)
      const database = await openDatabase(databaseUrl)
      const em = database.orm.em.fork()
      const service = await em.findOneOrFail(ServiceSchema, { slug: 'akta-kematian' },
        { populate: ['category', 'agency'] })
      await publishServiceSnapshot(em, service, { ...snapshotOf(service), output: 'Akta kematian (versi 2).' }, null)
      await database.close()

      await admin.reload()
      await expect.poll(() => admin.getByRole('heading', { name: 'Layanan ini sudah diterbitkan lagi' }).isVisible())
        .toBe(true)
      expect(await admin.getByRole('button', { name: 'Simpan dan ajukan untuk ditinjau' }).count()).toBe(0)
      expect(await admin.getByRole('button', { name: 'Terbitkan sebagai versi baru' }).count()).toBe(0)
      await noAxeViolations(admin)
      // On a phone the difference tables scroll in their own focusable regions, the error state included.
      await admin.setViewportSize({ width: 320, height: 800 })
      await noAxeViolations(admin)
      await admin.getByLabel('Nama layanan', { exact: true }).fill('')
      await admin.getByRole('button', { name: 'Simpan draf' }).click()
      await expect.poll(() => admin.locator('.error-summary').isVisible()).toBe(true)
      await noAxeViolations(admin)
      await admin.setViewportSize({ width: 1280, height: 900 })
      await admin.getByRole('button', { name: /membawa perubahan draf ini/ }).click()
      await admin.waitForURL(/\/admin\/draf\/\d+\?berhasil=dibawa$/)
      await expect.poll(() => admin.getByRole('button', { name: 'Simpan dan ajukan untuk ditinjau' }).isVisible())
        .toBe(true)
      await noAxeViolations(admin)

      await admin.context().close()
    })
})
