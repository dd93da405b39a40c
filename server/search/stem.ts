import { StemmerId } from '@nlpjs/lang-id'
import { normaliseText } from './analyse'

/**
 * Indonesian stemming for engines that have none (Meilisearch matches words and prefixes only, so "izin" would miss
 * "perizinan"). @nlpjs/lang-id implements the Snowball Indonesian algorithm, the one behind PostgreSQL's
 * `indonesian` text search configuration: both engines reduce a word to the same stem (test/unit/search-stem.test.ts
 * checks this on every word of the catalogue). Why this stemmer and not Sastrawi: docs/decisions.md.
 */
const stemmer = new StemmerId()

/** Words the stemmer must not touch: codes such as 01.12, numbers, and words with digits (ak1). */
const KEEP_AS_IS = /[\d.]/

/** The stem of one normalised word (lower case, no accents). */
export function stemWord(word: string): string {
  if (KEEP_AS_IS.test(word)) return word
  return stemmer.stemWord(word) || word
}

/** The stems of a text's words, in their order, as one normalised string. */
export function stemText(text: string): string {
  return normaliseText(text).split(' ').filter(Boolean).map(stemWord).join(' ')
}
