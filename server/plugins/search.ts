import { prepareMeilisearch } from '../search/meilisearch-runtime'
import { pushSearchOutbox, recordPreparationFailure, startSearchOutboxWorker } from '../search/outbox-worker'

const FIRST_RETRY_MS = 5_000
const LONGEST_RETRY_MS = 5 * 60_000

/**
 * With Meilisearch configured: on start, makes its index ready (settings applied, or a first build), then runs the
 * search outbox worker that keeps it in step with the catalogue (docs/search.md). Meilisearch being away at start
 * stops nothing: the preparation is tried again with a growing pause, and PostgreSQL answers searches meanwhile.
 */
export default defineNitroPlugin((nitroApp) => {
  if (!meilisearchConfig()) return
  let stopped = false
  let stopWorker: (() => Promise<void>) | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const prepare = async (attempt: number) => {
    try {
      const { meilisearch, database } = await useSearchRuntime()
      if (stopped) return
      await prepareMeilisearch(meilisearch!, database.orm)
      if (stopped) return
      // The runtime is asked for on every pass: the portal's database may be reopened after an outage.
      stopWorker = startSearchOutboxWorker(async () => {
        const current = await useSearchRuntime()
        return pushSearchOutbox({ orm: current.database.orm, target: current.meilisearch!.engine })
      }, Number(process.env.SEARCH_OUTBOX_INTERVAL_MS ?? 5_000))
    }
    catch (error) {
      const delay = Math.min(FIRST_RETRY_MS * 2 ** attempt, LONGEST_RETRY_MS)
      logger.warn({ error: (error as Error).message, retryInMs: delay }, 'Meilisearch could not be prepared')
      // /api/health says why the index lags; with the database away too, the log is all there is.
      await useSearchRuntime().then(({ database }) => recordPreparationFailure(database.orm, error))
        .catch(() => undefined)
      if (!stopped) timer = setTimeout(() => void prepare(attempt + 1), delay).unref()
    }
  }
  void prepare(0)

  nitroApp.hooks.hook('close', async () => {
    stopped = true
    clearTimeout(timer)
    await stopWorker?.()
  })
})
