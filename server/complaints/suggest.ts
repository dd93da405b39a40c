import type { Execute } from '../database/sql'
import { normaliseText, standardWords, synonymsOf } from '../search/analyse'

/**
 * Suggests who should handle a pengaduan from what the reporter typed (issue 4): the OPD, the RAL category and,
 * where the catalogue has one, the layanan. Two kinds of evidence, both phrases looked for inside the text with
 * PostgreSQL's `indonesian` configuration (so "berlubang" finds "lubang" and "dipukuli" finds "dipukul"):
 *
 * - the keywords of each OPD's complaint types (`complaint_type`, written for complaints, colloquial words included);
 * - the aliases of the catalogue's services (written for search), which count for less.
 *
 * The text is read as typed and as the search analyser reads it (colloquial spellings mapped). A phrase found with
 * its words in order counts fully; with its words apart ("jalan di dusun III bolong"), or only through a synonym
 * from the synonym file, it counts half. docs/decisions.md explains the scores.
 */

export const COMPLAINT_TEXT_MAX = 4_000
export const SUGGESTION_LIMIT = 5

/** A phrase of several words says more than one word: weight 1, 1.5, 2 for one, two, three or more words. */
function phraseWeight(phrase: string): number {
  const words = normaliseText(phrase).split(' ').filter(Boolean).length
  return 1 + 0.5 * (Math.min(words, 3) - 1)
}

/** A phrase whose words are all there but apart, or that is there only through a synonym, is weaker evidence. */
const LOOSE_FACTOR = 0.5
/** Catalogue aliases were written for search, not complaints. */
const SERVICE_ALIAS_FACTOR = 0.6
/** Each further piece of evidence for the same type, service or OPD counts half as much as the one before. */
const DECAY = 0.5
/** The first suggestion is confident when its score reaches this and is this many times the second's. */
const CONFIDENT_SCORE = 2
const CONFIDENT_LEAD = 1.5
/** Less than half a one-word keyword's worth (a lone alias reached through a synonym) is no suggestion. */
const MIN_SCORE = 0.5

export interface ComplaintSuggestion {
  agency: { slug: string, name: string }
  category: { code: string, name: string }
  service?: { slug: string, name: string }
  /**
   * The key of the complaint type whose phrases ranked first, when a type (not a service alias) did: a reporter who
   * picks this suggestion files under that type, so it reaches this OPD (server/forms/complaint.ts). Not in the API.
   */
  complaintType?: string
  score: number
  /** Only ever true for the first: clear enough to route the complaint without a person checking it. */
  confident: boolean
}

interface PhraseMatch {
  /** `type:<key>` or `service:<slug>`: the complaint type or service whose phrase matched. */
  source: string
  phrase: string
  /** Its words in order in the text (true), or all of them but apart, or only through a synonym (false). */
  exact: boolean
  agency_slug: string
  agency_name: string
  category_code: string
  category_name: string
  service_slug: string | null
  service_name: string | null
}

/** Sum of weights, each further one (largest first) counting DECAY times the one before. */
function decayedSum(weights: number[]): number {
  return [...weights].sort((a, b) => b - a).reduce((sum, weight, i) => sum + weight * DECAY ** i, 0)
}

/** The words PostgreSQL should see: the text as the analyser reads it, and apart, its synonyms. */
export function complaintTerms(text: string, synonyms: Map<string, string[]>) {
  const words = standardWords(normaliseText(text))
  return { standard: words.join(' '), synonyms: synonymsOf(words, synonyms).join(' , ') }
}

