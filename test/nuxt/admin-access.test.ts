import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { createAgency } from '../../server/catalogue/agency-editor'
import { categoryForEditor } from '../../server/catalogue/category-editor'
import { startServiceDraft } from '../../server/catalogue/drafts'
import { publishServiceSnapshot } from '../../server/catalogue/publish'
import { snapshotOf, snapshotToForm, type ServiceSnapshot } from '../../server/catalogue/snapshot'
import { ServiceSchema } from '../../server/database/entities/service'
import { UserSchema, type User } from '../../server/database/entities/user'
import { openDatabase, type Database } from '../../server/database/orm'
import {
  callJson, cookiesForEveryRole, getPage, postForm, ROLES, staffCookie, type Caller, type Cookies,
} from '../support/admin'
import { setupPortal } from '../support/server'

/**
 * Issue 6: every /admin route, page and page form against every role. Only the roles a route names succeed; the
 * signed-out get 401 (JSON) or are sent to sign in (pages), everyone else 403. An OPD head reaches the service
 * drafting of their own OPD only.
 */
const { databaseUrl } = await setupPortal('admin_access')

let database: Database
let cookies: Cookies
let otherHead: string
let admin: User
let head: User
let staffTarget: number
let sharedDraft: number
let categoryBody: { description: string, agencies: string[] }
let agencyBody: Record<string, string | null>
let ktp: ServiceSnapshot
/** The IKD draft's own snapshot: saved as it is, the draft stays unchanged. */
let ikd: ServiceSnapshot
const draftsOf: Record<'head' | 'admin', { api: number, page: number }> = { head: { api: 0, page: 0 },
  admin: { api: 0, page: 0 } }

const em = () => database.orm.em.fork()
const user = (email: string) => em().findOneOrFail(UserSchema, { email }, { populate: ['agency'] })
async function live(slug: string) {
  return em().findOneOrFail(ServiceSchema, { slug }, { populate: ['category', 'agency'] })
}

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  cookies = await cookiesForEveryRole(database, 'akses')
  otherHead = await staffCookie(database, 'head', 'kepala@dinkes.test', 'dinkes')
  admin = await user('admin-akses@kominfo.test')
  head = await user('kepala-akses@capil.test')
  staffTarget = (await createStaff(em(), { role: 'officer', agencySlug: 'disdukcapil', name: 'Sasaran Uji',
    email: 'sasaran@capil.test', password: 'lumbung padi di pekon way halom' })).id

  const kk = await live('kartu-keluarga')
  await publishServiceSnapshot(em(), kk, { ...snapshotOf(kk), output: 'Kartu keluarga (versi 2).' }, admin)
  sharedDraft = (await startServiceDraft(em(), head, 'ikd')).id
  draftsOf.head = { api: (await startServiceDraft(em(), head, 'akta-perceraian')).id,
    page: (await startServiceDraft(em(), head, 'pembetulan-akta')).id }
  draftsOf.admin = { api: (await startServiceDraft(em(), admin, 'biodata-wni')).id,
    page: (await startServiceDraft(em(), admin, 'akta-pengakuan-pengesahan-anak')).id }
  await createAgency(em(), admin, { slug: 'opd-kosong', name: 'OPD Uji Tanpa Layanan', shortName: 'OPD Kosong' })
  const category = await categoryForEditor(em(), '01.12')
  categoryBody = { description: category.description, agencies: category.agencies.map(a => a.slug) }
  const { slug: _slug, active: _active, services: _s, staff: _staff, ...details } = await (await callJson('GET',
    '/api/v1/admin/agencies/disdukcapil', cookies.admin)).json() as Record<string, unknown>
  agencyBody = details as Record<string, string | null>
  ktp = snapshotOf(await live('ktp-el'))
  ikd = snapshotOf(await live('ikd'))
})
afterAll(async () => {
  await database?.close()
})

