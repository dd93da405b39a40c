import { UploadError, UploadTooLargeError } from '../../uploads/errors'
import { MULTIPART_OVERHEAD_BYTES, parseBoundary, readFilePart } from '../../uploads/multipart'
import { limitBody, type UploadRequest } from '../../uploads/receive'

/** 5 MB: five times the whole catalogue of 2026 (about 1 MB as JSON), and far below what a server should hold. */
export const CATALOGUE_FILE_MAX_BYTES = 5 * 1024 * 1024

/** No file was chosen, or it is empty. */
export class CatalogueFileMissingError extends UploadError {
  override readonly name = 'CatalogueFileMissingError'
  readonly statusCode = 400

  constructor() {
    super('Belum ada berkas yang dipilih, atau berkasnya kosong. Pilih berkas katalog JSON atau CSV.')
  }
}

/**
 * The uploaded catalogue file, whole: the raw request body (the API) or the one file of a multipart form (the
 * admin page, field `file`). The limit is checked before anything is read when Content-Length says too much, and
 * as the bytes arrive otherwise; errors are `UploadError`s, answered like every upload's.
 */
export async function readCatalogueFile(
  request: UploadRequest, maxBytes = CATALOGUE_FILE_MAX_BYTES,
): Promise<Buffer> {
  const type = request.headers['content-type'] ?? ''
  const multipart = type.toLowerCase().startsWith('multipart/form-data')
  const maxBodyBytes = maxBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)
  const declared = Number(request.headers['content-length'] ?? 0)
  if (declared > maxBodyBytes) throw new UploadTooLargeError(maxBytes, 'Content-Length over the limit')

  const chunks = request.iterator({ destroyOnReturn: false })
  const body = limitBody({ [Symbol.asyncIterator]: () => chunks }, maxBodyBytes, maxBytes)
  try {
    const data = multipart ? (await readFilePart(body, parseBoundary(type), 'file')).data : body
    const taken: Buffer[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.length
      if (size > maxBytes) throw new UploadTooLargeError(maxBytes, 'the file passed the limit')
      taken.push(chunk)
    }
    if (!size) throw new CatalogueFileMissingError()
    return Buffer.concat(taken)
  }
  finally {
    void body.return(undefined).catch(() => {})
  }
}
