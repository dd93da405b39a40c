import { fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { getJson, setupPortal } from '../support/server'

await setupPortal('complaints_suggest')

interface Suggestion {
  agency: { slug: string, name: string }
  category: { code: string, name: string }
  service?: { slug: string, name: string }
  confident: boolean
}

interface Suggestions {
  suggestions: Suggestion[]
}

const path = '/api/v1/complaints/suggest'

describe('GET /api/v1/complaints/suggest', () => {
  it('suggests the OPD, category and service for what a reporter typed, most likely first', async () => {
    const { suggestions } = await getJson<Suggestions>(path,
      { text: 'Lampu jalan di gang kami mati sudah dua minggu, gelap total' })
    expect(suggestions[0]).toEqual({
      agency: { slug: 'dishub', name: 'Dinas Perhubungan' },
      category: { code: '01.15', name: 'Perhubungan' },
      service: { slug: 'pengaduan-pju', name: 'Pengaduan Lampu Penerangan Jalan Umum (PJU) Mati' },
      confident: true,
    })
    expect(suggestions.length).toBeLessThanOrEqual(5)
  })

  it('answers an empty list when nothing in the text points to an OPD, and is never cached', async () => {
    const response = await fetch(`${path}?text=${encodeURIComponent('terima kasih')}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(await response.json()).toEqual({ suggestions: [] })
  })

  it('refuses a missing, empty or too long text with a 400 a person can read', async () => {
    for (const query of ['', '?text=', '?text=%20%20', `?text=${'a'.repeat(4001)}`]) {
      const response = await fetch(`${path}${query}`)
      expect(response.status, query.slice(0, 20)).toBe(400)
      const { message } = await response.json() as { message: string }
      expect(message, query.slice(0, 20)).toMatch(/Tuliskan dulu|terlalu panjang/)
    }
    expect((await fetch(`${path}?text=${'a'.repeat(4000)}`)).status).toBe(200)
  })

  it('answers HEAD and refuses other methods with 405', async () => {
    expect((await fetch(`${path}?text=jalan`, { method: 'HEAD' })).status).toBe(200)
    const post = await fetch(`${path}?text=jalan`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })
})
