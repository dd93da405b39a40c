import type { Meilisearch, MultiSearchQuery, Settings, Task } from 'meilisearch'
import { analyseQuery } from './analyse'
import {
  SEARCH_DEFAULT_LIMIT, type SearchDocument, type SearchEngine, type SearchParams, type SearchResult,
} from './engine'
import {
  equalsFilter, meilisearchQuery, MEILISEARCH_PRIMARY_KEY, toMeilisearchDocument, type MeilisearchHit,
} from './meilisearch-documents'

export interface MeilisearchEngineOptions {
  /** A client with the search key, whose requests give up after the search time limit. */
  searchClient: Meilisearch
  /** A client with the admin key, for documents and settings. */
  adminClient: Meilisearch
  /** The live index's uid ("services"). */
  indexUid: string
  synonyms: Map<string, string[]>
  /** "Did you mean": Meilisearch has none, so the PostgreSQL engine's vocabulary answers (it holds the same words). */
  suggest: (normalised: string) => Promise<string | null>
  /** How long a document or settings task may take before a push counts as failed. */
  taskTimeoutMs?: number
}

/** A Meilisearch task that ended in any state but `succeeded` (its error, when Meilisearch gave one). */
export class MeilisearchTaskFailedError extends Error {
  constructor(task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}`)
    this.name = 'MeilisearchTaskFailedError'
  }
}

export function ensureSucceeded(task: Task): Task {
  if (task.status !== 'succeeded') throw new MeilisearchTaskFailedError(task)
  return task
}

const RETRIEVED = ['slug', 'name', 'categoryCode', 'categoryName', 'agencySlug', 'agencyName']

const sortedFacet = (facet: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(facet ?? {}).sort(([a], [b]) => a.localeCompare(b)))

/**
 * Search on Meilisearch, behind the same interface as PostgreSQL. The query is read by the shared analyser
 * (server/search/analyse.ts) and sent as stems (meilisearchQuery); the index holds a stemmed copy of each service.
 *
 * The facets follow the PostgreSQL engine: the category counts ignore the category filter and the OPD counts ignore
 * the OPD filter, so a citizen can switch. Meilisearch counts facets within its filter only, so those counts come
 * from extra queries (no hits) in the same multi-search request.
 */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const { searchClient, adminClient, indexUid, synonyms, suggest } = options
  const waitOptions = { timeout: options.taskTimeoutMs ?? 30_000, interval: 100 }

  async function search({ q, category, agency, limit = SEARCH_DEFAULT_LIMIT }: SearchParams): Promise<SearchResult> {
    const analysed = analyseQuery(q, synonyms)
    if (analysed.normalised && !analysed.terms.length) {
      return { engine: 'meilisearch', total: 0, hits: [], facets: { category: {}, agency: {} },
        suggestion: await suggest(analysed.normalised) }
    }

    const text = meilisearchQuery(analysed)
    const categoryFilter = category ? [equalsFilter('categoryCode', category)] : []
    const agencyFilter = agency ? [equalsFilter('agencySlug', agency)] : []
    const base = { indexUid, q: text, matchingStrategy: 'last' as const, locales: ['ind'] }
    const queries: MultiSearchQuery[] = [{ ...base, filter: [...categoryFilter, ...agencyFilter], page: 1,
      hitsPerPage: limit, attributesToRetrieve: RETRIEVED,
      facets: [...(category ? [] : ['categoryCode']), ...(agency ? [] : ['agencySlug'])] }]
    if (category) queries.push({ ...base, filter: agencyFilter, page: 1, hitsPerPage: 0, facets: ['categoryCode'] })
    if (agency) queries.push({ ...base, filter: categoryFilter, page: 1, hitsPerPage: 0, facets: ['agencySlug'] })

    const { results } = await searchClient.multiSearch<{ queries: MultiSearchQuery[] }, MeilisearchHit>({ queries })
    const [main, ...facetResults] = results
    const facetOf = (name: string) => [main!, ...facetResults].find(result => result.facetDistribution?.[name])
      ?.facetDistribution?.[name]
    const total = main!.totalHits ?? main!.estimatedTotalHits ?? 0
    return {
      engine: 'meilisearch',
      total,
      hits: main!.hits.map(hit => ({
        slug: hit.slug,
        name: hit.name,
        category: { code: hit.categoryCode, name: hit.categoryName },
        agency: { slug: hit.agencySlug, name: hit.agencyName },
      })),
      facets: { category: sortedFacet(facetOf('categoryCode')), agency: sortedFacet(facetOf('agencySlug')) },
      suggestion: total === 0 && analysed.normalised ? await suggest(analysed.normalised) : null,
    }
  }

  async function index(documents: SearchDocument[]): Promise<void> {
    if (!documents.length) return
    const task = await adminClient.index(indexUid)
      .addDocuments(documents.map(toMeilisearchDocument), { primaryKey: MEILISEARCH_PRIMARY_KEY })
      .waitTask(waitOptions)
    ensureSucceeded(task)
  }

  async function remove(slugs: string[]): Promise<void> {
    if (!slugs.length) return
    ensureSucceeded(await adminClient.index(indexUid).deleteDocuments(slugs).waitTask(waitOptions))
  }

  async function isHealthy(): Promise<boolean> {
    return searchClient.isHealthy()
  }

  return { name: 'meilisearch', index, remove, search, isHealthy }
}

/** Applies the index settings to an index (creating it when missing) and waits until Meilisearch has them. */
export async function applyMeilisearchSettings(adminClient: Meilisearch, indexUid: string, settings: Settings,
  timeoutMs = 120_000): Promise<void> {
  const task = await adminClient.index(indexUid).updateSettings(settings).waitTask({ timeout: timeoutMs })
  ensureSucceeded(task)
}
