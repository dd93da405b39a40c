/**
 * Permohonan errors, free of HTTP: the routes map each kind to a status code in one place (server/utils/api.ts),
 * invalid-input → 422, not-found → 404, refused → 409 (403 when `refusal` is 'role'), conflict → 409.
 * Every message is what the citizen or the officer reads.
 */
import type { RefusalCode } from './state-machine'

export type RequestErrorKind = 'invalid-input' | 'not-found' | 'refused' | 'conflict'

export class RequestError extends Error {
  override name = 'RequestError'

  constructor(
    readonly kind: RequestErrorKind,
    message: string,
    /** Field key (question or requirement, or an action's input) → a plain Indonesian message beside it. */
    readonly errors: Record<string, string> = {},
    /** For 'refused': why the state machine said no. */
    readonly refusal?: RefusalCode,
  ) {
    super(message)
  }
}

export const INVALID_APPLICATION = 'Ada isian yang perlu diperbaiki.'
/** The same for a code that does not exist and one the asker may not see, so codes cannot be probed. */
export const REQUEST_NOT_FOUND = 'Permohonan dengan kode itu tidak ditemukan.'

export function requestNotFound(): RequestError {
  return new RequestError('not-found', REQUEST_NOT_FOUND)
}
