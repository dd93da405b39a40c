import { describe, expect, it } from 'vitest'
import { analyseQuery, buildSynonymIndex, normaliseText, parseSynonyms } from '../../server/search/analyse'

const synonyms = buildSynonymIndex(parseSynonyms(`
# comment line
ktp-el, ktp, e-ktp, kartu tanda penduduk
akta kelahiran, akte kelahiran, akta lahir
`))

describe('reading a citizen query', () => {
  it('lower-cases, removes accents and punctuation, and keeps RAL codes whole', () => {
    expect(normaliseText('  Akta KELAHIRAN?! café 01.12 ')).toBe('akta kelahiran cafe 01.12')
  })

  it('maps colloquial spellings and drops question and filler words', () => {
    const { terms } = analyseQuery('ktp ilang gmn cara buat lg', synonyms)
    expect(terms.map(t => t.text)).toEqual(['ktp', 'hilang', 'buat'])
  })

  it('expands a synonym group, preferring the longest phrase', () => {
    const { terms } = analyseQuery('akte kelahiran anak', synonyms)
    expect(terms[0]!.text).toBe('akta kelahiran')
    expect(terms[0]!.alternatives).toEqual(expect.arrayContaining(['akta kelahiran', 'akta lahir']))
    expect(terms[1]!.text).toBe('anak')
  })

  it('marks only the last word of an unfinished query as a prefix', () => {
    expect(analyseQuery('surat kete', synonyms).terms.map(t => t.prefix)).toEqual([false, true])
    expect(analyseQuery('surat kete ', synonyms).terms.map(t => t.prefix)).toEqual([false, false])
  })

  it('reads synonym groups from the file format, ignoring comments and single terms', () => {
    expect(parseSynonyms('a, b # tail\n# only comment\nlonely\n')).toEqual([['a', 'b']])
  })

  it('caps the number of terms of a very long query', () => {
    expect(analyseQuery('kata '.repeat(100).replace(/kata/g, (_, i: number) => `k${i}`), synonyms).terms.length)
      .toBeLessThanOrEqual(12)
  })
})