type Kind = 'api' | 'page' | 'form'
interface AdminRoute {
  kind: Kind
  method: string
  path: (caller: Caller) => string
  body?: (caller: Caller) => unknown
  allowed: readonly Caller[]
  /** The answer of a caller allowed; 200 unless said (a page form: 303). */
  status?: number | ((caller: Caller) => number)
  /** How the test names it, when the path holds an id made in beforeAll. */
  name?: string
}

const EDITORS = ['head', 'admin'] as const
const ADMIN = ['admin'] as const
const at = (path: string) => () => path
const newService = (caller: Caller, prefix: string) => ({ ...ktp, slug: `${prefix}-${caller}`, spbeId: '',
  name: `Layanan uji ${prefix} ${caller}` })
const ownDraft = (which: 'api' | 'page') => (caller: Caller) =>
  String(caller === 'admin' ? draftsOf.admin[which] : draftsOf.head[which])
const asFields = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === null ? '' : String(value)]))

const ROUTES: AdminRoute[] = [
  // Service drafting: OPD heads and admins.
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/services'), allowed: EDITORS },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/services/ktp-el'), allowed: EDITORS },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/services/ktp-el/draft'), allowed: EDITORS,
    status: caller => caller === 'head' ? 201 : 200 },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/drafts'), body: caller => newService(caller, 'api'),
    allowed: EDITORS, status: 201 },
  { kind: 'api', method: 'GET', path: () => `/api/v1/admin/drafts/${sharedDraft}`, allowed: EDITORS,
    name: 'GET /api/v1/admin/drafts/:id' },
  { kind: 'api', method: 'PUT', path: () => `/api/v1/admin/drafts/${sharedDraft}`,
    body: () => ikd, allowed: EDITORS, name: 'PUT /api/v1/admin/drafts/:id' },
  { kind: 'api', method: 'POST', path: caller => `/api/v1/admin/drafts/${ownDraft('api')(caller)}/actions`,
    body: () => ({ action: 'discard' }), allowed: EDITORS, name: 'POST /api/v1/admin/drafts/:id/actions' },
  // Versions, restoring and archiving: admins.
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/services/kartu-keluarga/versions/1'), allowed: ADMIN },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/services/kartu-keluarga/diff?from=1&to=2'), allowed: ADMIN },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/services/kartu-keluarga/versions/1/restore'),
    allowed: ADMIN, status: 201 },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/services/jemput-bola-adminduk/archive'), allowed: ADMIN,
    status: 204 },
  // Categories, OPDs and staff accounts: admins.
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/categories'), allowed: ADMIN },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/categories/01.12'), allowed: ADMIN },
  { kind: 'api', method: 'PUT', path: at('/api/v1/admin/categories/01.12'), body: () => categoryBody,
    allowed: ADMIN },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/agencies'), allowed: ADMIN },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/agencies'), allowed: ADMIN, status: 201,
    body: caller => ({ slug: `opd-uji-${caller.toLowerCase()}`, name: 'OPD Uji', shortName: 'OPD Uji' }) },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/agencies/disdukcapil'), allowed: ADMIN },
  { kind: 'api', method: 'PUT', path: at('/api/v1/admin/agencies/disdukcapil'), body: () => agencyBody,
    allowed: ADMIN },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/agencies/opd-kosong/actions'),
    body: () => ({ action: 'deactivate' }), allowed: ADMIN },
  { kind: 'api', method: 'GET', path: at('/api/v1/admin/staff'), allowed: ADMIN },
  { kind: 'api', method: 'POST', path: at('/api/v1/admin/staff'), allowed: ADMIN, status: 201,
    body: caller => ({ name: 'Petugas Baru', email: `baru-${caller.toLowerCase()}@capil.test`, role: 'officer',
      agency: 'disdukcapil' }) },
  { kind: 'api', method: 'GET', path: () => `/api/v1/admin/staff/${staffTarget}`, allowed: ADMIN,
    name: 'GET /api/v1/admin/staff/:id' },
  { kind: 'api', method: 'POST', path: () => `/api/v1/admin/staff/${staffTarget}/actions`,
    body: () => ({ action: 'end_sessions' }), allowed: ADMIN, name: 'POST /api/v1/admin/staff/:id/actions' },

  // The pages.
  { kind: 'page', method: 'GET', path: at('/admin'), allowed: EDITORS },
  { kind: 'page', method: 'GET', path: at('/admin/layanan'), allowed: EDITORS },
  { kind: 'page', method: 'GET', path: at('/admin/layanan/baru'), allowed: EDITORS },
  { kind: 'page', method: 'GET', path: at('/admin/layanan/ktp-el'), allowed: EDITORS },
  { kind: 'page', method: 'GET', path: () => `/admin/draf/${sharedDraft}`, allowed: EDITORS,
    name: 'GET /admin/draf/:id' },
  { kind: 'page', method: 'GET', path: at('/admin/layanan/kartu-keluarga/versi?dari=1&ke=2'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/kategori'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/kategori/01.12'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/opd'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/opd/baru'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/opd/disdukcapil'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: at('/admin/akun'), allowed: ADMIN },
  { kind: 'page', method: 'GET', path: () => `/admin/akun/${staffTarget}`, allowed: ADMIN,
    name: 'GET /admin/akun/:id' },

  // The pages' forms.
  { kind: 'form', method: 'POST', path: at('/admin/layanan/baru'), allowed: EDITORS,
    body: caller => snapshotToForm(newService(caller, 'halaman')) },
  { kind: 'form', method: 'POST', path: at('/admin/layanan/perubahan-nama'), body: () => ({ tindakan: 'ubah' }),
    allowed: EDITORS },
  { kind: 'form', method: 'POST', path: caller => `/admin/draf/${ownDraft('page')(caller)}`,
    body: () => ({ tindakan: 'discard' }), allowed: EDITORS, name: 'POST /admin/draf/:id' },
  { kind: 'form', method: 'POST', path: at('/admin/kategori/01.12'), allowed: ADMIN,
    body: () => ({ description: categoryBody.description, agencies: categoryBody.agencies.join('\n') }) },
  { kind: 'form', method: 'POST', path: at('/admin/opd/baru'), allowed: ADMIN,
    body: caller => ({ slug: `opd-halaman-${caller.toLowerCase()}`, name: 'OPD Uji Halaman', shortName: 'OPD H' }) },
  { kind: 'form', method: 'POST', path: at('/admin/opd/disdukcapil'), body: () => asFields(agencyBody),
    allowed: ADMIN },
  { kind: 'form', method: 'POST', path: at('/admin/akun'), allowed: ADMIN, status: 201,
    body: caller => ({ name: 'Petugas Halaman', email: `halaman-${caller.toLowerCase()}@capil.test`,
      role: 'officer', agency: 'disdukcapil' }) },
  { kind: 'form', method: 'POST', path: () => `/admin/akun/${staffTarget}`, allowed: ADMIN,
    body: () => ({ tindakan: 'akhiri-sesi', yakin: '1' }), name: 'POST /admin/akun/:id' },
]

async function answer(route: AdminRoute, caller: Caller): Promise<Response> {
  const path = route.path(caller)
  const body = route.body?.(caller)
  if (route.kind === 'page') return getPage(path, cookies[caller])
  if (route.kind === 'form') return postForm(path, cookies[caller], body as Record<string, string>)
  return callJson(route.method, path, cookies[caller], body)
}

function expected(route: AdminRoute, caller: Caller): number {
  if (route.allowed.includes(caller)) {
    const status = typeof route.status === 'function' ? route.status(caller) : route.status
    return status ?? (route.kind === 'form' ? 303 : 200)
  }
  if (caller === 'signedOut') return route.kind === 'api' ? 401 : 303
  return 403
}

describe('every admin route against every role', () => {
  it.each(ROUTES.map(route => [route.name ?? `${route.method} ${route.path('admin')}`, route] as const))(
    '%s succeeds for its roles only',
    async (_name, route) => {
      for (const caller of ROLES) {
        const response = await answer(route, caller)
        expect(response.status, `${caller} ${route.method} ${route.path(caller)}`).toBe(expected(route, caller))
        if (caller === 'signedOut' && route.kind !== 'api') {
          expect(response.headers.get('location'), route.path(caller)).toMatch(/^\/masuk\?lanjut=/)
        }
      }
    },
  )
})

describe('an OPD head and another OPD\'s services', () => {
  it('finds no service, draft or version of another OPD: 404 on the API, the pages and the forms', async () => {
    expect((await callJson('GET', '/api/v1/admin/services/ktp-el', otherHead)).status).toBe(404)
    expect((await callJson('POST', '/api/v1/admin/services/ktp-el/draft', otherHead)).status).toBe(404)
    expect((await callJson('GET', `/api/v1/admin/drafts/${sharedDraft}`, otherHead)).status).toBe(404)
    expect((await callJson('PUT', `/api/v1/admin/drafts/${sharedDraft}`, otherHead, ikd)).status).toBe(404)
    const action = await callJson('POST', `/api/v1/admin/drafts/${sharedDraft}/actions`, otherHead,
      { action: 'submit' })
    expect(action.status).toBe(404)
    expect((await getPage(`/admin/draf/${sharedDraft}`, otherHead)).status).toBe(404)
    expect((await getPage('/admin/layanan/ktp-el', otherHead)).status).toBe(404)
    expect((await postForm(`/admin/draf/${sharedDraft}`, otherHead, { tindakan: 'submit' })).status).toBe(404)
    expect((await postForm('/admin/layanan/ktp-el', otherHead, { tindakan: 'ubah' })).status).toBe(404)

    const list = await (await callJson('GET', '/api/v1/admin/services', otherHead)).json() as
      { services: { agency: { slug: string } }[] }
    expect(list.services.length).toBeGreaterThan(0)
    expect(list.services.every(service => service.agency.slug === 'dinkes')).toBe(true)
  })

  it('cannot draft a new service for another OPD, nor move its own there', async () => {
    const elsewhere = await callJson('POST', '/api/v1/admin/drafts', otherHead, { ...ktp, slug: 'ktp-dinkes',
      spbeId: '' })
    expect(elsewhere.status).toBe(422)
    expect((await elsewhere.json() as { errors: Record<string, string> }).errors.agencySlug).toMatch(/OPD Anda/)
    const moved = await callJson('PUT', `/api/v1/admin/drafts/${sharedDraft}`, cookies.head,
      { ...ikd, agencySlug: 'dinkes' })
    expect(moved.status).toBe(422)
  })

  it('is refused publishing and sending back, which are the admins\' (403)', async () => {
    const { id } = await (await callJson('POST', '/api/v1/admin/services/akta-perkawinan/draft', cookies.head))
      .json() as { id: number }
    const draft = await (await callJson('GET', `/api/v1/admin/drafts/${id}`, cookies.head)).json() as
      { snapshot: ServiceSnapshot }
    await callJson('PUT', `/api/v1/admin/drafts/${id}`, cookies.head, { ...draft.snapshot, output: 'Akta baru.' })
    expect((await callJson('POST', `/api/v1/admin/drafts/${id}/actions`, cookies.head, { action: 'submit' })).status)
      .toBe(200)
    for (const action of ['publish', 'return']) {
      const refused = await callJson('POST', `/api/v1/admin/drafts/${id}/actions`, cookies.head,
        { action, reason: 'Saya sendiri.' })
      expect(refused.status, action).toBe(403)
    }
    expect((await postForm(`/admin/draf/${id}`, cookies.head, { tindakan: 'publish' })).status).toBe(403)
  })
})
