import { url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { addStaff } from '../support/database'
import { fetch, sessionCookie, setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('account_pages')

/** A browser's form post: it names the page it came from (Origin), as every browser in use does. */
const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST', body: new URLSearchParams(fields).toString(), redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'text/html',
    'origin': new URL(url('/')).origin, ...headers },
})

const dewi = { name: 'Dewi Lestari', email: 'dewi@contoh.test', phone: '0812 9999 0000',
  password: 'ombak besar di tanjung' }

describe('signing up and in with JavaScript switched off', () => {
  it('shows the sign-in and registration forms as plain HTML forms that post to themselves', async () => {
    const signIn = await (await fetch('/masuk')).text()
    expect(signIn).toMatch(/<form[^>]*action="\/masuk"[^>]*method="post"/)
    expect(signIn).toContain('autocomplete="current-password"')
    const register = await (await fetch('/daftar?lanjut=/layanan/akta-kelahiran')).text()
    expect(register).toContain('name="lanjut" value="/layanan/akta-kelahiran"')
  })

  it('registers, signs in with a 303 back to where the citizen was going, and shows their name', async () => {
    const response = await fetch('/daftar', form({ ...dewi, lanjut: '/layanan/akta-kelahiran' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/layanan/akta-kelahiran')
    const cookie = sessionCookie(response)
    expect(await (await fetch('/', { headers: { cookie } })).text()).toContain('Dewi Lestari')
  })

  it('comes back with what was typed (never the password), a summary linking to each field, and messages', async () => {
    const response = await fetch('/daftar', form({ name: '', email: 'dewi-baru@contoh.test', phone: '12',
      password: 'pendek' }))
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toMatch(/class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/)
    for (const field of ['name', 'phone', 'password']) expect(html).toContain(`href="#${field}"`)
    expect(html).toContain('value="dewi-baru@contoh.test"')
    expect(html).toContain('Kata sandi paling sedikit 12 karakter.')
    expect(html).not.toContain('value="pendek"')
    expect(html).toContain('aria-invalid="true"')
  })

  it('answers a wrong password on the sign-in page without saying whether the e-mail exists', async () => {
    const html = await (await fetch('/masuk', form({ email: dewi.email, password: 'salah lagi ya' }))).text()
    expect(html).toContain('E-mail atau kata sandi salah.')
    expect(html).toContain(`value="${dewi.email}"`)
  })

  it('lands staff without a page to go back to on their own desk: the inbox, or the admin\'s start page', async () => {
    const password = 'ombak besar di tanjung'
    await addStaff(databaseUrl, { role: 'head', agencySlug: 'disdukcapil', name: 'Kepala Uji',
      email: 'kepala@masuk.test', password })
    await addStaff(databaseUrl, { role: 'admin', name: 'Admin Uji', email: 'admin@masuk.test', password })
    for (const [email, home] of [['kepala@masuk.test', '/petugas'], ['admin@masuk.test', '/admin'],
      [dewi.email, '/']] as const) {
      const response = await fetch('/masuk', form({ email, password }))
      expect(response.headers.get('location')).toBe(home)
    }
  })

  it('never redirects off the site after signing in', async () => {
    for (const lanjut of ['https://situs-jahat.test', '//situs-jahat.test', '/\\situs-jahat.test',
      '/en//situs-jahat.test/phish', '/en/\\situs-jahat.test']) {
      const response = await fetch('/masuk', form({ email: dewi.email, password: dewi.password, lanjut }))
      expect(response.headers.get('location'), lanjut).toBe('/')
    }
  })

  it('refuses a form posted from another site', async () => {
    const response = await fetch('/masuk', form({ email: dewi.email, password: dewi.password },
      { 'origin': 'http://situs-jahat.test', 'sec-fetch-site': 'cross-site' }))
    expect(response.status).toBe(403)
  })

  it('refuses a form post that names no origin at all', async () => {
    const response = await fetch('/masuk', { ...form({ email: dewi.email, password: dewi.password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(response.status).toBe(403)
  })

  it('refuses an oversized form before reading it all', async () => {
    const response = await fetch('/masuk', form({ email: dewi.email, password: 'a'.repeat(200 * 1024) }))
    expect(response.status).toBe(413)
  })

  it('keeps a destination with non-ASCII characters, encoded, and drops a locale prefix it already has', async () => {
    const plain = await fetch('/masuk', form({ email: dewi.email, password: dewi.password, lanjut: '/cari?q=akta ą' }))
    expect(plain.status).toBe(303)
    expect(plain.headers.get('location')).toBe('/cari?q=akta%20%C4%85')
    const english = await fetch('/en/masuk', form({ email: dewi.email, password: dewi.password, lanjut: '/en/cari' }))
    expect(english.headers.get('location')).toBe('/en/cari')
  })

  it('shows no name in the header for a cookie that was signed out', async () => {
    const login = await fetch('/masuk', form({ email: dewi.email, password: dewi.password }))
    const cookie = sessionCookie(login)
    expect(await (await fetch('/', { headers: { cookie } })).text()).toContain('Dewi Lestari')
    await fetch('/keluar', form({}, { cookie }))
    expect(await (await fetch('/', { headers: { cookie } })).text()).not.toContain('Dewi Lestari')
    expect((await fetch('/api/_auth/session', { headers: { cookie } })).status).toBe(401)
  })

  it('signs out everywhere from the sign-out page', async () => {
    const login = await fetch('/masuk', form({ email: dewi.email, password: dewi.password }))
    const cookie = sessionCookie(login)
    const out = await fetch('/keluar', form({}, { cookie }))
    expect(out.status).toBe(303)
    expect((await fetch('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401)
  })
})
