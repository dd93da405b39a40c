/**
 * Limits on the two things a stranger can repeat: filing complaints (per client address) and guessing a complaint's
 * PIN (per code and address, per code, per address, like sign-in guesses: server/accounts/throttle.ts).
 */
import { countAttempt, returnAttempt, throttleKey } from '../accounts/throttle'
import type { Execute } from '../database/sql'
import { ComplaintError } from './errors'

export class TooManyComplaintsError extends ComplaintError {
  constructor(readonly retryAfter: Date,
    message = 'Terlalu banyak pengaduan dari alamat ini dalam waktu singkat. Coba lagi nanti.') {
    super('refused', message)
  }
}

/** Too many PIN guesses on a code, or from an address: the reporter is asked to wait, not told of filings. */
export class TooManyPinGuessesError extends TooManyComplaintsError {
  constructor(retryAfter: Date) {
    super(retryAfter, 'Terlalu banyak percobaan PIN yang salah. Tunggu sebentar, lalu coba lagi dengan PIN yang '
      + 'ditunjukkan saat pengaduan dikirim.')
  }
}

/** Counts one filing from `clientAddress`; throws when the address has filed too many lately. */
export async function countFiling(execute: Execute, clientAddress: string, now = new Date()) {
  const until = await countAttempt(execute, 'filing', throttleKey('filing', clientAddress), now)
  if (until) throw new TooManyComplaintsError(until)
}

/**
 * Counts a PIN attempt on `code` before the PIN is checked; `settle(true)` gives a right PIN's attempt back.
 * Throws when guessing on this code or from this address must wait.
 */
export async function countPinAttempt(execute: Execute, code: string, clientAddress: string, now = new Date()) {
  const keys = { pair: throttleKey('pair', `pin:${code}|${clientAddress}`),
    account: throttleKey('account', `pin:${code}`), address: throttleKey('address', clientAddress) }
  const blocked = await Promise.all((['pair', 'account', 'address'] as const)
    .map(kind => countAttempt(execute, kind, keys[kind], now)))
  const until = blocked.find(Boolean)
  if (until) {
    throw new TooManyPinGuessesError(until)
  }
  return async (right: boolean) => {
    if (right) await Promise.all(Object.values(keys).map(key => returnAttempt(execute, key)))
  }
}
