import type { MikroORM } from '@mikro-orm/postgresql'
import type { Meilisearch, Settings } from 'meilisearch'
import { sqlExecutor } from '../database/sql'
import { logger } from '../utils/logger'
import { buildSynonymIndex, parseSynonyms } from './analyse'
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker'
import type { SearchEngine } from './engine'
import { meilisearchClients, type MeilisearchConfig } from './meilisearch-config'
import { applyMeilisearchSettings, createMeilisearchEngine } from './meilisearch-engine'
import { rebuildMeilisearchIndex } from './meilisearch-rebuild'
import { meilisearchSettings } from './meilisearch-settings'
import { MEILISEARCH_ENGINE } from './outbox'
import { suggestSpelling } from './postgres-engine'
import { rebuildSearchIndex } from './reindex'

/** Everything the portal and the CLI need to work with Meilisearch, built from its settings and the database. */
export interface MeilisearchRuntime {
  config: MeilisearchConfig
  engine: SearchEngine
  breaker: CircuitBreaker
  adminClient: Meilisearch
  /** The index settings, with the catalogue's category codes read from the database. */
  settings: () => Promise<Settings>
}

export function createMeilisearchRuntime(config: MeilisearchConfig, orm: MikroORM,
  synonymSource: string): MeilisearchRuntime {
  const execute = sqlExecutor(orm)
  const groups = parseSynonyms(synonymSource)
  const { searchClient, adminClient } = meilisearchClients(config)
  const engine = createMeilisearchEngine({ searchClient, adminClient, indexUid: config.indexUid,
    synonyms: buildSynonymIndex(groups), suggest: normalised => suggestSpelling(execute, normalised) })
  const breaker = createCircuitBreaker({ failureThreshold: config.circuitFailures,
    coolDownMs: config.circuitCoolDownMs })
  const settings = async () => {
    const rows = await execute<{ code: string }>('select "code" from "category" order by "code"')
    return meilisearchSettings({ synonymGroups: groups, categoryCodes: rows.map(row => row.code) })
  }
  return { config, engine, breaker, adminClient, settings }
}

/** `npm run search:setup`, and every start: the live index gets the settings of this build. */
export async function applySettings(runtime: MeilisearchRuntime): Promise<void> {
  await applyMeilisearchSettings(runtime.adminClient, runtime.config.indexUid, await runtime.settings())
  logger.info({ index: runtime.config.indexUid }, 'Meilisearch settings applied')
}

/** `npm run search:reindex`: a fresh index built from the catalogue and swapped in (docs/search.md). */
export async function reindexMeilisearch(runtime: MeilisearchRuntime, orm: MikroORM) {
  const settings = await runtime.settings()
  const result = await rebuildSearchIndex({ orm, build: async (documents) => {
    const report = await rebuildMeilisearchIndex(runtime.adminClient, runtime.config.indexUid, settings, documents)
    logger.info({ ...report }, 'Meilisearch index rebuilt and swapped in')
  } })
  return result
}

/**
 * Makes the live index ready on start: rebuilt when this database never filled it (a new index, or a new database
 * pointing at an old index), otherwise given the current settings; then the outbox catches up.
 */
export async function prepareMeilisearch(runtime: MeilisearchRuntime, orm: MikroORM): Promise<void> {
  const [state] = await sqlExecutor(orm)<{ version: string }>(
    'select "version" from "search_index_state" where "engine" = $1', [MEILISEARCH_ENGINE])
  const exists = await runtime.adminClient.getRawIndex(runtime.config.indexUid).then(() => true, () => false)
  if (!exists || !state || Number(state.version) === 0) await reindexMeilisearch(runtime, orm)
  else await applySettings(runtime)
}
