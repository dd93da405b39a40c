import { Meilisearch } from 'meilisearch'
import { z } from 'zod'

/** Meilisearch settings that are not usable; the message names the variables, never their values. */
export class MeilisearchConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MeilisearchConfigError'
  }
}

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback)

const envSchema = z.object({
  MEILI_HOST: z.url({ protocol: /^https?$/ }),
  MEILI_MASTER_KEY: z.string().min(1).optional(),
  MEILI_ADMIN_KEY: z.string().min(1).optional(),
  MEILI_SEARCH_KEY: z.string().min(1).optional(),
  MEILI_INDEX: z.string().regex(/^[\w-]{1,100}$/).default('services'),
  MEILI_TIMEOUT_MS: milliseconds(300),
  MEILI_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  MEILI_CIRCUIT_COOLDOWN_MS: milliseconds(30_000),
})

export interface MeilisearchConfig {
  host: string
  /** The key for documents, settings and index swaps. */
  adminKey?: string
  /** The key searches are sent with. */
  searchKey?: string
  /** Used for both when no separate keys are given. */
  masterKey?: string
  indexUid: string
  /** A search slower than this is answered by PostgreSQL instead. */
  timeoutMs: number
  circuitFailures: number
  circuitCoolDownMs: number
}

/**
 * The Meilisearch settings from the environment: MEILI_HOST with MEILI_MASTER_KEY, or with MEILI_ADMIN_KEY and
 * MEILI_SEARCH_KEY. Null when MEILI_HOST is not set (PostgreSQL is then the only engine). An empty variable counts
 * as unset. The keys are read on the server only; nothing here reaches a page.
 */
export function meilisearchConfigFromEnv(env: Record<string, string | undefined> = process.env):
  MeilisearchConfig | null {
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('MEILI_') && value))
  if (!present.MEILI_HOST) return null
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map(issue => issue.path.join('.')))]
    throw new MeilisearchConfigError(`invalid Meilisearch settings: ${names.join(', ')}`)
  }
  const config = parsed.data
  if (!config.MEILI_MASTER_KEY && !(config.MEILI_ADMIN_KEY && config.MEILI_SEARCH_KEY)) {
    throw new MeilisearchConfigError('MEILI_HOST needs MEILI_MASTER_KEY, or MEILI_ADMIN_KEY and MEILI_SEARCH_KEY')
  }
  return {
    host: config.MEILI_HOST,
    adminKey: config.MEILI_ADMIN_KEY,
    searchKey: config.MEILI_SEARCH_KEY,
    masterKey: config.MEILI_MASTER_KEY,
    indexUid: config.MEILI_INDEX,
    timeoutMs: config.MEILI_TIMEOUT_MS,
    circuitFailures: config.MEILI_CIRCUIT_FAILURES,
    circuitCoolDownMs: config.MEILI_CIRCUIT_COOLDOWN_MS,
  }
}

/**
 * The two clients. The fallback engine decides when a search has taken too long (MEILI_TIMEOUT_MS); the search
 * client's own timeout, twice that, only frees the connection of a request nobody waits for any more. Admin work
 * may take longer. With MEILI_MASTER_KEY only, the master key serves for both; Meilisearch advises separate keys
 * (docs/search.md).
 */
export function meilisearchClients(config: MeilisearchConfig) {
  return {
    searchClient: new Meilisearch({ host: config.host, apiKey: config.searchKey ?? config.masterKey,
      timeout: config.timeoutMs * 2 }),
    adminClient: new Meilisearch({ host: config.host, apiKey: config.adminKey ?? config.masterKey, timeout: 30_000 }),
  }
}
