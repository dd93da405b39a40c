import { buildSynonymIndex, parseSynonyms } from '../search/analyse'
import type { SearchEngine } from '../search/engine'
import { createPostgresSearchEngine } from '../search/postgres-engine'
import type { Database } from '../database/orm'
import { sqlExecutor } from '../database/sql'

let engine: Promise<SearchEngine> | undefined

/** The configured search engine. PostgreSQL for now; Meilisearch joins behind the same interface later. */
export function useSearchEngine(database?: Database): Promise<SearchEngine> {
  engine ??= (async () => {
    const db = database ?? await useDatabase()
    const synonyms = buildSynonymIndex(parseSynonyms(await loadSynonymSource()))
    return createPostgresSearchEngine(sqlExecutor(db.orm), synonyms)
  })()
  engine.catch(forgetSearchEngine)
  return engine
}

/** Drops the engine bound to a database that was closed. */
export function forgetSearchEngine() {
  engine = undefined
}
