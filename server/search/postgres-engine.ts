import type { MikroORM } from '@mikro-orm/postgresql'
import { sqlExecutor, type Execute } from '../database/sql'
import { analyseQuery, buildSynonymIndex, parseSynonyms, vocabulary, type QueryTerm } from './analyse'
import {
  SEARCH_DEFAULT_LIMIT, type SearchDocument, type SearchEngine, type SearchParams, type SearchResult,
} from './engine'

/** Similarity below which a word is not taken as a misspelling of a catalogue word. */
const TYPO_SIMILARITY = 0.45
const SUGGESTION_SIMILARITY = 0.3

/**
 * Search on PostgreSQL: full text with the `indonesian` configuration (so perizinan finds izin), unaccent,
 * prefix matching of the last word for type-ahead, trigram similarity for misspellings, and synonym expansion.
 * Name and alias matches weigh most (weight A), then category and OPD (B), then purpose and product (C), then
 * requirements and procedure (D).
 */
export function createPostgresSearchEngine(execute: Execute, synonyms: Map<string, string[]>): SearchEngine {
  async function correctTypos(terms: QueryTerm[]): Promise<QueryTerm[]> {
    const single = terms.filter(term => term.alternatives.length === 1 && !term.text.includes(' ')
      && term.text.length >= 4 && !/\d/.test(term.text))
    if (!single.length) return terms
    const rows = await execute(`
      select w.word, best.term
      from unnest($1::text[]) as w(word)
      left join lateral (
        select t.term from search_term t
        where t.term % w.word and similarity(t.term, w.word) >= $2
        order by similarity(t.term, w.word) desc, t.documents desc limit 1
      ) best on not exists (select 1 from search_term e where e.term = w.word)`,
    [single.map(term => term.text), TYPO_SIMILARITY])
    const corrections = new Map(rows.filter(row => row.term).map(row => [row.word as string, row.term as string]))
    return terms.map(term => corrections.has(term.text)
      ? { ...term, alternatives: [...term.alternatives, corrections.get(term.text)!] }
      : term)
  }

  /** One SQL tsquery expression per term; every value travels as a parameter. */
  function termQuery(term: QueryTerm, params: unknown[]): string {
    const parts = term.alternatives.flatMap((alternative) => {
      params.push(alternative)
      const ref = `$${params.length}`
      return [`phraseto_tsquery('indonesian', immutable_unaccent(${ref}))`,
        `phraseto_tsquery('simple', immutable_unaccent(${ref}))`]
    })
    if (term.prefix && /^[a-z0-9]{2,}$/.test(term.text)) {
      params.push(`${term.text}:*`)
      parts.push(`to_tsquery('simple', $${params.length})`)
    }
    return `(${parts.join(' || ')})`
  }

  async function search({ q, category, agency, limit = SEARCH_DEFAULT_LIMIT }: SearchParams): Promise<SearchResult> {
    const analysed = analyseQuery(q, synonyms)
    const terms = await correctTypos(analysed.terms)
    // $4 is the whole query; it is referenced by the ranking only, so it is bound even when no term remains.
    const params: unknown[] = [category ?? null, agency ?? null, limit, analysed.normalised]
    const termQueries = terms.map(term => termQuery(term, params))

    const popularity = 'case when d.popular then 0.1 else 0 end'
    let match = 'true'
    let rough = popularity
    let score = popularity
    if (termQueries.length) {
      const anyTerm = termQueries.join(' || ')
      const allTerms = termQueries.join(' && ')
      const coverage = termQueries.map(tq => `(d.primary_vector @@ ${tq})::int + 0.3 * (d.full_vector @@ ${tq})::int`)
      // Both branches use a GIN index. Misspellings are mended per word before this (correctTypos); a trigram test
      // of the whole query against every document cost 170 ms at 5,000 services, so trigram similarity only ranks.
      match = `(d.primary_vector @@ (${anyTerm}) or d.full_vector @@ (${allTerms}))`
      // Ranking in two steps: a cheap score over every match (name, alias, category and OPD words; an exact
      // name or alias), then the full score (every field, share of the query's terms found, trigram closeness)
      // over the best candidates only.
      const exact = `case when d.keywords like '%|' || $4 || '|%' then 3 else 0 end`
      rough = `ts_rank('{0.05, 0.2, 0.4, 1.0}', d.primary_vector, ${anyTerm}) + ${exact} + ${popularity}`
      score = `ts_rank_cd('{0.05, 0.2, 0.4, 1.0}', d.full_vector, ${anyTerm}, 1)
        + (${coverage.join(' + ')}) / ${termQueries.length}.0 * 2 + ${exact} + word_similarity($4, d.keywords)
        + ${popularity}`
    }
    else if (analysed.normalised) {
      match = 'false'
    }

    const rows = await execute(`
      with matches as (
        select d.slug, d.name, d.category_code, d.category_name, d.agency_slug, d.agency_name, ${rough} as rough
        from search_document d
        where ${match} and $4::text is not null
      ),
      filtered as (
        select * from matches
        where ($1::text is null or category_code = $1) and ($2::text is null or agency_slug = $2)
      ),
      candidates as (select * from filtered order by rough desc, name limit greatest($3 * 4, 80)),
      scored as (
        select c.slug, c.name, c.category_code, c.category_name, c.agency_slug, c.agency_name, ${score} as score
        from candidates c join search_document d on d.slug = c.slug
      )
      select
        (select count(*) from filtered)::int as total,
        (select coalesce(json_agg(h order by h.score desc, h.name), '[]'::json)
          from (select * from scored order by score desc, name limit $3) h) as hits,
        (select coalesce(json_object_agg(c.code, c.n order by c.code), '{}'::json) from (
          select category_code as code, count(*) as n from matches
          where $2::text is null or agency_slug = $2 group by 1) c) as category_facet,
        (select coalesce(json_object_agg(a.slug, a.n order by a.slug), '{}'::json) from (
          select agency_slug as slug, count(*) as n from matches
          where $1::text is null or category_code = $1 group by 1) a) as agency_facet`,
    params)
    const row = rows[0]!
    const hits = (row.hits as Record<string, string>[]).map(hit => ({
      slug: hit.slug!,
      name: hit.name!,
      category: { code: hit.category_code!, name: hit.category_name! },
      agency: { slug: hit.agency_slug!, name: hit.agency_name! },
    }))
    const total = Number(row.total)
    return {
      engine: 'postgres',
      total,
      hits,
      facets: {
        category: row.category_facet as Record<string, number>,
        agency: row.agency_facet as Record<string, number>,
      },
      suggestion: total === 0 && analysed.normalised ? await suggestSpelling(execute, analysed.normalised) : null,
    }
  }

  const index = (documents: SearchDocument[]) => indexPostgresDocuments(execute, documents)
  const remove = (slugs: string[]) => removePostgresDocuments(execute, slugs)

  async function isHealthy(): Promise<boolean> {
    await execute('select 1 from search_document limit 1', [])
    return true
  }

  return { name: 'postgres', index, remove, search, isHealthy }
}

