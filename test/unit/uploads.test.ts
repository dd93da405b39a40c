import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UploadSchema } from '../../server/database/entities/upload'
import { UserSchema } from '../../server/database/entities/user'
import { openDatabase, type Database } from '../../server/database/orm'
import { openDownload } from '../../server/uploads/access'
import { UploadMalformedError, UploadMissingError, UploadNotFoundError, UploadTooLargeError, UploadTypeRefusedError }
  from '../../server/uploads/errors'
import { LocalDiskStorage } from '../../server/uploads/local-disk-storage'
import { DEFAULT_MAX_BYTES, describeUpload, receiveUpload, uploadMaxBytes, type ReceiveOptions, type UploadRequest }
  from '../../server/uploads/receive'
import { createTestDatabase } from '../support/database'

const BOUNDARY = '----MppTanggamusTestBoundary7d3f'
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082',
  'hex')
/** Reading this far past the limit means the body was not refused in time. */
const READ_MARGIN = 256 * 1024

interface FileField {
  content: Buffer
  name?: string
  type?: string
  field?: string
}

function partHead({ name = 'berkas.pdf', type = 'application/pdf', field = 'file' }: Omit<FileField, 'content'>) {
  return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n`
    + `Content-Type: ${type}\r\n\r\n`)
}

const CLOSING = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)

function formBody(file: FileField): Buffer {
  return Buffer.concat([partHead(file), file.content, CLOSING])
}

function* slices(body: Buffer, size: number) {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size)
}

/** A request as Node hands it to a route: a stream with headers. */
function incoming(body: Buffer | Readable, headers: Record<string, string | undefined> = {}, chunkSize = 64 * 1024) {
  const stream = Buffer.isBuffer(body) ? Readable.from(slices(body, chunkSize)) : body
  const length = Buffer.isBuffer(body) ? String(body.length) : undefined
  return Object.assign(stream, { headers: {
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': length, ...headers,
  } }) as UploadRequest
}

const CHUNK_BYTES = 64 * 1024

/**
 * A request body served in 64 KB chunks as it is read: `body`, then, when `endless`, filler for ever. Reading more
 * than `guard` bytes of it fails the test: the receiver should have given up long before.
 */
class GuardedBody extends Readable {
  bytesRead = 0
  overread = false

  constructor(private readonly body: Buffer, private readonly guard: number, private readonly endless = false) {
    super()
  }

  override _read() {
    if (this.bytesRead > this.guard) {
      this.overread = true
      this.destroy(new Error(`read past ${this.guard} bytes`))
      return
    }
    const rest = this.body.subarray(this.bytesRead, this.bytesRead + CHUNK_BYTES)
    const chunk = rest.length ? rest : this.endless ? Buffer.alloc(CHUNK_BYTES, 0x41) : null
    this.bytesRead += chunk?.length ?? 0
    this.push(chunk)
  }
}

describe('uploads', () => {
  let database: Database
  let root: string
  let storage: LocalDiskStorage
  let citizenA: number
  let citizenB: number

  const receive = (request: UploadRequest, options: Partial<ReceiveOptions> = {}) =>
    receiveUpload(request, { em: database.orm.em, storage, ownerId: citizenA, ...options })
  const storedFiles = async () => (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name))
  const rowCount = () => database.orm.em.fork().count(UploadSchema)

  async function expectNothingStored(work: () => Promise<unknown>, error: new (...args: never[]) => Error) {
    const [filesBefore, rowsBefore] = [await storedFiles(), await rowCount()]
    await expect(work()).rejects.toBeInstanceOf(error)
    expect(await storedFiles()).toEqual(filesBefore)
    expect(await rowCount()).toBe(rowsBefore)
  }

  beforeAll(async () => {
    database = await openDatabase(await createTestDatabase('uploads'))
    root = await mkdtemp(join(tmpdir(), 'mpp-uploads-'))
    storage = new LocalDiskStorage(root)
    const em = database.orm.em.fork()
    const citizen = (email: string, name: string) =>
      em.create(UserSchema, { email, name, passwordHash: 'not used here', role: 'citizen' })
    const [a, b] = [citizen('warga.a@contoh.test', 'Warga A'), citizen('warga.b@contoh.test', 'Warga B')]
    await em.flush()
    ;[citizenA, citizenB] = [a.id, b.id]
  })

  afterAll(async () => {
    await database?.close()
    if (root) await rm(root, { recursive: true, force: true })
  })

  describe('receiving a file', () => {
    it('accepts a PDF and records its owner, size, type and sha256, storing it under a random key', async () => {
      const upload = await receive(incoming(formBody({ content: PDF, name: 'Surat Pengantar RT.pdf' })))

      expect(upload).toMatchObject({ fileName: 'Surat Pengantar RT.pdf', size: PDF.length,
        contentType: 'application/pdf', sha256: createHash('sha256').update(PDF).digest('hex') })
      expect(upload.owner?.id).toBe(citizenA)
      expect(upload.publicId).toMatch(/^[0-9a-f-]{36}$/)
      expect(upload.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/)
      expect(await text(await storage.get(upload.storageKey))).toBe(PDF.toString())
      const row = await database.orm.em.fork().findOneOrFail(UploadSchema, { publicId: upload.publicId })
      expect(row.sha256).toBe(upload.sha256)
    })

    it('accepts a JPEG and a PNG, and gives the display name the extension of what the content is', async () => {
      const jpeg = await receive(incoming(formBody({ content: JPEG, name: 'KTP.JPEG', type: 'image/jpeg' })))
      const png = await receive(incoming(formBody({ content: PNG, name: 'foto.pdf', type: 'application/pdf' })))

      expect(jpeg).toMatchObject({ contentType: 'image/jpeg', fileName: 'KTP.JPEG', size: JPEG.length })
      expect(png).toMatchObject({ contentType: 'image/png', fileName: 'foto.pdf.png', size: PNG.length })
    })

    it('reads a body that arrives a few bytes at a time, boundaries split across chunks', async () => {
      const content = Buffer.concat([PDF, Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x and \r\n-- more`)])
      const upload = await receive(incoming(formBody({ content }), {}, 3))

      expect(await text(await storage.get(upload.storageKey))).toBe(content.toString())
    })

    it('never stores under the client\'s file name', async () => {
      const upload = await receive(incoming(formBody({ content: PDF, name: '../../../etc/passwd' })))

      expect(upload.fileName).toBe('passwd.pdf')
      expect((await storedFiles()).every(path => path.startsWith(root + '/') && !path.includes('passwd'))).toBe(true)
    })

    it('refuses a text file named .pdf and declared application/pdf, storing nothing', async () => {
      const content = Buffer.from('Ini bukan PDF, hanya teks biasa.\n')
      const request = incoming(formBody({ content, name: 'surat.pdf', type: 'application/pdf' }))
      await expectNothingStored(() => receive(request), UploadTypeRefusedError)
    })

    it('refuses a form sent without choosing a file, and an empty file', async () => {
      await expectNothingStored(() => receive(incoming(formBody({ content: Buffer.alloc(0), name: '',
        type: 'application/octet-stream' }))), UploadMissingError)
      await expectNothingStored(() => receive(incoming(formBody({ content: Buffer.alloc(0), name: 'kosong.pdf' }))),
        UploadMissingError)
    })

    it('tells the citizen in plain Indonesian why a file was refused', async () => {
      const tooLarge = receive(incoming(formBody({ content: Buffer.concat([PDF, Buffer.alloc(DEFAULT_MAX_BYTES)]) })))
      await expect(tooLarge).rejects.toThrow('Berkas terlalu besar. Ukuran paling besar 5 MB.')
      await expect(receive(incoming(formBody({ content: Buffer.from('MZ\x90\x00 a program') }))))
        .rejects.toThrow('Jenis berkas tidak bisa diterima. Kirim PDF, JPG atau PNG.')
      await expect(receive(incoming(formBody({ content: PDF })), { maxBytes: 10 }))
        .rejects.toMatchObject({ statusCode: 413, message: 'Berkas terlalu besar. Ukuran paling besar 1 KB.' })
    })
  })

  describe('the size limit', () => {
    const fileOf = (bytes: number) => Buffer.concat([PDF, Buffer.alloc(bytes - PDF.length, 0x20)])

    it('is 5 MB unless UPLOAD_MAX_BYTES says otherwise, and refuses a value that is not a number of bytes', () => {
      expect(uploadMaxBytes({})).toBe(5 * 1024 * 1024)
      expect(uploadMaxBytes({ UPLOAD_MAX_BYTES: '10485760' })).toBe(10 * 1024 * 1024)
      expect(() => uploadMaxBytes({ UPLOAD_MAX_BYTES: '5MB' })).toThrow(/UPLOAD_MAX_BYTES/)
      expect(() => uploadMaxBytes({ UPLOAD_MAX_BYTES: '0' })).toThrow(/UPLOAD_MAX_BYTES/)
    })

    it('accepts a file of exactly 5 MB', async () => {
      const upload = await receive(incoming(formBody({ content: fileOf(DEFAULT_MAX_BYTES) })))
      expect(upload.size).toBe(DEFAULT_MAX_BYTES)
    })

    it('refuses a file of 5 MB + 1 byte and stores nothing', async () => {
      const body = formBody({ content: fileOf(DEFAULT_MAX_BYTES + 1) })
      const stream = new GuardedBody(body, DEFAULT_MAX_BYTES + READ_MARGIN)

      await expectNothingStored(() => receive(incoming(stream, { 'content-length': String(body.length) })),
        UploadTooLargeError)
    })

    it('refuses a body whose Content-Length is over the limit before reading a byte of it', async () => {
      const stream = new GuardedBody(partHead({}), 0, true)
      const request = incoming(stream, { 'content-length': String(50 * 1024 * 1024) })

      await expectNothingStored(() => receive(request), UploadTooLargeError)
      expect(stream.bytesRead).toBe(0)
    })

    it('stops reading an endless body sent without Content-Length soon after it passes the limit', async () => {
      const stream = new GuardedBody(Buffer.concat([partHead({}), PDF]), DEFAULT_MAX_BYTES + READ_MARGIN, true)

      await expectNothingStored(() => receive(incoming(stream, { 'transfer-encoding': 'chunked' })),
        UploadTooLargeError)
      expect(stream.overread).toBe(false)
      expect(stream.bytesRead).toBeGreaterThan(DEFAULT_MAX_BYTES)
    })

    it('does not believe a Content-Length that is smaller than the body', async () => {
      const stream = new GuardedBody(Buffer.concat([partHead({}), PDF]), DEFAULT_MAX_BYTES + READ_MARGIN, true)

      await expectNothingStored(() => receive(incoming(stream, { 'content-length': '1000' })), UploadTooLargeError)
      expect(stream.overread).toBe(false)
    })

    it('lets a real HTTP client that keeps sending receive the refusal', async () => {
      const maxBytes = 64 * 1024
      let serverRead = 0
      const server = createServer(async (request, response) => {
        try {
          const upload = await receive(request, { maxBytes })
          response.end(JSON.stringify(describeUpload(upload)))
        }
        catch (error) {
          serverRead = request.socket.bytesRead
          const { statusCode, message } = error as UploadTooLargeError
          response.writeHead(statusCode ?? 500, { 'Connection': 'close', 'Content-Type': 'application/json' })
          response.end(JSON.stringify({ message }))
        }
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      try {
        const answer = await sendEndlessly((server.address() as AddressInfo).port, partHead({}))
        expect(answer).toEqual({ status: 413, body: { message: 'Berkas terlalu besar. Ukuran paling besar 64 KB.' } })
        // What Node's socket and stream buffers took in before the reading stopped, not the 64 MB the client sends.
        expect(serverRead).toBeLessThan(maxBytes + 1024 * 1024)
      }
      finally {
        server.closeAllConnections()
        await new Promise(resolve => server.close(resolve))
      }
    })
  })

  describe('a malformed body', () => {
    const file = formBody({ content: PDF })
    const withoutClosing = file.subarray(0, file.length - CLOSING.length)

    it.each([
      ['a Content-Type that is not multipart', file, { 'content-type': 'application/pdf' }],
      ['no boundary in the Content-Type', file, { 'content-type': 'multipart/form-data' }],
      ['a Content-Length that is not a number', file, { 'content-length': '12abc' }],
      ['a boundary that never comes', Buffer.from('just some bytes, no boundary at all'.repeat(100)), {}],
      ['a body that ends inside the file', withoutClosing, {}],
      ['a body that ends right after the part headers', partHead({}), {}],
      ['the file in a field other than "file"', formBody({ content: PDF, field: 'document' }), {}],
      ['a text field instead of a file', Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"`
        + `\r\n\r\n%PDF-1.7\r\n--${BOUNDARY}--\r\n`), {}],
      ['a second part after the file', Buffer.concat([withoutClosing, Buffer.from(`\r\n--${BOUNDARY}\r\n`
        + `Content-Disposition: form-data; name="other"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`)]), {}],
      ['part headers that never end', Buffer.concat([partHead({}).subarray(0, 60), Buffer.alloc(20_000, 0x61)]), {}],
    ])('is refused when it has %s, leaving nothing behind', async (_, body, headers) => {
      await expectNothingStored(() => receive(incoming(body, headers)), UploadMalformedError)
    })

    it('is refused when the client goes away in the middle of the file', async () => {
      const body = Readable.from((async function* () {
        yield Buffer.concat([partHead({}), PDF, Buffer.alloc(100_000)])
        throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
      })())

      await expectNothingStored(() => receive(incoming(body)), UploadMalformedError)
    })

    it('leaves no file behind when the row cannot be written', async () => {
      const work = () => receive(incoming(formBody({ content: PDF })), { ownerId: 987_654 })
      await expectNothingStored(work, Error)
    })
  })

  describe('reading a file back', () => {
    it('gives the owner the file with safe headers, never the storage key', async () => {
      // Browsers send a double quote in a file name as %22.
      const request = incoming(formBody({ content: PNG, name: 'Pas foto %223x4%22.png', type: 'image/png' }))
      const upload = await receive(request)

      const download = await openDownload(database.orm.em.fork(), storage, upload.publicId, { id: citizenA })

      expect(await streamBytes(download.stream)).toEqual(PNG)
      expect(download.headers).toMatchObject({ 'Content-Type': 'image/png', 'Content-Length': String(PNG.length),
        'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store',
        'Content-Disposition': 'attachment; filename="Pas foto _3x4_.png"; filename*=UTF-8\'\'Pas%20foto%20_3x4_.png' })
      expect(JSON.stringify({ ...download, stream: null })).not.toContain(upload.storageKey)
    })

    it('answers another citizen, a stranger and a guessed id alike: not found', async () => {
      const upload = await receive(incoming(formBody({ content: PDF })))
      const open = (publicId: string, viewer: { id: number } | null) =>
        openDownload(database.orm.em.fork(), storage, publicId, viewer)

      await expect(open(upload.publicId, { id: citizenB })).rejects.toBeInstanceOf(UploadNotFoundError)
      await expect(open(upload.publicId, null)).rejects.toBeInstanceOf(UploadNotFoundError)
      await expect(open('00000000-0000-4000-8000-000000000000', { id: citizenA }))
        .rejects.toBeInstanceOf(UploadNotFoundError)
      await expect(open(String(upload.id), { id: citizenA })).rejects.toBeInstanceOf(UploadNotFoundError)
      await expect(open(upload.publicId, { id: citizenA })).resolves.toMatchObject({ contentType: 'application/pdf' })
    })

    it('lets a grant open another user\'s file: the hook for the officers handling a request', async () => {
      const upload = await receive(incoming(formBody({ content: PDF })))
      const officer = { id: citizenB }
      const grant = (_: unknown, viewer: { id: number }) => viewer.id === officer.id

      const download = await openDownload(database.orm.em.fork(), storage, upload.publicId, officer, [grant])
      expect(await streamBytes(download.stream)).toEqual(PDF)
    })

    it('describes an upload to the API by its public id, name, size and type only', async () => {
      const upload = await receive(incoming(formBody({ content: JPEG, name: 'kk.jpg', type: 'image/jpeg' })))

      expect(describeUpload(upload)).toEqual({ id: upload.publicId, name: 'kk.jpg', size: JPEG.length,
        type: 'image/jpeg' })
      // Even an entity returned by mistake does not carry the storage key.
      expect(JSON.stringify(upload)).not.toContain(upload.storageKey)
    })
  })
})

async function streamBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** POSTs `head` and then filler, chunked, until the server answers; returns the answer. */
function sendEndlessly(port: number, head: Buffer): Promise<{ status: number, body: unknown }> {
  return new Promise((resolve, reject) => {
    let answered = false
    const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers: {
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' } })
    request.on('response', async (response: IncomingMessage) => {
      answered = true
      resolve({ status: response.statusCode!, body: JSON.parse(await text(response)) })
      request.destroy()
    })
    // Writing into a connection the server has closed fails; only a failure before any answer counts.
    request.on('error', error => answered || reject(error))
    request.on('close', () => answered || reject(new Error('the connection closed without an answer')))
    const filler = Buffer.alloc(64 * 1024, 0x41)
    let sent = 0
    const write = () => {
      while (!answered && sent < 64 * 1024 * 1024) {
        sent += filler.length
        if (!request.write(sent === filler.length ? Buffer.concat([head, PDF]) : filler)) {
          request.once('drain', write)
          return
        }
      }
    }
    write()
  })
}
