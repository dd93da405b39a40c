import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchDocument, SearchEngine } from '../../server/search/engine'

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

type OpenEngine = () => Promise<{ engine: SearchEngine, close: () => Promise<void> }>

/** The promises every SearchEngine keeps; each engine that is configured runs this suite. */
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

    it('forgets a removed document, and its words', async () => {
      await engine.remove(['izin-cafe'])
      expect(slugs((await engine.search({ q: 'cafe pantai' })).hits)).not.toContain('izin-cafe')
      // "pantai" was only in the removed document: it is no longer offered as a correction
      expect((await engine.search({ q: 'pantau' })).suggestion ?? '').not.toContain('pantai')
    })
  })
}
