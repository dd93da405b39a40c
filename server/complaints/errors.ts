import { RequestError } from '../requests/errors'

/**
 * A refusal about a pengaduan: the same kinds, and the same mapping to HTTP, as a permohonan's (server/utils/api.ts:
 * invalid-input → 422 `{ message, errors }`, not-found → 404, refused and conflict → 409).
 */
export class ComplaintError extends RequestError {
  override name = 'ComplaintError'
}

/** The same answer for a code that does not exist and one the asker may not see. */
export const COMPLAINT_NOT_FOUND = 'Pengaduan dengan kode itu tidak ditemukan.'
