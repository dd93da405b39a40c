/** What every search engine of the portal (PostgreSQL, Meilisearch) offers, and what it is given. */

export interface SearchDocument {
  slug: string
  name: string
  aliases: string[]
  categoryCode: string
  categoryName: string
  agencySlug: string
  agencyName: string
  agencyShortName: string
  purpose: string
  function: string
  output: string
  requirements: string[]
  procedure: string[]
  method: string
  target: string
  free: boolean
  popular: boolean
}

export interface SearchParams {
  q: string
  category?: string
  agency?: string
  limit?: number
}

export interface SearchHit {
  slug: string
  name: string
  category: { code: string, name: string }
  agency: { slug: string, name: string }
}

export interface SearchResult {
  engine: string
  total: number
  hits: SearchHit[]
  facets: { category: Record<string, number>, agency: Record<string, number> }
  /** A corrected query to offer ("Mungkin maksud Anda …") when nothing matched. */
  suggestion: string | null
  /** Set when the configured engine could not answer and another did: which one failed, and why. */
  fallback?: SearchFallback
}

export interface SearchFallback {
  /** The engine that should have answered ("meilisearch"). */
  from: string
  /** timeout: slower than MEILI_TIMEOUT_MS; unavailable: unreachable or failing; circuit-open: skipped for now. */
  reason: 'timeout' | 'unavailable' | 'circuit-open'
}

export interface SearchEngine {
  readonly name: string
  index: (documents: SearchDocument[]) => Promise<void>
  remove: (slugs: string[]) => Promise<void>
  search: (params: SearchParams) => Promise<SearchResult>
  isHealthy: () => Promise<boolean>
}

export const SEARCH_DEFAULT_LIMIT = 20
export const SEARCH_MAX_LIMIT = 50
