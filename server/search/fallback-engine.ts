import { logger } from '../utils/logger'
import type { CircuitBreaker } from './circuit-breaker'
import type { SearchEngine, SearchFallback, SearchParams, SearchResult } from './engine'

export interface FallbackEngineOptions {
  primary: SearchEngine
  fallback: SearchEngine
  breaker: CircuitBreaker
  /** The longest a search may wait for the primary engine before the fallback answers (MEILI_TIMEOUT_MS). */
  timeoutMs: number
}

/** The primary engine did not answer within the time limit. */
export class SearchTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`search engine did not answer within ${timeoutMs} ms`)
    this.name = 'SearchTimeoutError'
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SearchTimeoutError(timeoutMs)), timeoutMs)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/**
 * Answers from the primary engine (Meilisearch) when it answers in time, and from the fallback (PostgreSQL)
 * otherwise: when it is unreachable, fails, is slower than `timeoutMs`, or its circuit is open after repeated
 * failures. A fallback answer names the engine that gave it and why (`engine: 'postgres'`, `fallback`).
 * Indexing goes to the fallback only: the primary engine's index is fed by the search outbox (docs/search.md).
 */
export function createFallbackSearchEngine(options: FallbackEngineOptions): SearchEngine {
  const { primary, fallback, breaker, timeoutMs } = options

  async function answerFromFallback(params: SearchParams, reason: SearchFallback['reason']): Promise<SearchResult> {
    const result = await fallback.search(params)
    return { ...result, fallback: { from: primary.name, reason } }
  }

  async function search(params: SearchParams): Promise<SearchResult> {
    if (!breaker.allowRequest()) return answerFromFallback(params, 'circuit-open')
    try {
      const result = await withTimeout(primary.search(params), timeoutMs)
      breaker.recordSuccess()
      return result
    }
    catch (error) {
      breaker.recordFailure()
      const reason: SearchFallback['reason'] = error instanceof SearchTimeoutError ? 'timeout' : 'unavailable'
      logger.warn({ engine: primary.name, reason, error: (error as Error).message, circuit: breaker.state() },
        'search answered by the fallback engine')
      return answerFromFallback(params, reason)
    }
  }

  return {
    name: primary.name,
    index: documents => fallback.index(documents),
    remove: slugs => fallback.remove(slugs),
    search,
    isHealthy: async () => breaker.state() !== 'open' && await withTimeout(primary.isHealthy(), timeoutMs)
      .catch(() => false),
  }
}