/**
 * "Did you mean": replaces each word that is not in the catalogue's vocabulary (search_term) by the closest one that
 * is. Also used by the Meilisearch engine, which has no suggestions of its own.
 */
export async function suggestSpelling(execute: Execute, normalised: string): Promise<string | null> {
  const words = normalised.split(' ')
  const rows = await execute(`
    select w.word, w.position, coalesce(
      (select e.term from search_term e where e.term = w.word),
      (select t.term from search_term t where similarity(t.term, w.word) >= $2
        order by similarity(t.term, w.word) desc, t.documents desc limit 1)) as term
    from unnest($1::text[]) with ordinality as w(word, position)`,
  [words, SUGGESTION_SIMILARITY])
  const corrected = rows.sort((a, b) => Number(a.position) - Number(b.position))
    .map(row => (row.term as string | null) ?? (row.word as string))
  const suggestion = corrected.join(' ')
  return suggestion !== normalised ? suggestion : null
}

/** The engine over an open database, with the synonym file's text (the portal, the CLI, tests and the bench). */
export function postgresSearchEngineFor(orm: MikroORM, synonymSource: string): SearchEngine {
  return createPostgresSearchEngine(sqlExecutor(orm), buildSynonymIndex(parseSynonyms(synonymSource)))
}

/** Documents per statement when indexing: one round trip for a whole seed, a few for 5,000 services. */
const INDEX_BATCH = 1000

