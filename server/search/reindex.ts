import type { MikroORM } from '@mikro-orm/postgresql'
import { allSearchDocuments } from '../catalogue/queries'
import { transactionSql } from '../database/sql'
import type { SearchDocument } from './engine'
import { allIndexedSlugs, enqueueSearchUpdate, MEILISEARCH_ENGINE } from './outbox'
import { SEARCH_OUTBOX_LOCK } from './outbox-worker'

/** Another rebuild holds the lease; the message says until when. */
export class SearchRebuildRunningError extends Error {
  constructor(until: Date) {
    super(`a search index rebuild is already under way (lease until ${until.toISOString()})`)
    this.name = 'SearchRebuildRunningError'
  }
}

export interface RebuildOptions {
  orm: MikroORM
  /** Builds a fresh index from every document and swaps it in (rebuildMeilisearchIndex). */
  build: (documents: SearchDocument[]) => Promise<void>
  engine?: string
  /** How long the outbox worker waits for the rebuild; after that a dead rebuild no longer holds it up. */
  leaseMs?: number
}

/**
 * Rebuilds an engine's index from the catalogue without losing a change made meanwhile:
 * 1. takes a lease (after any push pass under way), so the outbox worker stops pushing to the old index;
 * 2. reads every document together with the catalogue version they reflect (a share lock on the version row waits
 *    for a catalogue change that is committing);
 * 3. builds and swaps in the fresh index (searches keep using the old one until the swap);
 * 4. records that version as indexed, drops the outbox rows it covers, and ends the lease: changes made during the
 *    rebuild stay in the outbox and are pushed to the fresh index by the worker.
 */
export async function rebuildSearchIndex(options: RebuildOptions) {
  const engine = options.engine ?? MEILISEARCH_ENGINE
  const leaseMs = options.leaseMs ?? 30 * 60_000

  await options.orm.em.fork().transactional(async (em) => {
    const execute = transactionSql(em, 'rebuildSearchIndex')
    await execute('select pg_advisory_xact_lock($1)', [SEARCH_OUTBOX_LOCK])
    const [state] = await execute<{ until: Date | null }>(`select "rebuilding_until" as until
      from "search_index_state" where "engine" = $1 and "rebuilding_until" > now()`, [engine])
    if (state?.until) throw new SearchRebuildRunningError(new Date(state.until))
    await execute(`insert into "search_index_state" ("engine", "version", "rebuilding_until")
      values ($1, 0, now() + make_interval(secs => $2))
      on conflict ("engine") do update set "rebuilding_until" = excluded."rebuilding_until"`, [engine, leaseMs / 1000])
  })

  const endLease = (version?: number) => options.orm.em.fork().transactional(async (em) => {
    const execute = transactionSql(em, 'rebuildSearchIndex')
    if (version === undefined) {
      await execute('update "search_index_state" set "rebuilding_until" = null where "engine" = $1', [engine])
      return
    }
    await execute(`update "search_index_state" set "version" = $2, "indexed_at" = now(), "last_error" = null,
      "rebuilding_until" = null where "engine" = $1`, [engine, version])
    await execute('delete from "search_outbox" where "version" <= $1', [version])
  })

  try {
    const { documents, version } = await options.orm.em.fork().transactional(async (em) => {
      const [row] = await transactionSql(em, 'rebuildSearchIndex')<{ version: string }>(
        'select "version" from "catalogue_version" for share')
      return { documents: await allSearchDocuments(em), version: Number(row!.version) }
    })
    await options.build(documents)
    await endLease(version)
    return { documents: documents.length, version }
  }
  catch (error) {
    await endLease()
    throw error
  }
}

/**
 * Rebuilds the PostgreSQL engine's index in one transaction (every service indexed again, vanished ones removed),
 * as a catalogue change: the outbox gets every service too.
 */
export async function rebuildPostgresIndex(orm: MikroORM) {
  return orm.em.fork().transactional(async (em) => {
    const execute = transactionSql(em, 'rebuildPostgresIndex')
    const version = await enqueueSearchUpdate(em, await allIndexedSlugs(execute))
    const [row] = await execute<{ documents: string }>('select count(*) as documents from "search_document"')
    return { documents: Number(row!.documents), version }
  })
}
