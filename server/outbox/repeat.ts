import { logger } from '../utils/logger'
import { shortError } from './retry'

/**
 * Runs `pass` now and then `intervalMs` after each pass ends, at once when a pass returns true (it left due work),
 * until the returned function is called; that function resolves once the pass under way has finished. A pass that
 * throws (database down) is logged as `failure` and the next one runs on schedule. Used by the outbox workers.
 */
export function repeatPasses(pass: () => Promise<boolean>, intervalMs: number, failure: string): () => Promise<void> {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | undefined

  const once = async () => {
    let again = false
    try {
      again = await pass()
    }
    catch (error) {
      logger.error({ error: shortError(error) }, failure)
    }
    if (!stopped) timer = setTimeout(run, again ? 0 : intervalMs).unref()
  }
  const run = () => {
    running = once()
  }

  run()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await running
  }
}
