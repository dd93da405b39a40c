import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../server/database/orm'
import { callJson, cookiesForEveryRole, getPage, postForm, type Cookies } from '../support/admin'
import { signInAs } from '../support/permohonan'
import { getJson, setupPortal } from '../support/server'

/**
 * Issue 6: the admin editors of the RAL categories, the OPDs and the staff accounts, through their pages (JavaScript
 * off) and their JSON doors; what they change shows on the public pages.
 */
const { databaseUrl } = await setupPortal('admin_directory')

let database: Database
let cookies: Cookies

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  cookies = await cookiesForEveryRole(database, 'direktori')
})
afterAll(async () => {
  await database?.close()
})

interface CategoryJson {
  description: string
  agencies: { slug: string }[]
}

describe('RAL categories', () => {
  it('changes a description and the OPDs in order, shown on the public category', async () => {
    const response = await postForm('/admin/kategori/01.23', cookies.admin, {
      description: 'Layanan perpustakaan daerah, termasuk perpustakaan keliling ke pekon.',
      agencies: 'dispusip\ndisdik\n' })
    expect(response.status).toBe(303)
    const category = await getJson<CategoryJson>('/api/v1/categories/01.23')
    expect(category.description).toBe('Layanan perpustakaan daerah, termasuk perpustakaan keliling ke pekon.')
    expect(category.agencies.map(agency => agency.slug)).toEqual(['dispusip', 'disdik'])
  })

  it('names an unknown OPD by its line, keeps what was typed, and never changes a code', async () => {
    const before = await getJson<CategoryJson>('/api/v1/categories/01.12')
    const response = await postForm('/admin/kategori/01.12', cookies.admin, { description: 'Uraian baru yang diketik.',
      agencies: 'disdukcapil\ndinas-tidak-ada' })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('Baris 2: OPD &quot;dinas-tidak-ada&quot; tidak dikenal')
    expect(page).toContain('href="#agencies"')
    expect(page).toContain('Uraian baru yang diketik.')
    expect(await getJson<CategoryJson>('/api/v1/categories/01.12')).toEqual(before)
    expect((await callJson('PUT', '/api/v1/admin/categories/09.99', cookies.admin, { description: 'xxx',
      agencies: ['disdukcapil'] })).status).toBe(404)
  })
})

describe('OPDs', () => {
  it('creates an OPD with its contacts and opening hours, shown on its public page', async () => {
    const created = await postForm('/admin/opd/baru', cookies.admin, { slug: 'uptd-samsat-kota-agung',
      name: 'UPTD Pelayanan Terpadu Kota Agung', shortName: 'UPTD Kota Agung',
      address: 'Jl. Merdeka No. 1, Kota Agung', phone: '0722 21000', email: 'uptd@tanggamus.go.id', website: '',
      openingHours: 'Senin–Jumat 08.00–15.00 WIB' })
    expect(created.headers.get('location')).toBe('/admin/opd/uptd-samsat-kota-agung?berhasil=dibuat')
    const page = await (await getPage('/opd/uptd-samsat-kota-agung', '')).text()
    expect(page).toContain('Jl. Merdeka No. 1, Kota Agung')
    expect(page).toContain('Senin–Jumat 08.00–15.00 WIB')

    const taken = await postForm('/admin/opd/baru', cookies.admin, { slug: 'disdukcapil', name: 'Dinas Lain',
      shortName: 'Lain', email: 'bukan-email' })
    expect(taken.status).toBe(422)
    const refused = await taken.text()
    expect(refused).toContain('href="#email"')
    expect(refused).toContain('Dinas Lain')
  })

  it('renames an OPD and search follows; deactivates one only once nothing depends on it', async () => {
    const details = await (await callJson('GET', '/api/v1/admin/agencies/dinkes', cookies.admin)).json() as
      Record<string, unknown>
    const renamed = await callJson('PUT', '/api/v1/admin/agencies/dinkes', cookies.admin, { ...details,
      shortName: 'Dinas Kesehatan Tanggamus', openingHours: 'Senin–Kamis 07.30–16.00' })
    expect(renamed.status).toBe(200)
    const search = await getJson<{ hits: { agency: { slug: string, name: string } }[] }>('/api/v1/search',
      { q: 'dinas kesehatan tanggamus', agency: 'dinkes' })
    expect(search.hits.length).toBeGreaterThan(0)

    const busy = await postForm('/admin/opd/dinkes', cookies.admin, { tindakan: 'nonaktifkan' })
    expect(busy.status).toBe(409)
    expect(await busy.text()).toMatch(/masih punya \d+ layanan tayang/)
    expect((await postForm('/admin/opd/uptd-samsat-kota-agung', cookies.admin, { tindakan: 'nonaktifkan' })).status)
      .toBe(303)
    expect((await getPage('/opd/uptd-samsat-kota-agung', '')).status).toBe(404)
    const agencies = await getJson<{ slug: string }[]>('/api/v1/agencies')
    expect(agencies.map(agency => agency.slug)).not.toContain('uptd-samsat-kota-agung')
  })
})

