import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyseQuery, buildSynonymIndex, parseSynonyms, STOPWORDS } from '../../server/search/analyse'
import type { SearchDocument } from '../../server/search/engine'
import { MeilisearchConfigError, meilisearchConfigFromEnv } from '../../server/search/meilisearch-config'
import { equalsFilter, meilisearchQuery, toMeilisearchDocument } from '../../server/search/meilisearch-documents'
import {
  FILTERABLE_ATTRIBUTES, MAX_TOTAL_HITS, MAX_VALUES_PER_FACET, meilisearchSettings, meilisearchSynonyms,
  SEARCHABLE_ATTRIBUTES,
} from '../../server/search/meilisearch-settings'
import { SEARCH_MAX_LIMIT } from '../../server/search/engine'
import { stemText } from '../../server/search/stem'
import { SEED_DIR } from '../support/paths'

const synonymSource = readFileSync(join(SEED_DIR, 'synonyms.txt'), 'utf8')
const categoryCodes = readFileSync(join(SEED_DIR, 'ral-categories.tsv'), 'utf8').trim().split('\n').slice(1)
  .map(line => line.split('\t')[0]!)
const settings = meilisearchSettings({ synonymGroups: parseSynonyms(synonymSource), categoryCodes })

describe('the Meilisearch index settings', () => {
  it('searches the name and aliases first, then category, OPD, requirements and purpose, stems last', () => {
    expect(settings.searchableAttributes).toEqual(SEARCHABLE_ATTRIBUTES)
    const position = (attribute: string) => SEARCHABLE_ATTRIBUTES.indexOf(attribute)
    expect(position('name')).toBe(0)
    expect(position('aliases')).toBe(1)
    expect(position('categoryName')).toBeLessThan(position('agencyName'))
    expect(position('agencyName')).toBeLessThan(position('requirements'))
    expect(position('requirements')).toBeLessThan(position('purpose'))
    expect(SEARCHABLE_ATTRIBUTES.at(-1)).toBe('textStems')
  })

  it('filters by category code, OPD, method, target and free of charge', () => {
    expect(settings.filterableAttributes).toEqual(['categoryCode', 'agencySlug', 'method', 'target', 'free'])
    expect(FILTERABLE_ATTRIBUTES).toHaveLength(5)
  })

  it('counts every category in its facet and enough hits for the result page', () => {
    expect(settings.faceting?.maxValuesPerFacet).toBe(MAX_VALUES_PER_FACET)
    expect(MAX_VALUES_PER_FACET).toBeGreaterThanOrEqual(categoryCodes.length)
    expect(settings.pagination?.maxTotalHits).toBe(MAX_TOTAL_HITS)
    expect(MAX_TOTAL_HITS).toBeGreaterThan(SEARCH_MAX_LIMIT)
  })

  it('never corrects a RAL code or a number as a typo', () => {
    expect(settings.typoTolerance).toMatchObject({ enabled: true, disableOnNumbers: true,
      disableOnAttributes: ['categoryCode'] })
    expect(settings.typoTolerance?.disableOnWords).toEqual(expect.arrayContaining(['01.01', '01.12', '01.40']))
    expect(settings.typoTolerance?.disableOnWords).toHaveLength(40)
  })

  it('reads every attribute as Indonesian, with the analyser\'s Indonesian stop words', () => {
    expect(settings.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['ind'] }])
    expect(settings.stopWords).toEqual(expect.arrayContaining(['yang', 'untuk', 'bagaimana', 'dengan']))
    expect(settings.stopWords).toHaveLength(STOPWORDS.size)
  })

  it('ranks services marked popular first among equals', () => {
    expect(settings.rankingRules?.at(-1)).toBe('popular:desc')
  })
})

describe('the synonym file in Meilisearch', () => {
  it('maps each term to the other terms of its group, both ways', () => {
    const synonyms = meilisearchSynonyms(parseSynonyms('kk, kartu keluarga\nak/i, kartu kuning, ak1'))
    expect(synonyms.kk).toEqual(['kartu keluarga'])
    expect(synonyms['kartu keluarga']).toEqual(['kk'])
    expect(synonyms['ak i']).toEqual(['kartu kuning', 'ak1'])
  })

  it('merges a term that appears in two groups', () => {
    const synonyms = meilisearchSynonyms(parseSynonyms('bansos, pkh, bpnt\nprogram keluarga harapan, pkh'))
    expect(synonyms.pkh!.sort()).toEqual(['bansos', 'bpnt', 'program keluarga harapan'])
  })

  it('keeps a term of more than three words as a value only, since Meilisearch never looks such a term up', () => {
    const synonyms = meilisearchSynonyms(parseSynonyms('imb, izin mendirikan bangunan gedung'))
    expect(synonyms.imb).toEqual(['izin mendirikan bangunan gedung'])
    expect(Object.keys(synonyms)).toEqual(['imb'])
  })

  it('gives the whole project file to Meilisearch with no key longer than three words', () => {
    const keys = Object.keys(settings.synonyms!)
    expect(keys.length).toBeGreaterThan(100)
    expect(keys.every(key => key.split(' ').length <= 3)).toBe(true)
    expect(settings.synonyms!.kk).toContain('kartu keluarga')
  })
})

