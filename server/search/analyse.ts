/**
 * Turns what a citizen types ("ktp ilang gmn cara buat lg") into search terms: normalised words, colloquial forms
 * mapped to standard ones, question and filler words dropped, and synonyms and abbreviations expanded from the
 * project's synonym file. Shared by every engine so they read a query the same way.
 */

/** Colloquial and SMS spellings seen in real queries, mapped to the standard word the catalogue uses. */
const COLLOQUIAL: Record<string, string> = {
  bikin: 'buat', bkin: 'buat', ilang: 'hilang', hlg: 'hilang', ktp2: 'ktp', akte: 'akta', udh: 'sudah', udah: 'sudah',
  sdh: 'sudah', blm: 'belum', blum: 'belum', ga: 'tidak', gak: 'tidak', nggak: 'tidak', ngga: 'tidak', tdk: 'tidak',
  gk: 'tidak', dmn: 'dimana', gmn: 'bagaimana', gimana: 'bagaimana', lg: 'lagi', brp: 'berapa', th: 'tahun',
  thn: 'tahun', tahunan: 'tahun', benerin: 'perbaiki', betulin: 'perbaiki', nikahan: 'nikah', kawin: 'nikah',
  telat: 'terlambat', dpt: 'dapat', dapet: 'dapat', yg: 'yang', utk: 'untuk', krn: 'karena', tp: 'tapi',
  sy: 'saya', kmn: 'kemana', kpn: 'kapan', skrg: 'sekarang', praktek: 'praktik', ngurus: 'urus', urusin: 'urus',
  malem: 'malam', jaman: 'zaman', ijin: 'izin', sertipikat: 'sertifikat', nelayan2: 'nelayan',
}

/** Words that carry no meaning for finding a service: question words, fillers, pronouns, particles. */
export const STOPWORDS = new Set(`ada adalah agar akan aku apa apakah atau bagaimana bagi bisa boleh cara dalam dan dari
dengan di dimana mana harus ini itu jika kalau kapan ke kemana lagi mau mohon oleh pada para saya kami kita kamu
sudah belum tidak tolong untuk yang ya dong sih kok deh nih nya berapa kenapa mengapa siapa sama juga saja aja punya
papa apa2 gitu karena tapi sekarang masih biar supaya baru lama the of how to and for my is in`.split(/\s+/))

export interface QueryTerm {
  /** The word or phrase as typed (normalised). */
  text: string
  /** Phrases that may stand for it: itself, and its synonyms and abbreviations. */
  alternatives: string[]
  /** The last word of a query that does not end in a space: matched as a prefix for type-ahead. */
  prefix: boolean
}

export interface AnalysedQuery {
  normalised: string
  terms: QueryTerm[]
}

export type SynonymGroups = string[][]

const MAX_TERMS = 12
const MAX_ALTERNATIVES = 8
const MAX_PHRASE_WORDS = 3

/** Lower case, accents removed, punctuation to spaces; keeps codes like "01.12" whole. */
export function normaliseText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036F]/g, '').toLowerCase()
    .replace(/(\d)\.(?=\d)/g, '$1_')
    .replace(/[^a-z0-9_]+/g, ' ')
    .replace(/_/g, '.')
    .trim()
}

/** Parses the synonym file: one group per line, comma-separated, canonical term first, `#` for comments. */
export function parseSynonyms(source: string): SynonymGroups {
  return source.split('\n')
    .map(line => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map(line => line.split(',').map(term => normaliseText(term)).filter(Boolean))
    .filter(group => group.length > 1)
}

export function buildSynonymIndex(groups: SynonymGroups): Map<string, string[]> {
  const index = new Map<string, string[]>()
  for (const group of groups) {
    for (const term of group) {
      const merged = new Set([...(index.get(term) ?? []), ...group])
      index.set(term, [...merged])
    }
  }
  return index
}

/** The words of a text, normalised, with colloquial spellings mapped to standard ones; filler words kept. */
export function standardWords(normalised: string): string[] {
  return normalised.split(' ').filter(Boolean).map(word => COLLOQUIAL[word] ?? word)
}

/**
 * The synonyms and abbreviations of every phrase (up to three words) of a text that the synonym file knows, each
 * once and without the phrases the text already has: what a longer text (a complaint) also means.
 */
export function synonymsOf(words: string[], synonyms: Map<string, string[]>): string[] {
  const present = new Set<string>()
  const found = new Set<string>()
  for (let i = 0; i < words.length; i++) {
    for (let size = 1; size <= Math.min(MAX_PHRASE_WORDS, words.length - i); size++) {
      const phrase = words.slice(i, i + size).join(' ')
      const group = synonyms.get(phrase)
      if (!group) continue
      present.add(phrase)
      group.forEach(term => found.add(term))
    }
  }
  return [...found].filter(term => !present.has(term))
}

export function analyseQuery(raw: string, synonyms: Map<string, string[]>): AnalysedQuery {
  const normalised = normaliseText(raw)
  const endsInWord = /[\p{L}\p{N}]$/u.test(raw)
  const words = standardWords(normalised)
  const terms: QueryTerm[] = []

  for (let i = 0; i < words.length && terms.length < MAX_TERMS;) {
    let matched = false
    for (let size = Math.min(MAX_PHRASE_WORDS, words.length - i); size >= 1; size--) {
      const phrase = words.slice(i, i + size).join(' ')
      const group = synonyms.get(phrase)
      if (group) {
        const alternatives = [phrase, ...group.filter(term => term !== phrase)].slice(0, MAX_ALTERNATIVES)
        terms.push({ text: phrase, alternatives, prefix: false })
        i += size
        matched = true
        break
      }
    }
    if (matched) continue
    const word = words[i]!
    const isLast = i === words.length - 1
    if (!STOPWORDS.has(word)) terms.push({ text: word, alternatives: [word], prefix: isLast && endsInWord })
    i++
  }
  return { normalised, terms }
}

/** Words worth keeping in the engine's vocabulary for typo correction. */
export function vocabulary(...texts: string[]): string[] {
  const words = new Set<string>()
  for (const text of texts) {
    for (const word of normaliseText(text).split(' ')) {
      if (word.length >= 3 && !STOPWORDS.has(word) && !/^\d+$/.test(word)) words.add(word)
    }
  }
  return [...words]
}
