import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchDocument, SearchEngine } from '../../server/search/engine'
import { queriesFile } from './paths'
import { readTsv } from './tsv'

/** A small catalogue made for the contract: each document exercises one promise of the engine. */
function doc(slug: string, name: string, extra: Partial<SearchDocument> = {}): SearchDocument {
  return {
    slug, name, aliases: [], categoryCode: '01.18', categoryName: 'Penanaman Modal', agencySlug: 'dpmptsp',
    agencyName: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', agencyShortName: 'DPMPTSP',
    purpose: 'Melayani warga.', function: 'Pelayanan.', output: 'Dokumen.', requirements: ['Fotokopi KTP'],
    procedure: ['Datang ke kantor'], method: 'luring', target: 'G2C', free: true, popular: false, ...extra,
  }
}

const adminduk = { categoryCode: '01.12', categoryName: 'Administrasi Kependudukan dan Pencatatan Sipil',
  agencySlug: 'disdukcapil', agencyName: 'Dinas Kependudukan dan Pencatatan Sipil', agencyShortName: 'Disdukcapil' }

export const CONTRACT_DOCUMENTS: SearchDocument[] = [
  doc('perizinan-reklame', 'Perizinan Reklame'),
  doc('pembuatan-kartu-nelayan', 'Pembuatan Kartu Nelayan', { categoryCode: '01.25',
    categoryName: 'Kelautan dan Perikanan', agencySlug: 'diskan', agencyName: 'Dinas Perikanan',
    agencyShortName: 'Dinas Perikanan' }),
  doc('izin-cafe', 'Izin Usaha Café Pantai'),
  doc('akta-kelahiran', 'Akta Kelahiran', { ...adminduk, aliases: ['akte lahir'] }),
  doc('kartu-keluarga', 'Kartu Keluarga', { ...adminduk, aliases: ['kk'] }),
  doc('biodata-kependudukan', 'Biodata Kependudukan', { ...adminduk,
    requirements: ['Kartu keluarga asli', 'Fotokopi KTP'] }),
  doc('kartu-pencari-kerja', 'Kartu Pencari Kerja (AK/I)', { categoryCode: '01.07', categoryName: 'Tenaga Kerja',
    agencySlug: 'disnaker', agencyName: 'Dinas Tenaga Kerja', agencyShortName: 'Disnaker' }),
]

export const CONTRACT_SYNONYMS = 'ak/i, kartu kuning, ak1, kartu pencari kerja\nkk, kartu keluarga\n'

const slugs = (hits: { slug: string }[]) => hits.map(hit => hit.slug)

export type OpenEngine = () => Promise<{ engine: SearchEngine, close: () => Promise<void> }>

/** The promises every SearchEngine keeps on a small catalogue made for them; each configured engine runs it. */
export function searchEngineContract(name: string, open: OpenEngine) {
  describe(`the ${name} search engine`, () => {
    let engine: SearchEngine
    let close: () => Promise<void>

    beforeAll(async () => {
      ({ engine, close } = await open())
      await engine.index(CONTRACT_DOCUMENTS)
    })
    afterAll(async () => {
      await close?.()
    })

    it('finds an affixed form from its root and the reverse (perizinan ↔ izin, pembuatan ↔ buat)', async () => {
      expect(slugs((await engine.search({ q: 'izin reklame' })).hits)).toContain('perizinan-reklame')
      expect(slugs((await engine.search({ q: 'buat kartu nelayan' })).hits)).toContain('pembuatan-kartu-nelayan')
      expect(slugs((await engine.search({ q: 'kelahiran' })).hits)).toContain('akta-kelahiran')
    })

    it('ignores accents', async () => {
      expect(slugs((await engine.search({ q: 'izin cafe' })).hits)[0]).toBe('izin-cafe')
    })

    it('matches the unfinished last word as a prefix, for type-ahead', async () => {
      expect(slugs((await engine.search({ q: 'rekla' })).hits)).toContain('perizinan-reklame')
    })

    it('forgives misspellings (akte → akta, kependudukn → kependudukan)', async () => {
      expect(slugs((await engine.search({ q: 'akte kelahiran' })).hits)[0]).toBe('akta-kelahiran')
      expect(slugs((await engine.search({ q: 'biodata kependudukn' })).hits)[0]).toBe('biodata-kependudukan')
    })

    it('expands synonyms and abbreviations from the synonym file', async () => {
      expect(slugs((await engine.search({ q: 'kartu kuning' })).hits)[0]).toBe('kartu-pencari-kerja')
      expect(slugs((await engine.search({ q: 'ak1' })).hits)[0]).toBe('kartu-pencari-kerja')
    })

    it('ranks an exact name or alias match above documents that only mention the words', async () => {
      expect(slugs((await engine.search({ q: 'kartu keluarga' })).hits)[0]).toBe('kartu-keluarga')
      expect(slugs((await engine.search({ q: 'kk' })).hits)[0]).toBe('kartu-keluarga')
    })

    it('filters by category and agency and counts hits per category and per agency', async () => {
      const all = await engine.search({ q: 'kartu' })
      expect(all.facets.category['01.12']).toBeGreaterThanOrEqual(1)
      expect(all.facets.category['01.25']).toBe(1)
      const filtered = await engine.search({ q: 'kartu', category: '01.12' })
      expect(filtered.hits.every(hit => hit.category.code === '01.12')).toBe(true)
      // the category facet still offers the other categories, so a citizen can switch
      expect(filtered.facets.category['01.25']).toBe(1)
      const byAgency = await engine.search({ q: 'kartu', agency: 'diskan' })
      expect(slugs(byAgency.hits)).toEqual(['pembuatan-kartu-nelayan'])
      expect(byAgency.hits[0]).toMatchObject({ category: { code: '01.25' }, agency: { slug: 'diskan' } })
    })

    it('suggests a spelling when nothing matches', async () => {
      const result = await engine.search({ q: 'zzqx kelhran' })
      expect(result.total).toBe(0)
      expect(result.suggestion).toContain('kelahiran')
    })

    it('keeps a RAL code and a number whole instead of correcting them as typos', async () => {
      const byCode = await engine.search({ q: '01.25' })
      expect(slugs(byCode.hits)).toEqual(['pembuatan-kartu-nelayan'])
      expect((await engine.search({ q: '01.26' })).total).toBe(0)
    })

    it('treats quotes and SQL in a query as text', async () => {
      const result = await engine.search({ q: `akta'; drop table search_document; -- " \\ %_` })
      expect(slugs(result.hits)).toContain('akta-kelahiran')
      expect(slugs((await engine.search({ q: 'reklame' })).hits)).toContain('perizinan-reklame')
    })

    it('lists everything for an empty query, and nothing for one without a searchable word, without failing',
      async () => {
        expect((await engine.search({ q: '' })).total).toBe(CONTRACT_DOCUMENTS.length)
        for (const q of ['   ', 'gimana', 'bagaimana cara', '?! %', '😀', '日本語', 'ktp\u0000']) {
          const result = await engine.search({ q })
          expect(result.hits, q).toBeInstanceOf(Array)
        }
        expect((await engine.search({ q: 'gimana' })).total).toBe(0)
      })

    it('answers an oversize query without failing, and respects the limit', async () => {
      const long = `${'akta kelahiran anak '.repeat(60)}${'x'.repeat(500)}`
      expect((await engine.search({ q: long })).hits).toBeInstanceOf(Array)
      expect((await engine.search({ q: 'kartu', limit: 1 })).hits).toHaveLength(1)
      expect((await engine.search({ q: 'kartu', limit: 1 })).total).toBeGreaterThan(1)
    })

    it('forgets a removed document, and its words', async () => {
      await engine.remove(['izin-cafe'])
      expect(slugs((await engine.search({ q: 'cafe pantai' })).hits)).not.toContain('izin-cafe')
      // "pantai" was only in the removed document: it is no longer offered as a correction
      expect((await engine.search({ q: 'pantau' })).suggestion ?? '').not.toContain('pantai')
    })
  })
}