const document: SearchDocument = {
  slug: 'perizinan-reklame', name: 'Perizinan Reklame', aliases: ['izin papan iklan'], categoryCode: '01.18',
  categoryName: 'Penanaman Modal', agencySlug: 'dpmptsp', agencyName: 'Dinas Penanaman Modal', agencyShortName:
  'DPMPTSP', purpose: 'Memberikan kepastian hukum.', function: 'Pengendalian.', output: 'Surat izin.',
  requirements: ['Fotokopi KTP'], procedure: ['Pemohon mendaftar'], method: 'daring', target: 'G2B', free: true,
  popular: true,
}

describe('a service as a Meilisearch document', () => {
  it('keeps every field the filters and the result list need, keyed by its slug', () => {
    const mapped = toMeilisearchDocument(document)
    expect(mapped).toMatchObject({ slug: 'perizinan-reklame', name: 'Perizinan Reklame', categoryCode: '01.18',
      agencySlug: 'dpmptsp', method: 'daring', target: 'G2B', free: true, popular: 1 })
  })

  it('carries a stemmed copy of its name and aliases, and of the rest of its text', () => {
    const mapped = toMeilisearchDocument(document)
    expect(mapped.nameStems).toBe('izin reklame izin papan iklan')
    expect(mapped.textStems.startsWith(`${stemText('Penanaman Modal')} dinas`)).toBe(true)
    expect(mapped.textStems).toContain(stemText('Fotokopi KTP'))
    expect(mapped.textStems.endsWith(stemText('Pemohon mendaftar'))).toBe(true)
  })
})

describe('a citizen query as Meilisearch receives it', () => {
  const synonyms = buildSynonymIndex(parseSynonyms(synonymSource))
  const query = (q: string) => meilisearchQuery(analyseQuery(q, synonyms))

  it('sends complete words as their stems, and the unfinished last word as typed', () => {
    expect(query('pendaftaran penduduk ')).toBe('daftar duduk')
    expect(query('perizinan rekla')).toBe('izin rekla')
  })

  it('sends synonym phrases first and as typed, for the index\'s synonyms to expand', () => {
    expect(query('cara buat kartu keluarga baru')).toBe('kartu keluarga buat')
    expect(query('ktp ilang gmn cara buat lg')).toBe('ktp hilang buat')
  })

  it('puts numbers after words, so Meilisearch drops them first', () => {
    expect(query('rutilahu 2025 kapan ')).toBe('rutilahu 2025')
    expect(query('syarat pbg ruko 2 lantai')).toBe('pbg syarat ruko 2 lantai')
  })

  it('quotes filter values, so a value is never read as filter syntax', () => {
    expect(equalsFilter('agencySlug', 'a" OR x = "b')).toBe('agencySlug = "a\\" OR x = \\"b"')
  })
})

describe('the Meilisearch settings from the environment', () => {
  it('is off without MEILI_HOST, or with it empty', () => {
    expect(meilisearchConfigFromEnv({})).toBeNull()
    expect(meilisearchConfigFromEnv({ MEILI_HOST: '', MEILI_MASTER_KEY: 'k' })).toBeNull()
  })

  it('takes a master key, or separate admin and search keys, with a 300 ms search time limit by default', () => {
    expect(meilisearchConfigFromEnv({ MEILI_HOST: 'http://meilisearch:7700', MEILI_MASTER_KEY: 'master' }))
      .toMatchObject({ host: 'http://meilisearch:7700', masterKey: 'master', indexUid: 'services', timeoutMs: 300 })
    expect(meilisearchConfigFromEnv({ MEILI_HOST: 'http://m:7700', MEILI_ADMIN_KEY: 'a', MEILI_SEARCH_KEY: 's',
      MEILI_TIMEOUT_MS: '150' })).toMatchObject({ adminKey: 'a', searchKey: 's', timeoutMs: 150 })
  })

  it('refuses a host without keys, or a bad value, naming the variable and never a key', () => {
    expect(() => meilisearchConfigFromEnv({ MEILI_HOST: 'http://m:7700', MEILI_ADMIN_KEY: 'secret-admin' }))
      .toThrow(MeilisearchConfigError)
    expect(() => meilisearchConfigFromEnv({ MEILI_HOST: 'http://m:7700', MEILI_MASTER_KEY: 'secret-master',
      MEILI_TIMEOUT_MS: 'soon' })).toThrow(/MEILI_TIMEOUT_MS/)
    try {
      meilisearchConfigFromEnv({ MEILI_HOST: 'ftp://m', MEILI_MASTER_KEY: 'secret-master' })
    }
    catch (error) {
      expect((error as Error).message).toContain('MEILI_HOST')
      expect((error as Error).message).not.toContain('secret')
    }
  })
})
