import type { Database } from '../database/orm'
import type { SearchEngine } from '../search/engine'
import { postgresSearchEngineFor } from '../search/postgres-engine'

let engine: Promise<SearchEngine> | undefined

/** The configured search engine. PostgreSQL for now; Meilisearch joins behind the same interface later. */
export function useSearchEngine(database?: Database): Promise<SearchEngine> {
  engine ??= (async () => {
    const db = database ?? await useDatabase()
    return postgresSearchEngineFor(db.orm, await loadSynonymSource())
  })()
  engine.catch(forgetSearchEngine)
  return engine
}

/** Drops the engine bound to a database that was closed. */
export function forgetSearchEngine() {
  engine = undefined
}
