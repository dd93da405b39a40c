/** closed: requests go through; open: they are refused until the cool-down ends; half-open: one trial goes. */
export type CircuitState = 'closed' | 'open' | 'half-open'

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number
  /** How long the circuit stays open before one trial request is let through. */
  coolDownMs: number
  now?: () => number
}

export interface CircuitBreaker {
  /** True when a request may be sent now; in half-open, true for one trial at a time. */
  allowRequest: () => boolean
  recordSuccess: () => void
  recordFailure: () => void
  state: () => CircuitState
}

/**
 * A circuit breaker for the search engine of another process (Meilisearch): after `failureThreshold` failures in a
 * row it stops sending requests for `coolDownMs`, so that a service that is down is not waited for on every search;
 * then one trial request decides whether it closes again.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now
  let failures = 0
  let openedAt: number | null = null
  let trialRunning = false

  const state = (): CircuitState => {
    if (openedAt === null) return 'closed'
    return now() - openedAt >= options.coolDownMs ? 'half-open' : 'open'
  }

  return {
    state,
    allowRequest() {
      const current = state()
      if (current === 'closed') return true
      if (current === 'open' || trialRunning) return false
      trialRunning = true
      return true
    },
    recordSuccess() {
      failures = 0
      openedAt = null
      trialRunning = false
    },
    recordFailure() {
      failures++
      if (trialRunning || failures >= options.failureThreshold) openedAt = now()
      trialRunning = false
    },
  }
}
