/**
 * The forms of the admin pages for categories, OPDs and staff accounts (/admin/kategori, /admin/opd, /admin/akun),
 * through the same domain code as their JSON routes. Admins only.
 */
import { actOnStaff, createStaffAccount } from '../accounts/staff-admin'
import {
  AGENCY_FIELDS, createAgency, setAgencyActive, updateAgency,
} from '../catalogue/agency-editor'
import { categoryInputFromForm, updateCategory } from '../catalogue/category-editor'
import { invalidCatalogueInput } from '../catalogue/errors'
import { editorOrSignIn, isOutcome, keptValues, refusalOrRedirect } from './admin'
import type { FormHandler, FormOutcome } from './registry'

const ADMIN: ['admin'] = ['admin']
export const NEW_AGENCY_PAGE = '/admin/opd/baru'
export const STAFF_PAGE = '/admin/akun'

export const categoryForm: FormHandler = async (event, body, { params }) => {
  const code = params.code ?? ''
  const page = `/admin/kategori/${encodeURIComponent(code)}`
  const admin = await editorOrSignIn(event, page, ADMIN)
  if (isOutcome(admin)) return admin
  return refusalOrRedirect(async () => {
    await updateCategory(await useEm(event), admin, code, categoryInputFromForm(body))
    return `${page}?berhasil=simpan`
  }, keptValues(body, ['description', 'agencies']), 'description')
}

export const newAgencyForm: FormHandler = async (event, body) => {
  const admin = await editorOrSignIn(event, NEW_AGENCY_PAGE, ADMIN)
  if (isOutcome(admin)) return admin
  return refusalOrRedirect(async () => {
    const agency = await createAgency(await useEm(event), admin, body)
    return `/admin/opd/${agency.slug}?berhasil=dibuat`
  }, keptValues(body, AGENCY_FIELDS, 300), 'name')
}

export const agencyForm: FormHandler = async (event, body, { params }) => {
  const slug = params.slug ?? ''
  const page = `/admin/opd/${encodeURIComponent(slug)}`
  const admin = await editorOrSignIn(event, page, ADMIN)
  if (isOutcome(admin)) return admin
  const em = await useEm(event)
  return refusalOrRedirect(async () => {
    if (body.tindakan === 'nonaktifkan' || body.tindakan === 'aktifkan') {
      await setAgencyActive(em, admin, slug, body.tindakan === 'aktifkan')
      return `${page}?berhasil=${body.tindakan}`
    }
    await updateAgency(em, admin, slug, body)
    return `${page}?berhasil=simpan`
  }, keptValues(body, ['tindakan', ...AGENCY_FIELDS], 300), 'tindakan')
}

/** A new account: the page comes back once with the password to pass on (never stored, never in a URL). */
export const newStaffForm: FormHandler = async (event, body) => {
  const admin = await editorOrSignIn(event, STAFF_PAGE, ADMIN)
  if (isOutcome(admin)) return admin
  let shown: Record<string, string> = {}
  const outcome: FormOutcome = await refusalOrRedirect(async () => {
    const { account, password } = await createStaffAccount(await useEm(event), admin, body)
    shown = { id: String(account.id), name: account.name, email: account.email, password }
    return ''
  }, keptValues(body, ['name', 'email', 'role', 'agency'], 300), 'name')
  return outcome.redirect === '' ? { status: 201, shown } : outcome
}

const STAFF_STEPS: Record<string, string> = { 'peran': 'change_role', 'nonaktifkan': 'deactivate',
  'aktifkan': 'activate', 'akhiri-sesi': 'end_sessions' }
/**
 * Steps that lock a colleague out: the first post only asks (the page again, 200, with the question and a
 * "Ya" button that posts `yakin=1`), so a slip of the mouse changes nothing. The JSON API acts at once: its
 * client confirms by calling.
 */
const STAFF_STEPS_TO_CONFIRM = ['nonaktifkan', 'akhiri-sesi'] as const

export const staffForm: FormHandler = async (event, body, { params }) => {
  const page = `${STAFF_PAGE}/${encodeURIComponent(params.id ?? '')}`
  const admin = await editorOrSignIn(event, page, ADMIN)
  if (isOutcome(admin)) return admin
  const id = /^[1-9]\d{0,9}$/.test(params.id ?? '') ? Number(params.id) : -1
  const action = STAFF_STEPS[String(body.tindakan)]
  const asks = STAFF_STEPS_TO_CONFIRM.find(step => step === body.tindakan)
  if (asks && body.yakin !== '1') return { status: 200, shown: { confirm: asks } }
  return refusalOrRedirect(async () => {
    if (!action) throw invalidCatalogueInput({ tindakan: 'Pilih tindakan yang tersedia.' })
    await actOnStaff(await useEm(event), admin, id, { action, role: body.role, agency: body.agency })
    return `${page}?berhasil=${body.tindakan}`
  }, keptValues(body, ['tindakan', 'role', 'agency'], 80), 'tindakan')
}
