import { describe, expect, it } from 'vitest'
import { fetch, getJson, setupPortal } from '../support/server'

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
    const put = await fetch(`${path}?text=jalan`, { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST')
  })
})

describe('POST /api/v1/complaints/suggest', () => {
  const post = (body: string, type = 'application/json') => fetch(path, { method: 'POST', body,
    headers: { 'content-type': type } })

  it('takes the text in a JSON or form body and answers as GET does', async () => {
    const text = 'Lampu jalan di gang kami mati sudah dua minggu, gelap total'
    const byGet = await getJson<Suggestions>(path, { text })
    const json = await post(JSON.stringify({ text }))
    expect(json.status).toBe(200)
    expect(json.headers.get('cache-control')).toBe('private, no-store')
    expect(await json.json()).toEqual(byGet)
    const form = await post(new URLSearchParams({ text }).toString(), 'application/x-www-form-urlencoded')
    expect(await form.json()).toEqual(byGet)
  })

  it('refuses a missing, empty or too long text with a 400, and a body far too large with a 413', async () => {
    for (const body of ['', '{}', '{"text":"  "}', 'not json', JSON.stringify({ text: 'a'.repeat(4001) })]) {
      const response = await post(body)
      expect(response.status, body.slice(0, 20)).toBe(400)
      expect((await response.json() as { message: string }).message).toMatch(/Tuliskan dulu|terlalu panjang|bukan JSON/)
    }
    expect((await post(JSON.stringify({ text: 'a'.repeat(40_000) }))).status).toBe(413)
  })
})
