/**
 * Account errors, free of HTTP: `server/utils/api.ts` maps each kind to a status code in one place. Every message
 * is what the citizen reads.
 */
export type AccountErrorKind = 'invalid-input' | 'conflict' | 'credentials' | 'throttled' | 'forbidden' | 'not-found'

export class AccountError extends Error {
  constructor(readonly kind: AccountErrorKind, message: string, readonly fields: Record<string, string> = {}) {
    super(message)
  }
}

export const INVALID_CREDENTIALS = 'E-mail atau kata sandi salah.'