async function matchPhrases(execute: Execute, text: string, synonyms: Map<string, string[]>) {
  const terms = complaintTerms(text, synonyms)
  // The text as typed and as analysed are one vector (concatenated, so no phrase spans the two); the synonyms
  // another, so that a match through a synonym only can be told apart. Both queries of each phrase are stored
  // (migration 20261205100000): `query` wants the words in order, `words` every word anywhere.
  return execute<PhraseMatch>(`
    with doc as (
      select to_tsvector('indonesian', immutable_unaccent(lower($1))) || to_tsvector('indonesian', $2) as text,
        to_tsvector('indonesian', $3) as synonyms
    ),
    phrases as (
      select 'type:' || t.key as source, k.phrase, k.query, k.words, t.agency_id, t.category_id, t.service_id
      from complaint_type t
      cross join lateral unnest(t.keywords, t.keyword_queries, t.keyword_word_queries) as k(phrase, query, words)
      where t.active
      union all
      select 'service:' || s.slug, k.phrase, k.query, k.words, s.agency_id, s.category_id, s.id
      from service s
      cross join lateral unnest(s.aliases, s.alias_queries, s.alias_word_queries) as k(phrase, query, words)
    )
    select p.source, p.phrase, doc.text @@ p.query as exact, a.slug as agency_slug, a.name as agency_name,
      c.code as category_code, c.name as category_name, s.slug as service_slug, s.name as service_name
    from phrases p cross join doc
    join agency a on a.id = p.agency_id
    join category c on c.id = p.category_id
    left join service s on s.id = p.service_id
    where doc.text @@ p.words or doc.synonyms @@ p.query`,
  [text, terms.standard, terms.synonyms])
}

interface Candidate {
  match: PhraseMatch
  score: number
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return [...groups.values()]
}

/** One candidate per complaint type or service with a phrase in the text, scored by the phrases found. */
function scoreCandidates(matches: PhraseMatch[]): Candidate[] {
  return groupBy(matches, match => match.source).map((found) => {
    const factor = found[0]!.source.startsWith('service:') ? SERVICE_ALIAS_FACTOR : 1
    const weights = found.map(m => phraseWeight(m.phrase) * (m.exact ? 1 : LOOSE_FACTOR) * factor)
    return { match: found[0]!, score: decayedSum(weights) }
  })
}

/** One suggestion per OPD: its best candidate's category and service, scored by all of its candidates. */
function suggestionFor(candidates: Candidate[]): ComplaintSuggestion {
  const sorted = candidates.sort((a, b) => b.score - a.score || a.match.source.localeCompare(b.match.source))
  const best = sorted[0]!.match
  // A complaint type without a service of its own takes the catalogue service of its OPD and category whose
  // aliases the text matched best, if any.
  const service = best.service_slug
    ? best
    : sorted.find(c => c.match.source.startsWith('service:') && c.match.category_code === best.category_code)?.match
  return {
    agency: { slug: best.agency_slug, name: best.agency_name },
    category: { code: best.category_code, name: best.category_name },
    ...(service ? { service: { slug: service.service_slug!, name: service.service_name! } } : {}),
    ...(best.source.startsWith('type:') ? { complaintType: best.source.slice('type:'.length) } : {}),
    score: Math.round(decayedSum(sorted.map(c => c.score)) * 100) / 100,
    confident: false,
  }
}

/**
 * Ranked suggestions for a complaint's title and description, most likely first, one per OPD; empty when nothing
 * in the text points anywhere (the complaint then goes to the Diskominfo verification queue).
 */
export async function suggestComplaintTargets(execute: Execute, synonyms: Map<string, string[]>, text: string,
  limit = SUGGESTION_LIMIT): Promise<ComplaintSuggestion[]> {
  const bounded = text.slice(0, COMPLAINT_TEXT_MAX)
  if (!normaliseText(bounded)) return []

  const candidates = scoreCandidates(await matchPhrases(execute, bounded, synonyms))
  const ranked = groupBy(candidates, candidate => candidate.match.agency_slug).map(suggestionFor)
    .filter(suggestion => suggestion.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.agency.slug.localeCompare(b.agency.slug))

  // Confidence compares the first with the second before the list is cut, so that routing, which asks for one
  // suggestion, keeps the same rule as the form.
  const [first, second] = ranked
  if (first && first.score >= CONFIDENT_SCORE && first.score >= CONFIDENT_LEAD * (second?.score ?? 0)) {
    first.confident = true
  }
  return ranked.slice(0, limit)
}
