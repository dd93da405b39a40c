import type { Settings } from 'meilisearch'
import { STOPWORDS, type SynonymGroups } from './analyse'

/**
 * The Meilisearch index settings, as code: applied on every start and by `npm run search:setup`, and given to each
 * fresh index that `npm run search:reindex` builds. docs/search.md explains each choice.
 */

/** Meilisearch looks up synonyms for query terms of one to three words only (docs/search.md). */
export const MEILISEARCH_MAX_SYNONYM_WORDS = 3

/** The category filter lists every RAL category (40); the OPD filter every OPD (30). */
export const MAX_VALUES_PER_FACET = 40

/**
 * The result page shows the first 50 hits (SEARCH_MAX_LIMIT) and the number found. The count is exact up to this
 * bound; a catalogue of a few hundred services never reaches it.
 */
export const MAX_TOTAL_HITS = 1000

/** Searchable attributes, the most telling first: Meilisearch's `attribute` rule ranks by this order. */
export const SEARCHABLE_ATTRIBUTES = [
  'name', 'aliases', 'nameStems', 'categoryName', 'agencyShortName', 'agencyName', 'categoryCode', 'requirements',
  'purpose', 'output', 'function', 'procedure', 'textStems',
]

export const FILTERABLE_ATTRIBUTES = ['categoryCode', 'agencySlug', 'method', 'target', 'free']

export interface MeilisearchSettingsInput {
  synonymGroups: SynonymGroups
  /** The RAL category codes (01.01 …): never corrected as typos. */
  categoryCodes: string[]
}

/**
 * The synonym file as Meilisearch wants it: each term maps to the other terms of its groups. A term of more than
 * three words is never looked up by Meilisearch, so it is kept only as a value (a shorter term still finds it).
 */
export function meilisearchSynonyms(groups: SynonymGroups): Record<string, string[]> {
  const synonyms: Record<string, Set<string>> = {}
  for (const group of groups) {
    for (const term of group) {
      if (term.split(' ').length > MEILISEARCH_MAX_SYNONYM_WORDS) continue
      const others = group.filter(other => other !== term)
      synonyms[term] = new Set([...(synonyms[term] ?? []), ...others])
    }
  }
  return Object.fromEntries(Object.entries(synonyms).map(([term, others]) => [term, [...others]]))
}

export function meilisearchSettings({ synonymGroups, categoryCodes }: MeilisearchSettingsInput): Settings {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    displayedAttributes: ['slug', 'name', 'categoryCode', 'categoryName', 'agencySlug', 'agencyName'],
    // The default rules, then services marked popular first among equals (and for an empty query).
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'popular:desc'],
    synonyms: meilisearchSynonyms(synonymGroups),
    stopWords: [...STOPWORDS],
    typoTolerance: {
      enabled: true,
      disableOnNumbers: true,
      disableOnAttributes: ['categoryCode'],
      disableOnWords: [...categoryCodes].sort(),
    },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // ISO 639-3 code of Bahasa Indonesia: every attribute is tokenised as Indonesian, never guessed.
    localizedAttributes: [{ attributePatterns: ['*'], locales: ['ind'] }],
  }
}
