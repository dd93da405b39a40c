import { afterAll, describe, expect, it } from 'vitest'
import type { SearchResult } from '../../server/search/engine'
import type { SearchHealth } from '../../server/utils/search'
import { startFailureInjector } from '../support/failure-injector'
import { getJson, setupPortal } from '../support/server'

// Meilisearch cannot run here: MEILI_HOST points at a failure injector that drops every connection (a Meilisearch
// that is down). The portal must keep answering from PostgreSQL, say so, and report the index lag.
const injector = await startFailureInjector('reset')
await setupPortal('search_fallback', { MEILI_HOST: injector.url, MEILI_MASTER_KEY: 'test-key-of-no-server',
  MEILI_TIMEOUT_MS: '200', MEILI_CIRCUIT_FAILURES: '2', MEILI_CIRCUIT_COOLDOWN_MS: '60000',
  SEARCH_OUTBOX_INTERVAL_MS: '60000' })

afterAll(async () => {
  await injector.close()
})

describe('the portal with Meilisearch configured but down', () => {
  it('answers /api/v1/search from PostgreSQL and names the engine that answered', async () => {
    const result = await getJson<SearchResult>('/api/v1/search', { q: 'akta kelahiran' })
    expect(result.engine).toBe('postgres')
    expect(result.fallback?.from).toBe('meilisearch')
    expect(result.hits[0]?.slug).toBe('akta-kelahiran')
    expect(injector.connections()).toBeGreaterThan(0)
  })

  it('stops asking Meilisearch on every search once it has failed a few times', async () => {
    await getJson<SearchResult>('/api/v1/search', { q: 'ktp' })
    await getJson<SearchResult>('/api/v1/search', { q: 'kk' })
    const tried = injector.connections()
    const result = await getJson<SearchResult>('/api/v1/search', { q: 'nib' })
    expect(result.fallback?.reason).toBe('circuit-open')
    expect(injector.connections()).toBe(tried)
  })

  it('reports search as answered by the fallback, and how far Meilisearch\'s index lags', async () => {
    const health = await getJson<SearchHealth & { status: string, database: string }>('/api/health')
    expect(health).toMatchObject({ status: 'degraded', database: 'up', search: 'fallback',
      searchEngine: { configured: 'meilisearch', postgres: 'up', meilisearch: 'circuit-open' } })
    expect(health.searchIndex).toMatchObject({ engine: 'meilisearch', catalogueVersion: 1, indexedVersion: 0,
      versionsBehind: 1 })
    expect(health.searchIndex!.pending).toBeGreaterThan(100)
    // Why it lags: the index could not be made ready at start (no push has been tried yet), and when.
    await expect.poll(async () => (await getJson<SearchHealth>('/api/health')).searchIndex?.lastError,
      { timeout: 10_000 }).toMatch(/^Indeks belum bisa disiapkan: /)
    expect((await getJson<SearchHealth>('/api/health')).searchIndex?.lastAttemptAt).not.toBeNull()
  })

  it('never sends a Meilisearch key to the browser', async () => {
    const { fetch } = await import('@nuxt/test-utils/e2e')
    const page = await (await fetch('/cari?q=ktp')).text()
    expect(page).not.toContain('test-key-of-no-server')
    expect(page).not.toContain(injector.url)
  })
})