/**
 * Writes documents into the PostgreSQL engine's index through `execute`: the engine's own connection, or the
 * transaction of the catalogue change (enqueueSearchUpdate), so that the index commits with the change. The
 * documents travel as one JSON parameter per batch and are expanded in SQL, so no value becomes part of the SQL.
 */
export async function indexPostgresDocuments(execute: Execute, documents: SearchDocument[]): Promise<void> {
  for (let start = 0; start < documents.length; start += INDEX_BATCH) {
    const rows = documents.slice(start, start + INDEX_BATCH).map(doc => ({
      slug: doc.slug,
      name: doc.name,
      category_code: doc.categoryCode,
      category_name: doc.categoryName,
      agency_slug: doc.agencySlug,
      agency_name: doc.agencyName,
      popular: doc.popular,
      keywords: `|${[doc.name, ...doc.aliases].map(k => k.toLowerCase().trim()).join('|')}|`,
      names: [doc.name, ...doc.aliases].join(' . '),
      placement: [doc.categoryCode, doc.categoryName, doc.agencyName, doc.agencyShortName].join(' . '),
      outcome: [doc.purpose, doc.output].join(' . '),
      details: [doc.function, ...doc.requirements, ...doc.procedure].join(' . '),
      terms: vocabulary(doc.name, ...doc.aliases, doc.categoryName, doc.agencyName, doc.agencyShortName),
    }))
    await execute(`
      insert into search_document (slug, name, category_code, category_name, agency_slug, agency_name, popular,
        terms, keywords, primary_vector, full_vector, updated_at)
      select d.slug, d.name, d.category_code, d.category_name, d.agency_slug, d.agency_name, d.popular,
        array(select jsonb_array_elements_text(d.terms)), immutable_unaccent(d.keywords),
        setweight(to_tsvector('indonesian', immutable_unaccent(d.names)), 'A')
          || setweight(to_tsvector('simple', immutable_unaccent(d.names)), 'A')
          || setweight(to_tsvector('indonesian', immutable_unaccent(d.placement)), 'B')
          || setweight(to_tsvector('indonesian', immutable_unaccent(d.outcome)), 'C'),
        setweight(to_tsvector('indonesian', immutable_unaccent(d.names)), 'A')
          || setweight(to_tsvector('simple', immutable_unaccent(d.names)), 'A')
          || setweight(to_tsvector('indonesian', immutable_unaccent(d.placement)), 'B')
          || setweight(to_tsvector('indonesian', immutable_unaccent(d.outcome)), 'C')
          || setweight(to_tsvector('indonesian', immutable_unaccent(d.details)), 'D'),
        now()
      from jsonb_to_recordset($1::jsonb) as d(slug text, name text, category_code text, category_name text,
        agency_slug text, agency_name text, popular boolean, keywords text, names text, placement text,
        outcome text, details text, terms jsonb)
      on conflict (slug) do update set name = excluded.name, category_code = excluded.category_code,
        category_name = excluded.category_name, agency_slug = excluded.agency_slug,
        agency_name = excluded.agency_name, popular = excluded.popular, terms = excluded.terms,
        keywords = excluded.keywords, primary_vector = excluded.primary_vector,
        full_vector = excluded.full_vector, updated_at = now()`,
    [JSON.stringify(rows)])
  }
  await rebuildVocabulary(execute)
}

/** search_term follows the documents' words in one statement: words no document uses any more leave it. */
async function rebuildVocabulary(execute: Execute): Promise<void> {
  await execute(`
    with fresh as (
      select term, count(*)::int as documents from search_document, unnest(terms) as term group by term
    ),
    gone as (delete from search_term where term not in (select term from fresh))
    insert into search_term (term, documents) select term, documents from fresh
    on conflict (term) do update set documents = excluded.documents`)
}

export async function removePostgresDocuments(execute: Execute, slugs: string[]): Promise<void> {
  if (!slugs.length) return
  await execute('delete from search_document where slug = any($1::text[])', [slugs])
  await rebuildVocabulary(execute)
}
