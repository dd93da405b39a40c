import { describe, expect, it } from 'vitest'
import { fetch, sessionCookie, setupPortal } from '../support/server'

await setupPortal('uploads_api', { UPLOAD_DIR: `.data/test-uploads-${process.pid}` })

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

async function account(email: string): Promise<string> {
  const citizen = { name: 'Warga Uji', email, phone: '081200001111', password: 'sungai way semaka jernih' }
  const response = await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(citizen) })
  return sessionCookie(response)
}

function upload(content: Buffer, fileName: string, cookie?: string) {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(content)]), fileName)
  return fetch('/api/v1/uploads', { method: 'POST', body, headers: cookie ? { cookie } : {} })
}

describe('uploading a document', () => {
  it('takes a PDF from a signed-in citizen and gives it back only to them', async () => {
    const owner = await account('pemilik@contoh.test')
    const response = await upload(PDF, 'surat lahir.pdf', owner)
    expect(response.status).toBe(201)
    const body = await response.json() as { id: string, name: string, size: number, type: string }
    expect(body).toMatchObject({ name: 'surat lahir.pdf', size: PDF.length, type: 'application/pdf' })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)

    const download = await fetch(`/api/v1/uploads/${body.id}`, { headers: { cookie: owner } })
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF)

    const stranger = await account('orang-lain@contoh.test')
    expect((await fetch(`/api/v1/uploads/${body.id}`, { headers: { cookie: stranger } })).status).toBe(404)
    expect((await fetch(`/api/v1/uploads/${body.id}`)).status).toBe(404)
  })

  it('takes only photos from anyone not signed in, and no file whose content is not PDF, JPEG or PNG', async () => {
    const signedOut = await upload(PDF, 'a.pdf')
    expect(signedOut.status).toBe(415)
    expect((await signedOut.json() as { message: string }).message).toMatch(/JPG atau PNG/)
    const cookie = await account('penguji@contoh.test')
    const fake = await upload(Buffer.from('bukan pdf sama sekali'), 'palsu.pdf', cookie)
    expect(fake.status).toBe(415)
    expect((await fake.json() as { message: string }).message).toMatch(/PDF, JPG atau PNG/)
  })

  it('refuses a file over 5 MB with a message in plain words', async () => {
    const cookie = await account('besar@contoh.test')
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)])
    const response = await upload(big, 'besar.pdf', cookie)
    expect(response.status).toBe(413)
    expect((await response.json() as { message: string }).message).toMatch(/terlalu besar/)
  })
})
