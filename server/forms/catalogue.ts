/**
 * The import form of /admin/katalog (multipart/form-data, one file in `file`): `?tindakan=uji` checks the file and
 * shows what would change, `?tindakan=impor` imports it. A dry run that would publish something keeps the file
 * (server/catalogue/files/checked-file.ts) and the page offers "Impor berkas ini": a plain form that posts the
 * one-time `token` back, with no second upload. A refused file renders the page again with its problems (422); a
 * dry run renders its report (200); an import answers 303 with its counts. Signed out: to the sign-in page and
 * back; not an admin: 403.
 */
import type { H3Event } from 'h3'
import { checkedFileTokenSchema, CHECKED_FILE_MINUTES, keepCheckedFile, takeCheckedFile }
  from '../catalogue/files/checked-file'
import { importCatalogue } from '../catalogue/files/import'
import { readCatalogueFile } from '../catalogue/files/upload'
import type { User } from '../database/entities/user'
import { UploadError } from '../uploads/errors'
import type { FormHandler, FormOutcome } from './registry'

export const CATALOGUE_PAGE = '/admin/katalog'
/** The file input, where the error summary points. */
export const CATALOGUE_FILE_FIELD = 'berkas'
/** The hidden field of "Impor berkas ini", and the key of its value in the dry run's `shown`. */
export const CHECKED_FILE_FIELD = 'token'

/** The report of a dry run or an import of `bytes`, as the page shows it. */
async function importOutcome(event: H3Event, admin: User, bytes: Uint8Array, dryRun: boolean): Promise<FormOutcome> {
  const em = await useEm(event)
  const report = await importCatalogue(em, bytes, { dryRun, actor: admin })
  if (report.message) {
    return { status: 422, message: report.message, errors: { [CATALOGUE_FILE_FIELD]: report.message },
      result: report }
  }
  if (report.applied) {
    return { redirect: `${CATALOGUE_PAGE}?diimpor=1&baru=${report.counts.new}&diubah=${report.counts.changed}` }
  }
  if (!report.counts.new && !report.counts.changed) return { status: 200, result: report }
  const token = await keepCheckedFile(em, admin, bytes)
  return { status: 200, result: report, shown: { [CHECKED_FILE_FIELD]: token, minutes: String(CHECKED_FILE_MINUTES) } }
}

/** Signed out: to the sign-in page and back; anyone else but an admin: 403. */
async function adminOrRedirect(event: H3Event): Promise<User | FormOutcome> {
  const user = await currentUser(event)
  // Anyone but an admin is answered before the file is read: closing the connection spares sending the rest.
  if (user?.role !== 'admin') setResponseHeader(event, 'Connection', 'close')
  if (!user) return { redirect: `/masuk?lanjut=${CATALOGUE_PAGE}` }
  return requireUser(event, ['admin'])
}

const asOutcome = (value: User | FormOutcome): value is FormOutcome => !('role' in value)

export const catalogueImportForm: FormHandler = async (event, _body, { query }) => {
  const admin = await adminOrRedirect(event)
  if (asOutcome(admin)) return admin

  let bytes
  try {
    bytes = await readCatalogueFile(event.node.req)
  }
  catch (error) {
    if (!(error instanceof UploadError)) throw error
    // The rest of a refused body is not read; closing the connection keeps the browser from sending it.
    setResponseHeader(event, 'Connection', 'close')
    return { status: error.statusCode, message: error.message, errors: { [CATALOGUE_FILE_FIELD]: error.message } }
  }
  return importOutcome(event, admin, bytes, query.tindakan !== 'impor')
}

/**
 * A post without a file (url-encoded): "Impor berkas ini" with the token of a file checked before, or a form sent
 * without its file, where the page asks for the file.
 */
export const catalogueCheckedFileForm: FormHandler = async (event, body, { query }) => {
  const admin = await adminOrRedirect(event)
  if (asOutcome(admin)) return admin
  const ask = (message: string): FormOutcome => ({ message, errors: { [CATALOGUE_FILE_FIELD]: message } })

  const token = checkedFileTokenSchema.safeParse(body[CHECKED_FILE_FIELD])
  if (!token.success) return ask('Pilih berkas katalog JSON atau CSV, lalu kirim lagi.')
  const bytes = await takeCheckedFile(await useEm(event), admin, token.data)
  if (!bytes) {
    return ask(`Berkas yang diperiksa sudah diimpor, atau sudah lewat ${CHECKED_FILE_MINUTES} menit. Pilih berkasnya `
      + 'lagi, lalu periksa dulu.')
  }
  return importOutcome(event, admin, bytes, query.tindakan !== 'impor')
}
