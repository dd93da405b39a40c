import type { Database } from '../database/orm'
import { sqlExecutor } from '../database/sql'
import type { SearchEngine } from '../search/engine'
import { createFallbackSearchEngine } from '../search/fallback-engine'
import { MeilisearchConfigError, meilisearchConfigFromEnv, type MeilisearchConfig } from '../search/meilisearch-config'
import { createMeilisearchRuntime, type MeilisearchRuntime } from '../search/meilisearch-runtime'
import { searchIndexLag, type SearchIndexLag } from '../search/outbox'
import { postgresSearchEngineFor } from '../search/postgres-engine'

export interface SearchRuntime {
  /** What /api/v1/search asks: Meilisearch with PostgreSQL as its fallback, or PostgreSQL alone. */
  engine: SearchEngine
  postgres: SearchEngine
  meilisearch: MeilisearchRuntime | null
  database: Database
}

let runtime: Promise<SearchRuntime> | undefined
let configured: { config: MeilisearchConfig | null } | undefined

/**
 * The Meilisearch settings: MEILI_* variables, or the server-only runtimeConfig (NUXT_MEILI_HOST, …), read once.
 * Bad settings do not stop the portal: the error names the variables and PostgreSQL answers every search.
 */
export function meilisearchConfig(): MeilisearchConfig | null {
  configured ??= { config: readMeilisearchConfig() }
  return configured.config
}

function readMeilisearchConfig(): MeilisearchConfig | null {
  const config = useRuntimeConfig()
  try {
    return meilisearchConfigFromEnv({
      ...process.env,
      MEILI_HOST: process.env.MEILI_HOST || config.meiliHost,
      MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY || config.meiliMasterKey,
      MEILI_ADMIN_KEY: process.env.MEILI_ADMIN_KEY || config.meiliAdminKey,
      MEILI_SEARCH_KEY: process.env.MEILI_SEARCH_KEY || config.meiliSearchKey,
    })
  }
  catch (error) {
    if (!(error instanceof MeilisearchConfigError)) throw error
    logger.error({ error: error.message }, 'Meilisearch settings are invalid; PostgreSQL answers every search')
    return null
  }
}

/** The search engines over the portal's database, built once. */
export function useSearchRuntime(database?: Database): Promise<SearchRuntime> {
  runtime ??= (async () => {
    const db = database ?? await useDatabase()
    const synonymSource = await loadSynonymSource()
    const postgres = postgresSearchEngineFor(db.orm, synonymSource)
    const config = meilisearchConfig()
    if (!config) return { engine: postgres, postgres, meilisearch: null, database: db }
    const meilisearch = createMeilisearchRuntime(config, db.orm, synonymSource)
    const engine = createFallbackSearchEngine({ primary: meilisearch.engine, fallback: postgres,
      breaker: meilisearch.breaker, timeoutMs: config.timeoutMs })
    return { engine, postgres, meilisearch, database: db }
  })()
  runtime.catch(forgetSearchEngine)
  return runtime
}

/** The configured search engine (Meilisearch with its PostgreSQL fallback, or PostgreSQL). */
export async function useSearchEngine(database?: Database): Promise<SearchEngine> {
  return (await useSearchRuntime(database)).engine
}

/** Drops the engines bound to a database that was closed. */
export function forgetSearchEngine() {
  runtime = undefined
}

export interface SearchHealth {
  /** up: the configured engine answers; fallback: Meilisearch does not and PostgreSQL answers; down: neither. */
  search: 'up' | 'fallback' | 'down'
  searchEngine: SearchEngineHealth
  /** How far the configured engine's index lags behind the catalogue. */
  searchIndex: SearchIndexLag | null
}

export interface SearchEngineHealth {
  configured: 'meilisearch' | 'postgres'
  postgres: 'up' | 'down'
  meilisearch?: 'up' | 'down' | 'circuit-open'
}

/** The search part of /api/health. Meilisearch is not asked while its circuit is open. */
export async function searchHealth(): Promise<SearchHealth> {
  const { postgres, meilisearch, database } = await useSearchRuntime()
  const postgresUp = await postgres.isHealthy().catch(() => false)
  const configured = meilisearch ? 'meilisearch' : 'postgres'
  const searchIndex = await searchIndexLag(sqlExecutor(database.orm), configured).catch(() => null)
  if (!meilisearch) {
    return { search: postgresUp ? 'up' : 'down', searchEngine: { configured, postgres: postgresUp ? 'up' : 'down' },
      searchIndex }
  }
  const open = meilisearch.breaker.state() === 'open'
  const meilisearchUp = !open && await meilisearch.engine.isHealthy().catch(() => false)
  return {
    search: meilisearchUp ? 'up' : postgresUp ? 'fallback' : 'down',
    searchEngine: { configured, postgres: postgresUp ? 'up' : 'down',
      meilisearch: open ? 'circuit-open' : meilisearchUp ? 'up' : 'down' },
    searchIndex,
  }
}
