import { describe, expect, it } from 'vitest'
import type { ServiceForm } from '../../server/catalogue/form-schema'
import type { SearchResult } from '../../server/search/engine'
import { fetch, getJson, setupPortal } from '../support/server'

await setupPortal('api')

async function status(path: string) {
  const response = await fetch(path)
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

describe('the public catalogue API', () => {
  it('lists the 40 categories ordered by code with their OPDs and service counts', async () => {
    const categories = await getJson<Record<string, unknown>[]>('/api/v1/categories')
    expect(categories).toHaveLength(40)
    expect(categories.map(c => c.code)).toEqual([...categories.map(c => c.code as string)].sort())
    expect(categories[11]).toMatchObject({
      code: '01.12', name: 'Administrasi Kependudukan dan Pencatatan Sipil',
      slug: 'administrasi-kependudukan-dan-pencatatan-sipil',
      agencies: [{ slug: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil', shortName: 'Disdukcapil' }],
    })
    expect(Object.keys(categories[0]!).sort())
      .toEqual(['agencies', 'code', 'description', 'name', 'serviceCount', 'slug'])
    expect(categories[11]!.serviceCount).toBeGreaterThan(5)
  })

  it('gives one category with its services, and 404 for an unknown or malformed code', async () => {
    const category = await getJson<{ code: string, services: { slug: string, name: string }[] }>(
      '/api/v1/categories/01.12')
    expect(category.code).toBe('01.12')
    expect(category.services.map(s => s.slug)).toContain('akta-kelahiran')
    expect(Object.keys(category.services[0]!).sort()).toEqual(['name', 'slug'])
    expect((await status('/api/v1/categories/01.99')).status).toBe(404)
    expect((await status('/api/v1/categories/x%27%20or%201=1')).status).toBe(404)
  })

  it('lists the OPDs with their category codes, and gives one OPD', async () => {
    const agencies = await getJson<{ slug: string, categories: string[] }[]>('/api/v1/agencies')
    expect(agencies).toHaveLength(30)
    expect(agencies.find(a => a.slug === 'dinas-pupr')!.categories).toEqual(['01.03', '01.04', '01.11'])
    const agency = await getJson<{ slug: string, shortName: string }>('/api/v1/agencies/disdukcapil')
    expect(agency).toMatchObject({ slug: 'disdukcapil', shortName: 'Disdukcapil' })
    expect((await status('/api/v1/agencies/tidak-ada')).status).toBe(404)
  })

  it('pages through every service with a keyset cursor, without repeats or gaps', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { slug: string }[], nextCursor: string | null } = await getJson('/api/v1/services',
        { limit: 40, cursor: cursor ?? undefined })
      seen.push(...page.items.map(i => i.slug))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.length).toBeGreaterThanOrEqual(120)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual([...seen].sort())
  })

  it('filters services by category and by agency', async () => {
    const byCategory = await getJson<{ items: { category: { code: string } }[] }>('/api/v1/services?category=01.12')
    expect(byCategory.items.length).toBeGreaterThan(5)
    expect(byCategory.items.every(i => i.category.code === '01.12')).toBe(true)
    const byAgency = await getJson<{ items: { agency: { slug: string } }[] }>('/api/v1/services?agency=dinsos')
    expect(byAgency.items.every(i => i.agency.slug === 'dinsos')).toBe(true)
  })

  it('gives a whole service in the contract shape', async () => {
    const service = await getJson<Record<string, unknown>>('/api/v1/services/akta-kelahiran')
    for (const key of ['slug', 'name', 'category', 'agency', 'purpose', 'function', 'target', 'method', 'benefits',
      'economicPotential', 'risks', 'riskMitigation', 'relatedMinistry', 'governmentAffair', 'requirements',
      'procedure', 'durationDays', 'fee', 'output', 'legalBasis', 'complaintHandling', 'aliases']) {
      expect(service, key).toHaveProperty(key)
    }
    expect(service.category).toEqual({ code: '01.12', name: 'Administrasi Kependudukan dan Pencatatan Sipil' })
    expect(service.agency).toEqual({ slug: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil',
      shortName: 'Disdukcapil' })
    expect(service.fee).toMatchObject({ amount: 0 })
    expect(Array.isArray(service.requirements)).toBe(true)
    expect(service.durationDays === null || typeof service.durationDays === 'number').toBe(true)
    expect((await status('/api/v1/services/tidak-ada-layanan-ini')).status).toBe(404)
  })

  it('gives the online application form of a service, and null where there is none', async () => {
    const { form } = await getJson<{ form: ServiceForm | null }>('/api/v1/services/akta-kelahiran')
    expect(form!.questions.every(q => q.key && q.label && q.type && typeof q.required === 'boolean')).toBe(true)
    expect(form!.questions.some(q => q.type === 'nik')).toBe(true)
    expect(form!.documents[0]).toMatchObject({ accept: ['application/pdf', 'image/jpeg', 'image/png'],
      maxBytes: 5 * 1024 * 1024 })
    expect((await getJson<{ form: unknown }>('/api/v1/services/skck')).form).toBeNull()
  })

  it('searches with facets per category and per agency', async () => {
    const result = await getJson<SearchResult>('/api/v1/search', { q: 'akta kelahiran' })
    expect(result.engine).toBe('postgres')
    expect(result.hits[0]!.slug).toBe('akta-kelahiran')
    expect(Object.keys(result.hits[0]!).sort()).toEqual(['agency', 'category', 'name', 'slug'])
    expect(result.facets.category['01.12']).toBeGreaterThan(0)
    expect(result.facets.agency.disdukcapil).toBeGreaterThan(0)
  })

  it('refuses bad input with a 400 and a message a person can read', async () => {
    const tooLong = await status(`/api/v1/search?q=${'a'.repeat(201)}`)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.message).toMatch(/terlalu panjang/)
    const unknownCategory = await status('/api/v1/search?q=ktp&category=09.99')
    expect(unknownCategory.status).toBe(400)
    expect(unknownCategory.body.message).toMatch(/Kategori/)
    const unknownAgency = await status('/api/v1/services?agency=bukan-opd')
    expect(unknownAgency.status).toBe(400)
    expect(unknownAgency.body.message).toMatch(/OPD/)
    const badCursor = await status('/api/v1/services?cursor=%27%3B%20drop')
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.message).toMatch(/cursor/)
  })

  it('answers an empty query with every service and a query of filler words with nothing, never an error', async () => {
    const all = await getJson<SearchResult>('/api/v1/search')
    expect(all.total).toBeGreaterThanOrEqual(120)
    for (const q of ['', '  ', 'gimana', 'bagaimana cara', '?!', '😀', '日本語', 'ktp\u0000']) {
      expect((await status(`/api/v1/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200)
    }
    expect((await getJson<SearchResult>('/api/v1/search?q=gimana')).total).toBe(0)
  })

  it('refuses malformed filters and limits in plain Indonesian', async () => {
    for (const path of ['/api/v1/search?q=ktp&category=%00', '/api/v1/search?q=ktp&agency=%00',
      '/api/v1/services?category=%00', '/api/v1/search?q=ktp&limit=abc', '/api/v1/search?q=ktp&limit=0',
      '/api/v1/search?q=ktp&limit=51', '/api/v1/search?q=ktp&limit=0x10', '/api/v1/services?limit=1.5',
      '/api/v1/services?limit=101']) {
      const answer = await status(path)
      expect(answer.status, path).toBe(400)
      expect(answer.body.message, path).toMatch(/limit|Kategori|OPD/)
      expect(answer.body.message, path).not.toMatch(/expected|Too small|Invalid/)
    }
  })

  it('answers HEAD like GET, and refuses writes with 405', async () => {
    const head = await fetch('/api/health', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect((await fetch('/api/v1/services/akta-kelahiran', { method: 'HEAD' })).status).toBe(200)
    const post = await fetch('/api/v1/categories', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect((await post.json() as { message: string }).message).toMatch(/hanya bisa dibaca/)
  })

  it('keeps SQL in any parameter as plain text', async () => {
    const injected = await status(`/api/v1/search?q=${encodeURIComponent('\'; delete from service; --')}`)
    expect(injected.status).toBe(200)
    const categories = await getJson<{ serviceCount: number }[]>('/api/v1/categories')
    expect(categories.reduce((sum, c) => sum + c.serviceCount, 0)).toBeGreaterThanOrEqual(120)
  })

  it('reports its health', async () => {
    expect(await getJson('/api/health')).toEqual({ status: 'ok', database: 'up', search: 'up',
      searchEngine: { configured: 'postgres', postgres: 'up' },
      searchIndex: expect.objectContaining({ engine: 'postgres', versionsBehind: 0, pending: 0 }) })
  })
})
