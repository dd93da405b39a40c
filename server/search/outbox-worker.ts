import type { MikroORM } from '@mikro-orm/postgresql'
import { searchDocumentsFor } from '../catalogue/queries'
import { transactionSql, type Execute } from '../database/sql'
import { repeatPasses } from '../outbox/repeat'
import { retryDelayMs, shortError, type RetryPolicy } from '../outbox/retry'
import { logger } from '../utils/logger'
import type { SearchEngine } from './engine'
import { MEILISEARCH_ENGINE } from './outbox'

/**
 * 5 s, 10 s, 20 s, … up to 5 minutes: an index a few minutes behind is tolerable, and searches fall back to
 * PostgreSQL while Meilisearch is away. A change is never given up: it waits until the engine takes it.
 */
export const SEARCH_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
  maxAttempts: Number.POSITIVE_INFINITY,
}

/** pg_advisory_xact_lock key held by a push pass and by the start of a rebuild: one at a time, across app nodes. */
export const SEARCH_OUTBOX_LOCK = 7_316_501

export interface SearchPushOptions {
  orm: MikroORM
  /** The engine the outbox feeds (Meilisearch in production). */
  target: SearchEngine
  engine?: string
  /** The most services one pass pushes. */
  batchSize?: number
  policy?: RetryPolicy
  now?: () => Date
  random?: () => number
}

export interface SearchPushReport {
  /** Why the pass did nothing: another pass holds the lock, or a rebuild is under way. */
  skipped?: 'locked' | 'rebuilding'
  indexed: number
  removed: number
  /** Services whose push failed and wait for their next attempt. */
  failed: number
  error?: string
  /** Due changes remain after this pass (it hit batchSize). */
  more: boolean
}

interface OutboxRow {
  slug: string
  version: string
  attempts: number
}

/**
 * Records the version the engine's index now reflects: every change numbered below the oldest one still waiting
 * (or every change, when none waits). Never moves backwards.
 */
async function recordIndexedVersion(execute: Execute, engine: string, now: Date) {
  await execute(`insert into "search_index_state" ("engine", "version", "indexed_at", "last_attempt_at")
    select $1, coalesce((select min("version") - 1 from "search_outbox"), c."version"), $2, $2
    from "catalogue_version" c
    on conflict ("engine") do update set "version" = greatest("search_index_state"."version", excluded."version"),
      "indexed_at" = excluded."indexed_at", "last_attempt_at" = excluded."last_attempt_at", "last_error" = null`,
  [engine, now])
}

interface FailedPush {
  rows: OutboxRow[]
  error: string
  now: Date
  policy: RetryPolicy
  random?: () => number
}

async function recordFailure(execute: Execute, engine: string, { rows, error, now, policy, random }: FailedPush) {
  const nextAttempts = rows.map(row => new Date(now.getTime() + retryDelayMs(row.attempts + 1, policy, random)))
  await execute(`update "search_outbox" o set "attempts" = o."attempts" + 1, "next_attempt_at" = d."next",
      "last_error" = $3
    from unnest($1::text[], $2::timestamptz[]) as d("slug", "next")
    where o."slug" = d."slug"`, [rows.map(row => row.slug), nextAttempts, error])
  await execute(`insert into "search_index_state" ("engine", "version", "last_attempt_at", "last_error")
    values ($1, 0, $2, $3)
    on conflict ("engine") do update set "last_attempt_at" = excluded."last_attempt_at",
      "last_error" = excluded."last_error"`, [engine, now, error])
}

/**
 * Keeps why the engine's index could not be made ready (settings not applied, no first build), so that
 * `/api/health` says it beside the changes waiting, as it says a failed push. The indexed version stays as it was.
 */
export async function recordPreparationFailure(orm: MikroORM, error: unknown, now = new Date(),
  engine = MEILISEARCH_ENGINE) {
  const reason = shortError(error)
  await orm.em.fork().transactional(async (em) => {
    await transactionSql(em, 'recordPreparationFailure')(`insert into "search_index_state" ("engine", "version",
      "last_attempt_at", "last_error") values ($1, 0, $2, $3)
      on conflict ("engine") do update set "last_attempt_at" = excluded."last_attempt_at",
        "last_error" = excluded."last_error"`, [engine, now, `Indeks belum bisa disiapkan: ${reason}`])
  })
  return reason
}

/**
 * One pass of the search outbox: takes the due changes (oldest version first, `batchSize` at most), reads the
 * services' current documents, and pushes them to the target engine (services that no longer exist are removed
 * from it). On success the rows leave the outbox, unless a newer change of the same service arrived meanwhile, and
 * the indexed version moves on; on failure each row waits longer (SEARCH_RETRY_POLICY) and the error is kept.
 *
 * The pass runs in one transaction holding an advisory lock, so two app nodes never push the same service in the
 * wrong order, and a rebuild (`search:reindex`) waits for it. The outbox rows themselves are not locked: catalogue
 * changes go on while a push waits for the engine.
 */
export async function pushSearchOutbox(options: SearchPushOptions): Promise<SearchPushReport> {
  const engine = options.engine ?? MEILISEARCH_ENGINE
  const batchSize = options.batchSize ?? 500
  const now = (options.now ?? (() => new Date()))()

  return options.orm.em.fork().transactional(async (em) => {
    const execute = transactionSql(em, 'pushSearchOutbox')
    const report: SearchPushReport = { indexed: 0, removed: 0, failed: 0, more: false }
    const [lock] = await execute<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked',
      [SEARCH_OUTBOX_LOCK])
    if (!lock?.locked) return { ...report, skipped: 'locked' as const }
    const [state] = await execute<{ rebuilding: boolean }>(`select coalesce("rebuilding_until" > $2, false)
      as rebuilding from "search_index_state" where "engine" = $1`, [engine, now])
    if (state?.rebuilding) return { ...report, skipped: 'rebuilding' as const }

    const rows = await execute<OutboxRow>(`select "slug", "version", "attempts" from "search_outbox"
      where "next_attempt_at" <= $1 order by "version", "slug" limit $2`, [now, batchSize + 1])
    const batch = rows.slice(0, batchSize)
    report.more = rows.length > batchSize
    if (!batch.length) {
      await recordIndexedVersion(execute, engine, now)
      return report
    }

    const slugs = batch.map(row => row.slug)
    const documents = await searchDocumentsFor(em, slugs)
    const found = new Set(documents.map(document => document.slug))
    const gone = slugs.filter(slug => !found.has(slug))
    try {
      await options.target.index(documents)
      await options.target.remove(gone)
    }
    catch (error) {
      const reason = shortError(error)
      await recordFailure(execute, engine, { rows: batch, error: reason, now,
        policy: options.policy ?? SEARCH_RETRY_POLICY, random: options.random })
      logger.warn({ engine, services: batch.length, error: reason }, 'search index update failed; will retry')
      return { ...report, failed: batch.length, error: reason, more: false }
    }

    await execute(`delete from "search_outbox" o using unnest($1::text[], $2::bigint[]) as d("slug", "version")
      where o."slug" = d."slug" and o."version" = d."version"`, [slugs, batch.map(row => row.version)])
    await recordIndexedVersion(execute, engine, now)
    logger.info({ engine, indexed: documents.length, removed: gone.length }, 'search index updated')
    return { ...report, indexed: documents.length, removed: gone.length }
  })
}

/** Runs push passes every `intervalMs` (at once after a pass that left due changes) until the result is called. */
export function startSearchOutboxWorker(pass: () => Promise<SearchPushReport>, intervalMs = 5_000) {
  return repeatPasses(async () => (await pass()).more, intervalMs, 'search outbox pass failed')
}
