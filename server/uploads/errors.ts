/**
 * Why an upload or a download was refused. `message` is the plain Indonesian sentence shown to the citizen and
 * `statusCode` the HTTP answer, so the route maps every one of them the same way; `reason` is for the log only.
 */
export abstract class UploadError extends Error {
  abstract readonly statusCode: number

  constructor(message: string, readonly reason?: string, options?: ErrorOptions) {
    super(message, options)
  }
}

const MEBIBYTE = 1024 * 1024

/** "5 MB", "2,5 MB", "512 KB": how a limit is written for citizens (decimal comma, as in Indonesian). */
export function formatSize(bytes: number): string {
  const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 })
  if (bytes >= MEBIBYTE) return `${number.format(bytes / MEBIBYTE)} MB`
  return `${number.format(Math.max(1, Math.floor(bytes / 1024)))} KB`
}

export class UploadTooLargeError extends UploadError {
  override readonly name = 'UploadTooLargeError'
  readonly statusCode = 413

  constructor(readonly maxBytes: number, reason?: string) {
    super(`Berkas terlalu besar. Ukuran paling besar ${formatSize(maxBytes)}.`, reason)
  }
}

export class UploadTypeRefusedError extends UploadError {
  override readonly name = 'UploadTypeRefusedError'
  readonly statusCode = 415

  constructor(reason?: string, message = 'Jenis berkas tidak bisa diterima. Kirim PDF, JPG atau PNG.') {
    super(message, reason)
  }
}

/** No file was chosen (browsers then send an empty part without a name), or the chosen file is empty. */
export class UploadMissingError extends UploadError {
  override readonly name = 'UploadMissingError'
  readonly statusCode = 400

  constructor(reason?: string) {
    super('Belum ada berkas yang dipilih, atau berkasnya kosong. Pilih berkas PDF, JPG atau PNG.', reason)
  }
}

/** The body is not the multipart form the portal asks for, or it stopped before its end (a dropped connection). */
export class UploadMalformedError extends UploadError {
  override readonly name = 'UploadMalformedError'
  readonly statusCode = 400

  constructor(reason?: string, options?: ErrorOptions) {
    super('Berkas tidak terkirim dengan utuh. Pilih berkasnya dan kirim sekali lagi.', reason, options)
  }
}

/**
 * The upload does not exist or the viewer may not read it: one answer for both, so that guessing ids tells nothing.
 */
export class UploadNotFoundError extends UploadError {
  override readonly name = 'UploadNotFoundError'
  readonly statusCode = 404

  constructor(reason?: string) {
    super('Berkas tidak ditemukan.', reason)
  }
}