describe('staff accounts', () => {
  it('creates an account with a password shown once, which signs in at once', async () => {
    const response = await postForm('/admin/akun', cookies.admin, { name: 'Rina Loket', email: 'rina@capil.test',
      role: 'officer', agency: 'disdukcapil' })
    expect(response.status).toBe(201)
    const page = await response.text()
    const password = /data-password[^>]*>([^<]+)</.exec(page)?.[1] ?? ''
    expect(password).toMatch(/^[\w-]{20}$/)
    expect(await signInAs('rina@capil.test', password)).toMatch(/^mpp_sesi=/)
    expect(await (await getPage('/admin/akun', cookies.admin)).text()).not.toContain(password)

    const twice = await postForm('/admin/akun', cookies.admin, { name: 'Rina Lagi', email: 'rina@capil.test',
      role: 'officer', agency: 'disdukcapil' })
    expect(twice.status).toBe(422)
    const noAgency = await callJson('POST', '/api/v1/admin/staff', cookies.admin, { name: 'Tanpa OPD',
      email: 'tanpa@capil.test', role: 'head' })
    expect((await noAgency.json() as { errors: Record<string, string> }).errors.agency).toMatch(/OPD/)
    // Every problem in one answer: a short name, a taken e-mail and a missing OPD together.
    const all = await callJson('POST', '/api/v1/admin/staff', cookies.admin, { name: 'A', email: 'RINA@capil.test',
      role: 'officer' })
    expect(Object.keys((await all.json() as { errors: Record<string, string> }).errors).sort())
      .toEqual(['agency', 'email', 'name'])
  })

  it('changes a role, ending the account\'s sessions; deactivates it; never the admin\'s own', async () => {
    const { account, password } = await (await callJson('POST', '/api/v1/admin/staff', cookies.admin,
      { name: 'Budi Kepala', email: 'budi@dinsos.test', role: 'officer', agency: 'dinsos' })).json() as
      { account: { id: number }, password: string }
    const session = await signInAs('budi@dinsos.test', password)
    expect((await callJson('GET', '/api/v1/auth/me', session)).status).toBe(200)

    const promoted = await postForm(`/admin/akun/${account.id}`, cookies.admin, { tindakan: 'peran', role: 'head',
      agency: 'dinsos' })
    expect(promoted.headers.get('location')).toBe(`/admin/akun/${account.id}?berhasil=peran`)
    expect((await callJson('GET', '/api/v1/auth/me', session)).status).toBe(401)
    const head = await signInAs('budi@dinsos.test', password)
    expect((await callJson('GET', '/api/v1/admin/services', head)).status).toBe(200)

    const ended = await callJson('POST', `/api/v1/admin/staff/${account.id}/actions`, cookies.admin,
      { action: 'end_sessions' })
    expect(ended.status).toBe(200)
    expect((await callJson('GET', '/api/v1/auth/me', head)).status).toBe(401)
    const deactivated = await postForm(`/admin/akun/${account.id}`, cookies.admin, { tindakan: 'nonaktifkan',
      yakin: '1' })
    expect(deactivated.headers.get('location')).toBe(`/admin/akun/${account.id}?berhasil=nonaktifkan`)
    const refused = await callJson('POST', '/api/v1/auth/login', '', { email: 'budi@dinsos.test', password })
    expect(refused.status).toBe(401)

    const me = await (await callJson('GET', '/api/v1/auth/me', cookies.admin)).json() as { user: { id: number } }
    const own = await postForm(`/admin/akun/${me.user.id}`, cookies.admin, { tindakan: 'nonaktifkan', yakin: '1' })
    expect(own.status).toBe(409)
    expect(await own.text()).toContain('href="#tindakan"')
    expect((await callJson('GET', '/api/v1/auth/me', cookies.admin)).status).toBe(200)
  })

  it('asks before deactivating an account or ending its sessions, and changes nothing until confirmed', async () => {
    const { account, password } = await (await callJson('POST', '/api/v1/admin/staff', cookies.admin,
      { name: 'Rina Loket', email: 'rina@dinsos.test', role: 'officer', agency: 'dinsos' })).json() as
      { account: { id: number }, password: string }
    const session = await signInAs('rina@dinsos.test', password)
    const page = `/admin/akun/${account.id}`

    const asked = await postForm(page, cookies.admin, { tindakan: 'nonaktifkan' })
    expect(asked.status).toBe(200)
    const question = await asked.text()
    expect(question).toContain('Nonaktifkan akun Rina Loket?')
    expect(question).toContain('Ia tidak bisa masuk sampai diaktifkan lagi; semua sesinya berakhir.')
    expect(question).toMatch(/value="nonaktifkan">(?:<!--[^>]*-->)*<input type="hidden" name="yakin" value="1">/)
    expect(question).toMatch(/<button [^>]*autofocus[^>]*>\s*Ya, nonaktifkan/)
    expect(question).toMatch(new RegExp(`href="${page}"[^>]*>\\s*Batal`))
    const endAsked = await postForm(page, cookies.admin, { tindakan: 'akhiri-sesi', yakin: '0' })
    expect(endAsked.status).toBe(200)
    expect(await endAsked.text()).toContain('Akhiri semua sesi akun Rina Loket?')
    expect((await callJson('GET', '/api/v1/auth/me', session)).status).toBe(200)
    const view = await (await callJson('GET', `/api/v1/admin/staff/${account.id}`, cookies.admin)).json() as
      { active: boolean }
    expect(view.active).toBe(true)

    const ended = await postForm(page, cookies.admin, { tindakan: 'akhiri-sesi', yakin: '1' })
    expect(ended.headers.get('location')).toBe(`${page}?berhasil=akhiri-sesi`)
    expect((await callJson('GET', '/api/v1/auth/me', session)).status).toBe(401)
  })

  it('finds no citizen account among the staff', async () => {
    const me = await (await callJson('GET', '/api/v1/auth/me', cookies.citizen)).json() as { user: { id: number } }
    expect((await callJson('GET', `/api/v1/admin/staff/${me.user.id}`, cookies.admin)).status).toBe(404)
    const staff = await (await callJson('GET', '/api/v1/admin/staff', cookies.admin)).json() as { role: string }[]
    expect(staff.every(account => account.role !== 'citizen')).toBe(true)
  })
})
