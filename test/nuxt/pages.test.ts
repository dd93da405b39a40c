import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { fetch, getHtml, setupPortal } from '../support/server'

await setupPortal('pages')

const page = getHtml

describe('the citizen pages, rendered on the server', () => {
  it('home has a plain GET search form, the 40 categories and the most used services', async () => {
    const html = await page('/')
    expect(html).toMatch(/<html[^>]*lang="id/)
    expect(html).toMatch(/<form[^>]*action="\/cari"[^>]*method="get"/)
    expect(html).toContain('name="q"')
    expect(html.match(/href="\/kategori\/01\.\d\d"/g)).toHaveLength(40)
    expect(html).toContain('Layanan yang paling banyak dicari')
  })

  it('ships no framework JavaScript: the search pages load only the search script, the others nothing', async () => {
    const scripts = (html: string) =>
      [...html.matchAll(/<script(?![^>]*type="(speculationrules|application\/(ld\+)?json)")[^>]*>/g)].map(m => m[0])
    for (const path of ['/', '/cari?q=ktp']) {
      expect(scripts(await page(path)), path).toEqual(['<script src="/js/cari.js" defer>'])
    }
    for (const path of ['/kategori/01.12', '/layanan/akta-kelahiran', '/opd/disdukcapil']) {
      expect(scripts(await page(path)), path).toEqual([])
    }
  })

  it('renders the search form as a plain GET form; the combobox roles are left to the script', async () => {
    for (const path of ['/', '/cari?q=ktp']) {
      const html = await page(path)
      const form = html.match(/<form[^>]*role="search"[^>]*>[\s\S]*?<\/form>/)?.[0] ?? ''
      expect(form, path).toMatch(/^<form action="\/cari" method="get" role="search"/)
      expect(form, path).toMatch(/<input id="q" name="q" type="search"/)
      expect(form, path).toMatch(/<button type="submit" class="button">\s*Cari\s*<\/button>/)
      expect(form, path).toContain('data-suggest="/api/v1/search"')
      expect(form, path).toContain('data-service="/layanan"')
      expect(form, path).toContain('data-count-many="{count} saran layanan.')
      expect(form, path).not.toMatch(/role="(combobox|listbox)"|aria-expanded/)
    }
    expect(await page('/cari?q=ktp')).toMatch(/<input id="q" name="q" type="search" value="ktp"/)
    const english = await page('/en')
    expect(english).toContain('data-service="/en/layanan"')
    expect(english).toContain('data-suggest-label="Suggested services"')
  })

  it('keeps the search script small: under 3 KB gzipped', async () => {
    const response = await fetch('/js/cari.js')
    expect(response.status).toBe(200)
    expect(gzipSync(Buffer.from(await response.arrayBuffer())).length).toBeLessThan(3072)
  })

  it('a category page shows its description, its OPDs and its services', async () => {
    const html = await page('/kategori/01.12')
    expect(html).toContain('Administrasi Kependudukan dan Pencatatan Sipil')
    expect(html).toContain('Kegiatan pelayanan publik dan ketersediaan pangkalan data dalam bidang kependudukan')
    expect(html).toContain('href="/opd/disdukcapil"')
    expect(html).toContain('href="/layanan/akta-kelahiran"')
  })

  it('a service page shows the whole standar pelayanan and SPBE metadata, and the two actions', async () => {
    const html = await page('/layanan/akta-kelahiran')
    for (const heading of ['Persyaratan', 'Prosedur', 'Jangka waktu penyelesaian', 'Biaya', 'Produk layanan',
      'Dasar hukum', 'Penanganan pengaduan', 'Unit pelaksana', 'Metode layanan', 'Target layanan', 'Tujuan', 'Fungsi',
      'Potensi manfaat', 'Potensi ekonomi', 'Potensi risiko', 'Mitigasi risiko']) {
      expect(html, heading).toContain(heading)
    }
    expect(html).toContain('href="/opd/disdukcapil"')
    expect(html).toMatch(/href="\/layanan\/akta-kelahiran\/ajukan"[^>]*>Ajukan permohonan/)
    expect(html).toMatch(/href="\/pengaduan\/baru\?layanan=akta-kelahiran"[^>]*>\s*Sampaikan pengaduan/)
    expect(html).toContain('Gratis')
  })

  it('an OPD page shows the OPD and its services', async () => {
    const html = await page('/opd/disdukcapil')
    expect(html).toContain('Dinas Kependudukan dan Pencatatan Sipil')
    expect(html).toContain('href="/layanan/akta-kelahiran"')
  })

  it('search shows results with hit counts per category and per OPD as filter links', async () => {
    const html = await page('/cari?q=akta+kelahiran')
    expect(html).toContain('href="/layanan/akta-kelahiran"')
    expect(html).toMatch(/href="\/cari\?q=akta(\+|%20)kelahiran&amp;kategori=01\.12"/)
    expect(html).toMatch(/href="\/cari\?q=akta(\+|%20)kelahiran&amp;opd=disdukcapil"/)
    const filtered = await page('/cari?q=kartu&kategori=01.12')
    expect(filtered).toContain('Hapus saringan')
  })

  it('an empty search suggests a spelling and the categories', async () => {
    const html = await page('/cari?q=zzqx+kelhran')
    expect(html).toContain('Tidak ada layanan yang cocok')
    expect(html).toContain('Mungkin maksud Anda')
    expect(html.match(/href="\/kategori\/01\.\d\d"/g)!.length).toBeGreaterThanOrEqual(40)
  })

  it('an empty search or one of filler words shows a page, not an error', async () => {
    for (const path of ['/cari', '/cari?q=', '/cari?q=gimana', '/cari?q=%3F%21']) {
      const response = await fetch(path)
      expect(response.status, path).toBe(200)
      const html = await response.text()
      expect(html, path).not.toMatch(/Server Error|Terjadi gangguan/)
    }
  })

  it('drops an unknown filter from a search link and says so', async () => {
    const html = await page('/cari?q=ktp&kategori=99.99')
    expect(html).toContain('Saringan di alamat ini tidak dikenal')
    expect(html).toContain('href="/layanan/ktp-el"')
    // No failed API call shows through (the search form's data-suggest names the API without a query).
    expect(html).not.toMatch(/\/api\/v1\/[\w/]*\?/)
  })

  it('sends a citizen to the body that really provides a referral service', async () => {
    expect(await page('/layanan/skck/ajukan')).toContain('Polsek/Polres Tanggamus')
    expect(await page('/layanan/nib-oss/ajukan')).toContain('https://oss.go.id')
    expect(await page('/pengaduan/baru?layanan=akta-kelahiran')).toContain('Dinas Kependudukan dan Pencatatan Sipil')
  })

  it('sends a citizen from the apply page of a complaint channel to the complaint page', async () => {
    const html = await page('/layanan/pengaduan-sampah/ajukan')
    expect(html).toContain('href="/pengaduan/baru?layanan=pengaduan-sampah"')
    expect(html).not.toContain('href="/layanan/pengaduan-sampah/ajukan/isian"')
  })

  it('says so when an OPD has no service recorded yet', async () => {
    expect(await page('/opd/korpri')).toContain('Belum ada layanan perangkat daerah ini')
  })

  it('a query that is too long is answered with a plain message, not an error page', async () => {
    const response = await fetch(`/cari?q=${'a'.repeat(250)}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('terlalu panjang')
  })

  it('answers unknown codes and slugs with a friendly 404', async () => {
    for (const path of ['/kategori/01.99', '/layanan/tidak-ada', '/opd/tidak-ada', '/halaman-tidak-ada']) {
      const response = await fetch(path, { headers: { accept: 'text/html' } })
      expect(response.status, path).toBe(404)
      expect(await response.text(), path).toContain('Halaman tidak ditemukan')
    }
  })

  it('speaks English under /en', async () => {
    const html = await page('/en/layanan/akta-kelahiran')
    expect(html).toMatch(/<html[^>]*lang="en/)
    expect(html).toContain('Requirements')
    expect(html).toContain('href="/en/opd/disdukcapil"')
    expect(await page('/en')).toContain('Search services')
  })
})

describe('every answer', () => {
  it('carries security headers, with a policy that allows no script', async () => {
    const response = await fetch('/layanan/akta-kelahiran')
    const policy = response.headers.get('content-security-policy')
    expect(policy).toContain('script-src \'self\' \'inline-speculation-rules\'')
    expect(policy).toContain('frame-ancestors \'none\'')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await fetch('/api/v1/categories')).headers.get('x-frame-options')).toBe('DENY')
  })
})
