/**
 * The import form of /admin/katalog (multipart/form-data, one file in `file`): `?tindakan=uji` checks the file and
 * shows what would change, `?tindakan=impor` imports it. A refused file renders the page again with every problem
 * (422); a dry run renders its report (200); an import answers 303 with its counts. Signed out: to the sign-in
 * page and back; not an admin: 403.
 */
import { importCatalogue } from '../catalogue/files/import'
import { readCatalogueFile } from '../catalogue/files/upload'
import { UploadError } from '../uploads/errors'
import type { FormHandler } from './registry'

export const CATALOGUE_PAGE = '/admin/katalog'
/** The file input, where the error summary points. */
export const CATALOGUE_FILE_FIELD = 'berkas'

export const catalogueImportForm: FormHandler = async (event, _body, { query }) => {
  const user = await currentUser(event)
  // Anyone but an admin is answered before the file is read: closing the connection spares sending the rest.
  if (user?.role !== 'admin') setResponseHeader(event, 'Connection', 'close')
  if (!user) return { redirect: `/masuk?lanjut=${CATALOGUE_PAGE}` }
  const admin = await requireUser(event, ['admin'])
  const dryRun = query.tindakan !== 'impor'

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
  const report = await importCatalogue(await useEm(event), bytes, { dryRun, actor: admin })
  if (report.problems.length) {
    const message = `Berkas belum bisa diimpor: ada ${report.problems.length} masalah, tercantum di bawah. `
      + 'Tidak ada yang diubah.'
    return { status: 422, message, errors: { [CATALOGUE_FILE_FIELD]: message }, result: report }
  }
  if (report.applied) {
    return { redirect: `${CATALOGUE_PAGE}?diimpor=1&baru=${report.counts.new}&diubah=${report.counts.changed}` }
  }
  return { status: 200, result: report }
}

/** A post without a file (a form sent as url-encoded): the page asks for the file. */
export const catalogueNoFileForm: FormHandler = async (event) => {
  if (!await currentUser(event)) return { redirect: `/masuk?lanjut=${CATALOGUE_PAGE}` }
  await requireUser(event, ['admin'])
  const message = 'Pilih berkas katalog JSON atau CSV, lalu kirim lagi.'
  return { message, errors: { [CATALOGUE_FILE_FIELD]: message } }
}
