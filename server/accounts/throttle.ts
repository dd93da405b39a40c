import type { Execute } from '../database/sql'

/**
 * Sign-in throttling per account and per client address, kept in PostgreSQL so every app node shares it. After
 * `failures` failed attempts within `windowMinutes`, the key is blocked for `blockMinutes`.
 */
export const THROTTLE_RULES = {
  account: { failures: 5, windowMinutes: 15, blockMinutes: 15 },
  address: { failures: 30, windowMinutes: 15, blockMinutes: 15 },
} as const

export type ThrottleKind = keyof typeof THROTTLE_RULES

export const throttleKey = (kind: ThrottleKind, value: string) => `${kind}:${value}`

export async function blockedUntil(execute: Execute, keys: string[], now: Date): Promise<Date | null> {
  const rows = await execute<{ until: Date | string | null }>(
    'select max(blocked_until) as until from sign_in_throttle where key = any($1::text[]) and blocked_until > $2',
    [keys, now])
  const until = rows[0]?.until
  return until ? new Date(until) : null
}

export async function recordFailure(execute: Execute, kind: ThrottleKind, key: string, now: Date): Promise<void> {
  const rule = THROTTLE_RULES[kind]
  await execute(`
    insert into sign_in_throttle (key, failures, window_started_at, blocked_until) values ($1, 1, $2, null)
    on conflict (key) do update set
      failures = case when sign_in_throttle.window_started_at < $2 - make_interval(mins => $3) then 1
        else sign_in_throttle.failures + 1 end,
      window_started_at = case when sign_in_throttle.window_started_at < $2 - make_interval(mins => $3) then $2
        else sign_in_throttle.window_started_at end,
      blocked_until = case
        when sign_in_throttle.window_started_at >= $2 - make_interval(mins => $3)
          and sign_in_throttle.failures + 1 >= $4 then $2 + make_interval(mins => $5)
        else sign_in_throttle.blocked_until end`,
  [key, now, rule.windowMinutes, rule.failures, rule.blockMinutes])
}

export async function clearFailures(execute: Execute, key: string): Promise<void> {
  await execute('delete from sign_in_throttle where key = $1', [key])
}
