import type { EntityManager } from '@mikro-orm/postgresql'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ServiceSchema } from '../../server/database/entities/service'
import { openDatabase, type Database } from '../../server/database/orm'
import { OutsideTransactionError, sqlExecutor, type Execute } from '../../server/database/sql'
import type { SearchDocument, SearchEngine } from '../../server/search/engine'
import { meilisearchConfigFromEnv } from '../../server/search/meilisearch-config'
import { createMeilisearchRuntime } from '../../server/search/meilisearch-runtime'
import { enqueueSearchUpdate, searchIndexLag } from '../../server/search/outbox'
import { pushSearchOutbox } from '../../server/search/outbox-worker'
import { postgresSearchEngineFor } from '../../server/search/postgres-engine'
import { rebuildSearchIndex, SearchRebuildRunningError } from '../../server/search/reindex'
import { createTestDatabase, openSeededDatabase } from '../support/database'
import { startFailureInjector, type FailureInjector } from '../support/failure-injector'

const SLUG = 'akta-kelahiran'

interface OutboxRow {
  version: string
  attempts: number
  next_attempt_at: string
  last_error: string | null
}

/**
 * The outbox against the real PostgreSQL. Where the pushes go: a failure injector at MEILI_HOST for the failing
 * side (the real Meilisearch engine and client in front of it), and, for the catching up, a second real engine (the
 * PostgreSQL engine on a database of its own): the worker feeds any SearchEngine, and that one can be searched to
 * see what arrived.
 */
