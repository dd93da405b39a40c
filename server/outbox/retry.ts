/** When and how often the worker tries a message again. */
export interface RetryPolicy {
  /** The wait after the first failed attempt; it doubles with each further failure. */
  baseDelayMs: number
  /** The longest wait between two attempts. */
  maxDelayMs: number
  /** Share of the wait taken off at random, so that messages that failed together do not retry together. */
  jitter: number
  /** Failed attempts after which a message is marked `failed` (still listed, and re-triable by an admin). */
  maxAttempts: number
}

/**
 * 1, 2, 4, … minutes up to one hour. 180 attempts last about a week (63 minutes, then hourly), so that a mail
 * server down over a long weekend or the Lebaran cuti bersama heals by itself without anyone pressing "retry".
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  jitter: 0.2,
  maxAttempts: 180,
}

/** The wait before the next attempt of a message that has failed `attempts` times. */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random = Math.random) {
  const doubled = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1)
  return Math.round(Math.min(doubled, policy.maxDelayMs) * (1 - policy.jitter * random()))
}

interface MailError {
  code?: unknown
  responseCode?: unknown
  message?: unknown
}

// An SMTP server's refusal usually quotes the address ("550 5.1.1 <budi@example.com>: user unknown").
const EMAIL_ADDRESS = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g

/** The reason of a failed attempt, short enough to store and show, with any e-mail address taken out. */
export function shortError(error: unknown): string {
  const mail = (typeof error === 'object' && error ? error : { message: error }) as MailError
  const parts = [
    typeof mail.code === 'string' ? mail.code : '',
    typeof mail.responseCode === 'number' ? String(mail.responseCode) : '',
    String(mail.message ?? 'unknown error'),
  ]
  return parts.filter(Boolean).join(' ').replace(EMAIL_ADDRESS, '[alamat]').replace(/\s+/g, ' ').trim().slice(0, 300)
}

/**
 * True when the failure is the server's, not the message's: no SMTP reply at all (refused, timed out, DNS) or
 * 421 "service not available" (RFC 5321 §3.8). The worker then stops its pass instead of spending an attempt of
 * every other due message on a server that is down.
 */
export function isServerUnavailable(error: unknown): boolean {
  const responseCode = (error as MailError | null)?.responseCode
  return typeof responseCode !== 'number' || responseCode === 421
}