/**
 * The same promises on the real catalogue (server/catalogue/seed): relevance on real citizen queries, abbreviations,
 * affixed forms and filters. `open` gives an engine that already holds every service.
 */
export function searchCatalogueContract(name: string, open: OpenEngine) {
  describe(`searching the real catalogue on ${name}`, () => {
    let engine: SearchEngine
    let close: () => Promise<void>
    beforeAll(async () => {
      ({ engine, close } = await open())
    })
    afterAll(async () => {
      await close?.()
    })
    const firstCategory = async (q: string) => (await engine.search({ q })).hits[0]?.category.code

    it('puts the expected category among the top three hits for at least 90 % of real citizen queries', async () => {
      const queries = readTsv(queriesFile('dev.tsv'))
      const misses: string[] = []
      for (const { query, category } of queries) {
        const { hits } = await engine.search({ q: query!, limit: 3 })
        const expected = category!.split('|')
        if (!hits.some(hit => expected.includes(hit.category.code))) {
          misses.push(`${query} → ${hits.map(h => h.category.code).join(', ') || 'nothing'} (want ${category})`)
        }
      }
      const share = 1 - misses.length / queries.length
      expect(share, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.9)
    })

    it('answers the examples people actually type with the right service first', async () => {
      expect(await firstCategory('bikin ktp')).toBe('01.12')
      expect(await firstCategory('akta lahir anak')).toBe('01.12')
      expect(await firstCategory('izin usaha')).toBe('01.18')
    })

    it('knows the abbreviations citizens use (KK, NIB, PBG, SKCK, AK1)', async () => {
      expect(await firstCategory('kk')).toBe('01.12')
      expect(await firstCategory('nib')).toBe('01.18')
      expect(await firstCategory('pbg')).toBe('01.03')
      expect(await firstCategory('ak1')).toBe('01.07')
      expect((await engine.search({ q: 'skck' })).total).toBeGreaterThan(0)
    })

    it('finds services by the root of an affixed word (pendaftaran → daftar, perizinan → izin)', async () => {
      expect((await engine.search({ q: 'daftar penduduk' })).total).toBeGreaterThan(0)
      expect((await engine.search({ q: 'izin bangun' })).hits.map(hit => hit.category.code)).toContain('01.03')
    })

    it('filters by category and OPD on the real catalogue, with facet counts that add up', async () => {
      const all = await engine.search({ q: 'izin', limit: 50 })
      const counted = Object.values(all.facets.category).reduce((sum, n) => sum + n, 0)
      expect(counted).toBe(all.total)
      const [code] = Object.keys(all.facets.category)
      const filtered = await engine.search({ q: 'izin', category: code, limit: 50 })
      expect(filtered.total).toBe(all.facets.category[code!])
      expect(filtered.hits.every(hit => hit.category.code === code)).toBe(true)
    })
  })
}
