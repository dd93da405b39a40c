import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCircuitBreaker } from '../../server/search/circuit-breaker'
import type { SearchEngine } from '../../server/search/engine'
import { createFallbackSearchEngine } from '../../server/search/fallback-engine'
import { meilisearchConfigFromEnv } from '../../server/search/meilisearch-config'
import { createMeilisearchRuntime } from '../../server/search/meilisearch-runtime'
import { openSeededDatabase } from '../support/database'
import { startFailureInjector, type FailureInjector } from '../support/failure-injector'

describe('the circuit breaker in front of Meilisearch', () => {
  it('opens after the failures in a row, lets one trial through after the cool-down, and closes on success', () => {
    let clock = 0
    const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => clock })
    breaker.recordFailure()
    breaker.recordFailure()
    expect(breaker.allowRequest()).toBe(true)
    breaker.recordFailure()
    expect(breaker.state()).toBe('open')
    expect(breaker.allowRequest()).toBe(false)

    clock = 1000
    expect(breaker.state()).toBe('half-open')
    expect(breaker.allowRequest()).toBe(true)
    expect(breaker.allowRequest()).toBe(false)
    breaker.recordSuccess()
    expect(breaker.state()).toBe('closed')
    expect(breaker.allowRequest()).toBe(true)
  })

  it('opens again at once when the trial fails, and a success in between resets the count', () => {
    let clock = 0
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 100, now: () => clock })
    breaker.recordFailure()
    breaker.recordSuccess()
    breaker.recordFailure()
    expect(breaker.state()).toBe('closed')
    breaker.recordFailure()
    clock = 100
    expect(breaker.allowRequest()).toBe(true)
    breaker.recordFailure()
    expect(breaker.state()).toBe('open')
    clock = 150
    expect(breaker.allowRequest()).toBe(false)
  })
})

/**
 * Meilisearch cannot run here, so what stands at MEILI_HOST is a failure injector (test/support/failure-injector.ts)
 * that drops or stalls every connection; the engine in front of it is the real Meilisearch engine with the official
 * client, and the fallback is the real PostgreSQL engine over the seeded catalogue.
 */
describe('searching while Meilisearch is away or slow', () => {
  let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
  let injector: FailureInjector | undefined
  beforeAll(async () => {
    seeded = await openSeededDatabase('search_fallback')
  })
  afterEach(async () => {
    await injector?.close()
    injector = undefined
  })
  afterAll(async () => {
    await seeded?.database.close()
  })

  // A dropped connection fails at once, so the time limit is generous there (a busy machine must not turn it into a
  // timeout); a stalled one must outlast the limit, so the limit is short there.
  async function engineAt(mode: 'reset' | 'hang') {
    injector = await startFailureInjector(mode)
    const config = meilisearchConfigFromEnv({ MEILI_HOST: injector.url, MEILI_MASTER_KEY: 'test-key-of-no-server',
      MEILI_TIMEOUT_MS: mode === 'reset' ? '10000' : '150', MEILI_CIRCUIT_FAILURES: '100' })!
    const meilisearch = createMeilisearchRuntime(config, seeded.database.orm, seeded.files.synonyms)
    const engine: SearchEngine = createFallbackSearchEngine({ primary: meilisearch.engine, fallback: seeded.engine,
      breaker: meilisearch.breaker, timeoutMs: config.timeoutMs })
    return { engine, meilisearch, injector }
  }

  it('answers from PostgreSQL, and says so, when Meilisearch is unreachable', async () => {
    const { engine, injector } = await engineAt('reset')
    const result = await engine.search({ q: 'akta kelahiran', category: '01.12' })
    expect(injector.connections()).toBeGreaterThan(0)
    expect(result.engine).toBe('postgres')
    expect(result.fallback).toEqual({ from: 'meilisearch', reason: 'unavailable' })
    const direct = await seeded.engine.search({ q: 'akta kelahiran', category: '01.12' })
    expect(result.hits).toEqual(direct.hits)
    expect(result.facets).toEqual(direct.facets)
  })

  it('answers from PostgreSQL when Meilisearch is slower than MEILI_TIMEOUT_MS', async () => {
    const { engine, injector } = await engineAt('hang')
    const result = await engine.search({ q: 'kartu keluarga' })
    expect(injector.connections()).toBeGreaterThan(0)
    expect(result).toMatchObject({ engine: 'postgres', fallback: { from: 'meilisearch', reason: 'timeout' } })
    expect(result.hits[0]?.category.code).toBe('01.12')
  })

  it('stops asking a Meilisearch that keeps failing, then tries it again after the cool-down', async () => {
    const { meilisearch, injector } = await engineAt('reset')
    let clock = 0
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 30_000, now: () => clock })
    const engine = createFallbackSearchEngine({ primary: meilisearch.engine, fallback: seeded.engine, breaker,
      timeoutMs: 10_000 })
    await engine.search({ q: 'ktp' })
    await engine.search({ q: 'ktp' })
    expect(breaker.state()).toBe('open')
    const tried = injector.connections()

    for (let i = 0; i < 5; i++) {
      expect((await engine.search({ q: 'ktp' })).fallback?.reason).toBe('circuit-open')
    }
    expect(injector.connections()).toBe(tried)

    clock = 30_000
    expect((await engine.search({ q: 'ktp' })).fallback?.reason).toBe('unavailable')
    expect(injector.connections()).toBeGreaterThan(tried)
    expect(breaker.state()).toBe('open')
  })

  it('reports Meilisearch as not healthy when it cannot be reached', async () => {
    const { meilisearch } = await engineAt('reset')
    expect(await meilisearch.engine.isHealthy().catch(() => false)).toBe(false)
  })
})
