/**
 * The forms of the service editing pages (/admin/layanan, /admin/draf/:id), through the same domain code as the
 * JSON routes under /api/v1/admin: a new service drafted, a draft saved, submitted, published, sent back or
 * discarded, a stale draft begun again from the live version, a draft started, a version restored, a service
 * archived. Success answers 303; a refusal renders the page again with what was typed.
 */
import { actOnDraft, createNewServiceDraft, saveServiceDraft, startServiceDraft } from '../catalogue/drafts'
import { invalidCatalogueInput } from '../catalogue/errors'
import { archiveService, restoreVersion } from '../catalogue/lifecycle'
import { parseSnapshot, snapshotFromForm } from '../catalogue/snapshot'
import { editorOrSignIn, isOutcome, keptValues, refusalOrRedirect } from './admin'
import type { FormHandler } from './registry'

export const NEW_SERVICE_PAGE = '/admin/layanan/baru'
const servicePage = (slug: string) => `/admin/layanan/${encodeURIComponent(slug)}`
const draftPage = (id: number | string) => `/admin/draf/${id}`

/** The typed service as a snapshot candidate; unreadable JSON and schema problems are reported together. */
function typedSnapshot(body: Record<string, string>) {
  const { candidate, values, errors } = snapshotFromForm(body)
  const checked = parseSnapshot(candidate)
  const problems = { ...checked.errors, ...errors }
  return { candidate, values, problems: Object.keys(problems).length ? problems : null }
}

export const newServiceForm: FormHandler = async (event, body) => {
  const editor = await editorOrSignIn(event, NEW_SERVICE_PAGE, EDITOR_ROLES)
  if (isOutcome(editor)) return editor
  const { candidate, values, problems } = typedSnapshot(body)
  return refusalOrRedirect(async () => {
    // A blank SPBE ID is given the category's next free one, so it is no problem here.
    const { spbeId, ...others } = problems ?? {}
    const shown = values.spbeId.trim() && spbeId ? { ...others, spbeId } : others
    if (Object.keys(shown).length) throw invalidCatalogueInput(shown)
    const { id } = await createNewServiceDraft(await useEm(event), editor, candidate)
    return `${draftPage(id)}?berhasil=dibuat`
  }, values, 'name')
}

/**
 * `simpan-ajukan` is the editor's second button: what was typed is saved and then submitted, so nothing typed is lost
 * on the way to review; an invalid save submits nothing and shows the page again with every value.
 */
const DRAFT_STEPS = ['simpan', 'simpan-ajukan', 'submit', 'return', 'publish', 'discard', 'restart', 'carry_over'] as
  const
/** Where a stale draft's way on lands: the new draft, saying what became of the old one. */
const RENEWED = { restart: 'dimulai', carry_over: 'dibawa' } as const

export const draftForm: FormHandler = async (event, body, { params }) => {
  const id = /^[1-9]\d{0,9}$/.test(params.id ?? '') ? Number(params.id) : -1
  const editor = await editorOrSignIn(event, draftPage(params.id ?? ''), EDITOR_ROLES)
  if (isOutcome(editor)) return editor
  const step = DRAFT_STEPS.find(known => known === body.tindakan)
  const em = await useEm(event)
  if (step === 'simpan' || step === 'simpan-ajukan') {
    const { candidate, values, problems } = typedSnapshot(body)
    return refusalOrRedirect(async () => {
      if (problems) throw invalidCatalogueInput(problems)
      await saveServiceDraft(em, editor, id, candidate)
      if (step === 'simpan') return `${draftPage(id)}?berhasil=simpan`
      // Saved: a refused submit (nothing changed, a category whose OPDs changed) shows the page with the values kept.
      await actOnDraft(em, editor, id, { action: 'submit' })
      return `${draftPage(id)}?berhasil=submit`
    }, values, 'tindakan')
  }
  const values = keptValues(body, ['tindakan', 'reason'])
  return refusalOrRedirect(async () => {
    if (!step) throw invalidCatalogueInput({ tindakan: 'Pilih tindakan yang tersedia.' })
    const draft = await actOnDraft(em, editor, id, { action: step, reason: values.reason })
    if (step === 'publish') return `${servicePage(draft.slug)}?berhasil=terbit`
    if (step === 'discard') return '/admin/layanan?berhasil=dibuang'
    if (step === 'restart' || step === 'carry_over') return `${draftPage(draft.id)}?berhasil=${RENEWED[step]}`
    return `${draftPage(id)}?berhasil=${step}`
  }, values, 'tindakan')
}

export const serviceForm: FormHandler = async (event, body, { params }) => {
  const slug = params.slug ?? ''
  const editor = await editorOrSignIn(event, servicePage(slug), EDITOR_ROLES)
  if (isOutcome(editor)) return editor
  const values = keptValues(body, ['tindakan', 'versi'])
  const em = await useEm(event)
  return refusalOrRedirect(async () => {
    if (values.tindakan === 'ubah') return draftPage((await startServiceDraft(em, editor, slug)).id)
    if (values.tindakan === 'arsipkan') {
      await archiveService(em, editor, slug)
      return `${servicePage(slug)}?berhasil=arsip`
    }
    if (values.tindakan === 'pulihkan') {
      const { id } = await restoreVersion(em, editor, slug, Number(values.versi) || -1)
      return `${draftPage(id)}?berhasil=dipulihkan`
    }
    throw invalidCatalogueInput({ tindakan: 'Pilih tindakan yang tersedia.' })
  }, values, 'tindakan')
}
