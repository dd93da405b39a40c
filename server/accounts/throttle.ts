import type { Execute } from '../database/sql'

/**
 * Sign-in throttling, kept in PostgreSQL so every app node shares it. Every attempt is counted before the password
 * is checked, in one statement, so guesses sent all at once cannot slip past the limit. Three counters:
 * - pair (an account from one client address): 5 failures in 15 minutes lock that pair only, so a stranger's
 *   guesses cannot lock the owner out from their own phone;
 * - account: 50 in 15 minutes stops guessing spread over many addresses;
 * - address: 30 in 15 minutes stops one client trying many accounts.
 * A successful sign-in clears the pair and gives its attempt back to the other two.
 */
export const THROTTLE_RULES = {
  pair: { failures: 5, windowMinutes: 15, blockMinutes: 15 },
  account: { failures: 50, windowMinutes: 15, blockMinutes: 15 },
  address: { failures: 30, windowMinutes: 15, blockMinutes: 15 },
  /** Complaints filed from one client address (issue 4: many from one source in a short time get 429). */
  filing: { failures: 10, windowMinutes: 60, blockMinutes: 60 },
  /** Complaints filed over Open311 with one API key: a partner system files for many citizens, not for one. */
  open311: { failures: 300, windowMinutes: 60, blockMinutes: 60 },
  /** Photos sent to pengaduan drafts from one client address (they need no account). */
  photo: { failures: 30, windowMinutes: 60, blockMinutes: 60 },
} as const

export type ThrottleKind = keyof typeof THROTTLE_RULES

export const throttleKey = (kind: ThrottleKind, value: string) => `${kind}:${value}`

/** Counts one attempt against `key`; returns until when the key is blocked, or null. */
export async function countAttempt(execute: Execute, kind: ThrottleKind, key: string, now: Date): Promise<Date | null> {
  const rule = THROTTLE_RULES[kind]
  const rows = await execute<{ blocked_until: Date | string | null }>(`
    insert into sign_in_throttle as t (key, failures, window_started_at, blocked_until) values ($1, 1, $2, null)
    on conflict (key) do update set
      failures = case when t.window_started_at < $2 - make_interval(mins => $3) then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < $2 - make_interval(mins => $3) then $2
        else t.window_started_at end,
      blocked_until = case
        when t.blocked_until > $2 then t.blocked_until
        when t.window_started_at >= $2 - make_interval(mins => $3) and t.failures + 1 > $4
          then $2 + make_interval(mins => $5)
        else null end
    returning blocked_until`,
  [key, now, rule.windowMinutes, rule.failures, rule.blockMinutes])
  const until = rows[0]?.blocked_until
  return until && new Date(until) > now ? new Date(until) : null
}

export async function clearAttempts(execute: Execute, key: string): Promise<void> {
  await execute('delete from sign_in_throttle where key = $1', [key])
}

/** Gives a successful attempt back, so that signing in often from one shared address never blocks it. */
export async function returnAttempt(execute: Execute, key: string): Promise<void> {
  await execute('update sign_in_throttle set failures = greatest(failures - 1, 0) where key = $1', [key])
}

/** Rows whose window and block are both over: nothing in them matters any more. */
export async function purgeExpiredAttempts(execute: Execute, now: Date): Promise<void> {
  await execute(`delete from sign_in_throttle where window_started_at < $1 - interval '1 day'
    and (blocked_until is null or blocked_until < $1)`, [now])
}