describe('the search outbox', () => {
  let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
  let execute: Execute
  let target: Database
  let targetEngine: SearchEngine
  let injector: FailureInjector | undefined

  beforeAll(async () => {
    seeded = await openSeededDatabase('search_outbox')
    execute = sqlExecutor(seeded.database.orm)
    target = await openDatabase(await createTestDatabase('search_outbox_target'))
    targetEngine = postgresSearchEngineFor(target.orm, seeded.files.synonyms)
  })
  afterEach(async () => {
    await injector?.close()
    injector = undefined
  })
  afterAll(async () => {
    await seeded?.database.close()
    await target?.close()
  })

  const rename = (em: EntityManager, name: string) => em.transactional(async (tx) => {
    const service = await tx.findOneOrFail(ServiceSchema, { slug: SLUG })
    service.name = name
    return enqueueSearchUpdate(tx, [SLUG])
  })
  const outboxRow = async (slug = SLUG) =>
    (await execute<OutboxRow>('select * from search_outbox where slug = $1', [slug]))[0]
  const waitOf = async (from: Date) => new Date((await outboxRow())!.next_attempt_at).getTime() - from.getTime()
  const unreachableMeilisearch = async () => {
    injector = await startFailureInjector('reset')
    const config = meilisearchConfigFromEnv({ MEILI_HOST: injector.url, MEILI_MASTER_KEY: 'test-key-of-no-server' })!
    return createMeilisearchRuntime(config, seeded.database.orm, seeded.files.synonyms).engine
  }

  it('queues every service of the seed, numbered with the catalogue version of the seed', async () => {
    const lag = await searchIndexLag(execute, 'meilisearch')
    expect(lag).toMatchObject({ catalogueVersion: 1, indexedVersion: 0, versionsBehind: 1, pending: 182 })
    expect(await searchIndexLag(execute, 'postgres')).toMatchObject({ catalogueVersion: 1, versionsBehind: 0 })
  })

  it('writes the PostgreSQL index and the outbox row with the change, and neither when it rolls back', async () => {
    const em = seeded.database.orm.em.fork()
    await expect(em.transactional(async (tx) => {
      const service = await tx.findOneOrFail(ServiceSchema, { slug: SLUG })
      service.name = 'Akta Kelahiran Qzxvw'
      await enqueueSearchUpdate(tx, [SLUG])
      throw new Error('the editor gave up')
    })).rejects.toThrow('the editor gave up')
    expect((await searchIndexLag(execute, 'meilisearch')).catalogueVersion).toBe(1)
    expect((await seeded.engine.search({ q: 'qzxvw' })).total).toBe(0)
    expect((await outboxRow())!.version).toBe('1')

    const version = await rename(em.fork(), 'Akta Kelahiran Anak Pantai')
    expect(version).toBe(2)
    expect((await seeded.engine.search({ q: 'kelahiran anak pantai' })).hits[0]?.slug).toBe(SLUG)
    expect(await outboxRow()).toMatchObject({ version: '2', attempts: 0, last_error: null })
  })

  it('must be given the transaction of the change', async () => {
    await expect(enqueueSearchUpdate(seeded.database.orm.em.fork(), [SLUG])).rejects.toThrow(OutsideTransactionError)
  })

  it('keeps the changes while Meilisearch is unreachable and tries again later, waiting longer each time',
    async () => {
      const unreachable = await unreachableMeilisearch()
      const now = new Date('2030-01-01T08:00:00Z')
      const first = await pushSearchOutbox({ orm: seeded.database.orm, target: unreachable, now: () => now,
        random: () => 0 })
      expect(first).toMatchObject({ failed: 182, indexed: 0 })
      expect(injector!.connections()).toBeGreaterThan(0)
      const row = await outboxRow()
      expect(row).toMatchObject({ attempts: 1 })
      expect(await waitOf(now)).toBe(5_000)
      expect(row!.last_error).toBeTruthy()

      const early = await pushSearchOutbox({ orm: seeded.database.orm, target: unreachable,
        now: () => new Date(now.getTime() + 4_000) })
      expect(early).toMatchObject({ failed: 0, indexed: 0 })

      await pushSearchOutbox({ orm: seeded.database.orm, target: unreachable,
        now: () => new Date(now.getTime() + 5_000), random: () => 0 })
      expect(await waitOf(now)).toBe(5_000 + 10_000)

      const lag = await searchIndexLag(execute, 'meilisearch')
      expect(lag).toMatchObject({ catalogueVersion: 2, indexedVersion: 0, versionsBehind: 2, pending: 182 })
      expect(lag.lastError).toBeTruthy()
    })

  it('catches up when the engine is back: everything pushed, the outbox empty, the version recorded', async () => {
    const report = await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine,
      now: () => new Date('2031-01-01T00:00:00Z') })
    expect(report).toMatchObject({ indexed: 182, removed: 0, failed: 0 })
    expect(await searchIndexLag(execute, 'meilisearch')).toMatchObject({ catalogueVersion: 2, indexedVersion: 2,
      versionsBehind: 0, pending: 0, lastError: null })
    expect((await targetEngine.search({ q: 'kelahiran anak pantai' })).hits[0]?.slug).toBe(SLUG)
  })

  it('keeps a change made while a push is under way, and counts the index one version behind', async () => {
    const version = await rename(seeded.database.orm.em.fork(), 'Akta Kelahiran Sebelum Push')
    let changedDuringPush = 0
    const slowTarget: SearchEngine = {
      ...targetEngine,
      index: async (documents: SearchDocument[]) => {
        await targetEngine.index(documents)
        changedDuringPush = await rename(seeded.database.orm.em.fork(), 'Akta Kelahiran Sesudah Push')
      },
    }
    await pushSearchOutbox({ orm: seeded.database.orm, target: slowTarget })
    expect(changedDuringPush).toBe(version + 1)
    expect((await outboxRow())!.version).toBe(String(version + 1))
    expect(await searchIndexLag(execute, 'meilisearch')).toMatchObject({ indexedVersion: version,
      catalogueVersion: version + 1, versionsBehind: 1, pending: 1 })

    await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine })
    expect((await targetEngine.search({ q: 'sesudah push' })).hits[0]?.slug).toBe(SLUG)
    expect((await searchIndexLag(execute, 'meilisearch')).versionsBehind).toBe(0)
  })

  it('removes a service that is no longer published from the engine', async () => {
    await seeded.database.orm.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(ServiceSchema, { slug: 'akta-kematian' }, { status: 'archived' })
      await enqueueSearchUpdate(tx, ['akta-kematian'])
    })
    expect((await seeded.engine.search({ q: 'akta kematian' })).hits.map(hit => hit.slug))
      .not.toContain('akta-kematian')
    const report = await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine })
    expect(report).toMatchObject({ indexed: 0, removed: 1 })
    expect((await targetEngine.search({ q: 'akta kematian' })).hits.map(hit => hit.slug)).not.toContain('akta-kematian')
  })

  it('lets one pass push at a time, so two app nodes never push a service in the wrong order', async () => {
    await rename(seeded.database.orm.em.fork(), 'Akta Kelahiran Dua Node')
    let release!: () => void
    let entered!: () => void
    const inside = new Promise<void>(resolve => entered = resolve)
    const held: SearchEngine = { ...targetEngine, index: async (documents: SearchDocument[]) => {
      entered()
      await new Promise<void>(resolve => release = resolve)
      await targetEngine.index(documents)
    } }
    const first = pushSearchOutbox({ orm: seeded.database.orm, target: held })
    await inside
    expect(await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine })).toMatchObject({
      skipped: 'locked' })
    release()
    expect(await first).toMatchObject({ indexed: 1 })
  })

  it('rebuilds an index from a snapshot, holding the worker off, and keeps the changes made meanwhile', async () => {
    let duringBuild = 0
    const result = await rebuildSearchIndex({ orm: seeded.database.orm, build: async (documents) => {
      await expect(rebuildSearchIndex({ orm: seeded.database.orm, build: async () => {} }))
        .rejects.toThrow(SearchRebuildRunningError)
      expect(await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine }))
        .toMatchObject({ skipped: 'rebuilding' })
      duringBuild = await rename(seeded.database.orm.em.fork(), 'Akta Kelahiran Saat Rebuild')
      await targetEngine.index(documents)
    } })
    expect(result.documents).toBe(181)
    expect(duringBuild).toBe(result.version + 1)
    expect(await searchIndexLag(execute, 'meilisearch')).toMatchObject({ indexedVersion: result.version,
      pending: 1, rebuilding: false })

    await pushSearchOutbox({ orm: seeded.database.orm, target: targetEngine })
    expect((await targetEngine.search({ q: 'saat rebuild' })).hits[0]?.slug).toBe(SLUG)
    expect((await searchIndexLag(execute, 'meilisearch')).versionsBehind).toBe(0)
  })
})
