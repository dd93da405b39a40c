import type { AnalysedQuery } from './analyse'
import type { SearchDocument } from './engine'
import { stemText, stemWord } from './stem'

/** One service as the Meilisearch index holds it: the SearchDocument, and a stemmed copy of its text. */
export interface MeilisearchDocument extends Omit<SearchDocument, 'popular'> {
  /** 1 for a service marked popular: a number, for the `popular:desc` ranking rule. */
  popular: number
  /** The stems of the name and aliases ("Perizinan Reklame" → "izin reklame"), so a root finds an affixed form. */
  nameStems: string
  /** The stems of the category, OPD, purpose, function, output, requirements and procedure. */
  textStems: string
}

/** The fields a search hit carries back (the index's displayed attributes). */
export interface MeilisearchHit {
  slug: string
  name: string
  categoryCode: string
  categoryName: string
  agencySlug: string
  agencyName: string
}

export const MEILISEARCH_PRIMARY_KEY = 'slug'

export function toMeilisearchDocument(document: SearchDocument): MeilisearchDocument {
  return {
    ...document,
    popular: document.popular ? 1 : 0,
    nameStems: stemText([document.name, ...document.aliases].join(' . ')),
    textStems: stemText([document.categoryName, document.agencyName, document.purpose, document.function,
      document.output, ...document.requirements, ...document.procedure].join(' . ')),
  }
}

const isNumber = (text: string) => /^[\d.]+$/.test(text)

/**
 * The query text sent to Meilisearch for an analysed query. Meilisearch has no OR between forms of a word, so:
 * - a phrase from the synonym file goes as typed: the index's synonyms (the same file) expand it;
 * - any other complete word goes as its stem, which the stemmed copies of every document hold;
 * - the last word, when typed without a space after it, goes as typed and last, where Meilisearch matches it as a
 *   prefix (type-ahead) and forgives its typos against the original text.
 * With the `last` matching strategy Meilisearch drops words from the end when no document has them all, so the
 * terms go in order of weight: synonym phrases, then words, then numbers, then the unfinished word.
 */
export function meilisearchQuery(analysed: AnalysedQuery): string {
  const phrases: string[] = []
  const words: string[] = []
  const numbers: string[] = []
  let unfinished: string | undefined
  for (const term of analysed.terms) {
    if (term.alternatives.length > 1) phrases.push(term.text)
    else if (term.prefix) unfinished = term.text
    else if (isNumber(term.text)) numbers.push(term.text)
    else words.push(stemWord(term.text))
  }
  return [...phrases, ...words, ...numbers, ...(unfinished ? [unfinished] : [])].join(' ')
}

/** A filter expression for one attribute; the value is quoted, so nothing in it is read as syntax. */
export function equalsFilter(attribute: string, value: string): string {
  return `${attribute} = ${JSON.stringify(value)}`
}
