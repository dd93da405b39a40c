import type { EntityManager } from '@mikro-orm/postgresql'
import { searchDocumentsFor } from '../catalogue/queries'
import { transactionSql, type Execute } from '../database/sql'
import { indexPostgresDocuments, removePostgresDocuments } from './postgres-engine'

/** The engine the outbox feeds; its row in search_index_state. */
export const MEILISEARCH_ENGINE = 'meilisearch'

/**
 * Records a change of the catalogue's services (created, edited, removed: pass every slug whose search document may
 * differ, the old slug too after a rename) inside the caller's transaction, and returns the new catalogue version:
 * - the catalogue version is bumped (its row lock orders concurrent changes, so versions follow commit order);
 * - the PostgreSQL engine's index is updated in the same transaction, so it is never out of step;
 * - each slug gets a row in search_outbox, replacing an older one, for the worker that feeds Meilisearch
 *   (server/search/outbox-worker.ts). Rows are written whether or not Meilisearch is configured: a process without
 *   MEILI_HOST (a seed run) must not lose a change that a portal with Meilisearch has to push.
 * The caller's pending changes are flushed first, so the documents read are the ones being committed. Call it last
 * in the transaction, after the catalogue writes.
 */
export async function enqueueSearchUpdate(em: EntityManager, slugs: string[]): Promise<number> {
  const execute = transactionSql(em, 'enqueueSearchUpdate')
  const unique = [...new Set(slugs)]
  await em.flush()

  const [bumped] = await execute<{ version: string }>(`update "catalogue_version" set "version" = "version" + 1,
    "changed_at" = now() where "id" returning "version"`)
  const version = Number(bumped!.version)
  if (!unique.length) return version

  const documents = await searchDocumentsFor(em, unique)
  const found = new Set(documents.map(document => document.slug))
  await indexPostgresDocuments(execute, documents)
  await removePostgresDocuments(execute, unique.filter(slug => !found.has(slug)))

  await execute(`insert into "search_outbox" ("slug", "version", "queued_at", "attempts", "next_attempt_at")
    select "slug", $2, now(), 0, now() from unnest($1::text[]) as "slug"
    on conflict ("slug") do update set "version" = excluded."version", "queued_at" = excluded."queued_at",
      "attempts" = 0, "next_attempt_at" = excluded."next_attempt_at", "last_error" = null`, [unique, version])
  return version
}

/** Every slug the catalogue or the PostgreSQL index knows: what a full re-index must visit. */
export async function allIndexedSlugs(execute: Execute): Promise<string[]> {
  const rows = await execute<{ slug: string }>(
    'select "slug" from "service" union select "slug" from "search_document"')
  return rows.map(row => row.slug)
}

export interface SearchIndexLag {
  /** The engine whose index this describes. */
  engine: string
  /** Bumped by every catalogue change. */
  catalogueVersion: number
  /** The catalogue version the engine's index reflects (changes still waiting in the outbox excepted). */
  indexedVersion: number
  versionsBehind: number
  /** Services whose change waits in the outbox. */
  pending: number
  /** Age of the oldest waiting change, in seconds; null when none waits. */
  oldestPendingSeconds: number | null
  lastError: string | null
  lastAttemptAt: string | null
  /** A `search:reindex` is building a fresh index; the worker waits for it. */
  rebuilding: boolean
}

/**
 * How far an engine's index lags behind the catalogue (for /api/health). PostgreSQL's index is written in each
 * change's own transaction, so it always reflects the current version; Meilisearch's reflects what the outbox
 * worker has pushed.
 */
export async function searchIndexLag(execute: Execute, engine: string): Promise<SearchIndexLag> {
  if (engine === 'postgres') {
    const [row] = await execute<{ version: string }>('select "version" from "catalogue_version"')
    const version = Number(row!.version)
    return { engine, catalogueVersion: version, indexedVersion: version, versionsBehind: 0, pending: 0,
      oldestPendingSeconds: null, lastError: null, lastAttemptAt: null, rebuilding: false }
  }
  const [row] = await execute<Record<string, string | null>>(`
    select c."version" as catalogue, s."version" as indexed, s."last_error" as last_error,
      s."last_attempt_at" as last_attempt_at, coalesce(s."rebuilding_until" > now(), false) as rebuilding,
      (select count(*) from "search_outbox") as pending,
      (select extract(epoch from now() - min("queued_at")) from "search_outbox") as oldest
    from "catalogue_version" c left join "search_index_state" s on s."engine" = $1`, [engine])
  const catalogueVersion = Number(row!.catalogue)
  const indexedVersion = Number(row!.indexed ?? 0)
  return {
    engine,
    catalogueVersion,
    indexedVersion,
    versionsBehind: Math.max(0, catalogueVersion - indexedVersion),
    pending: Number(row!.pending),
    oldestPendingSeconds: row!.oldest === null ? null : Math.round(Number(row!.oldest)),
    lastError: row!.last_error ?? null,
    lastAttemptAt: row!.last_attempt_at ? new Date(row!.last_attempt_at).toISOString() : null,
    rebuilding: Boolean(row!.rebuilding),
  }
}
