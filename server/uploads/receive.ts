import { createHash, type Hash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import type { EntityManager } from '@mikro-orm/core'
import { UploadSchema, type Upload } from '../database/entities/upload'
import { UserSchema } from '../database/entities/user'
import { logger } from '../utils/logger'
import { UploadError, UploadMalformedError, UploadMissingError, UploadTooLargeError, UploadTypeRefusedError }
  from './errors'
import { displayFileName } from './file-name'
import { MULTIPART_OVERHEAD_BYTES, parseBoundary, readFilePart } from './multipart'
import { SNIFF_BYTES, sniffType } from './sniff'
import type { FileStorage } from './storage'
import { newStorageKey } from './storage-key'

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024
/** The `size` column is a 32-bit integer; a limit this high would be a typo anyway. */
const HIGHEST_MAX_BYTES = 1024 * 1024 * 1024

/** UPLOAD_MAX_BYTES, or 5 MB. A value that is not a whole number of bytes is an error, not a guess. */
export function uploadMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.UPLOAD_MAX_BYTES?.trim()
  if (!raw) return DEFAULT_MAX_BYTES
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > HIGHEST_MAX_BYTES) {
    throw new Error(`UPLOAD_MAX_BYTES must be a whole number of bytes from 1 to ${HIGHEST_MAX_BYTES}, not "${raw}"`)
  }
  return value
}

/** An incoming request as Node hands it over (h3: `event.node.req`). */
export type UploadRequest = Readable & { headers: IncomingHttpHeaders }

export interface ReceiveOptions {
  /** The request's EntityManager; the row is written in a fork of it. */
  em: EntityManager
  storage: FileStorage
  /** The signed-in user the file will belong to; null for a pengaduan draft's photo (it belongs to the draft). */
  ownerId: number | null
  /** Only these judged types (a pengaduan's photos: JPEG and PNG); any accepted type when absent. */
  types?: readonly string[]
  /** Largest file accepted; defaults to `uploadMaxBytes()`. */
  maxBytes?: number
}

/** The request body, refused the moment it passes `maxBodyBytes`, whatever Content-Length said. */
export async function* limitBody(chunks: AsyncIterable<Buffer | string>, maxBodyBytes: number, maxBytes: number) {
  let total = 0
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      total += bytes.length
      if (total > maxBodyBytes) throw new UploadTooLargeError(maxBytes, 'the body passed the limit')
      yield bytes
    }
  }
  catch (error) {
    if (error instanceof UploadError) throw error
    // The connection broke or the client gave up: the file did not arrive whole.
    throw new UploadMalformedError('the request body failed', { cause: error })
  }
}

interface Tally {
  size: number
  hash: Hash
}

/** The file's bytes, counted and hashed on their way to storage; refused the moment they pass `maxBytes`. */
async function* measure(data: AsyncIterable<Buffer>, maxBytes: number, tally: Tally) {
  for await (const chunk of data) {
    tally.size += chunk.length
    if (tally.size > maxBytes) throw new UploadTooLargeError(maxBytes, 'the file passed the limit')
    tally.hash.update(chunk)
    yield chunk
  }
}

/** The first `length` bytes of a stream (fewer if it is shorter), and the whole stream again to read on from. */
async function peek(chunks: AsyncGenerator<Buffer>, length: number) {
  const taken: Buffer[] = []
  let takenBytes = 0
  while (takenBytes < length) {
    const next = await chunks.next()
    if (next.done) break
    taken.push(next.value)
    takenBytes += next.value.length
  }
  async function* whole() {
    yield* taken
    yield* chunks
  }
  return { head: Buffer.concat(taken).subarray(0, length), whole: whole() }
}

/**
 * Receives the body of `POST /api/v1/uploads` (multipart/form-data, one file in the field `file`) and keeps it for
 * `ownerId`. The body streams through: it is never held whole in memory, and it is refused as soon as it passes
 * the limit (before reading, when Content-Length already says so). The type is judged from the first bytes. The
 * file goes to storage under a random key and an Upload row records it. Refusals are `UploadError`s with a message
 * for the citizen; on any failure neither a row nor a file is left behind.
 *
 * When it throws before the body was read to its end, the rest stays unread: the route answers with
 * `Connection: close` so that Node does not wait for or parse it.
 */
export async function receiveUpload(request: UploadRequest, options: ReceiveOptions): Promise<Upload> {
  const maxBytes = options.maxBytes ?? uploadMaxBytes()
  const maxBodyBytes = maxBytes + MULTIPART_OVERHEAD_BYTES
  const declared = request.headers['content-length']
  if (declared !== undefined && !/^\d+$/.test(declared)) throw new UploadMalformedError('Content-Length not a number')
  if (declared !== undefined && Number(declared) > maxBodyBytes) {
    throw new UploadTooLargeError(maxBytes, 'Content-Length over the limit')
  }
  const boundary = parseBoundary(request.headers['content-type'])

  // Not destroyed when reading stops early, so that the route can still answer on the same connection.
  const chunks = request.iterator({ destroyOnReturn: false })
  const body = limitBody({ [Symbol.asyncIterator]: () => chunks }, maxBodyBytes, maxBytes)
  let storedKey: string | undefined
  try {
    const part = await readFilePart(body, boundary, 'file')
    const tally: Tally = { size: 0, hash: createHash('sha256') }
    const { head, whole } = await peek(measure(part.data, maxBytes, tally), SNIFF_BYTES)
    if (!head.length) throw new UploadMissingError(part.fileName ? 'an empty file' : 'no file chosen')
    const type = sniffType(head)
    if (!type) throw new UploadTypeRefusedError('the content is not a PDF, JPEG or PNG')
    if (options.types && !options.types.includes(type)) {
      throw new UploadTypeRefusedError(`a ${type} where only images are taken`,
        'Jenis berkas tidak bisa diterima. Kirim foto JPG atau PNG.')
    }

    storedKey = newStorageKey()
    await options.storage.put(storedKey, Readable.from(whole, { objectMode: false }))

    const em = options.em.fork()
    const upload = em.create(UploadSchema, {
      owner: options.ownerId === null ? null : em.getReference(UserSchema, options.ownerId),
      fileName: displayFileName(part.fileName, type),
      size: tally.size,
      contentType: type,
      storageKey: storedKey,
      sha256: tally.hash.digest('hex'),
    })
    await em.flush()
    return upload
  }
  catch (error) {
    if (storedKey) await removeStored(options.storage, storedKey)
    throw error
  }
  finally {
    // Lets go of the request without waiting: a stalled client must not hold the answer up.
    void body.return(undefined).catch(() => {})
  }
}

async function removeStored(storage: FileStorage, key: string) {
  try {
    await storage.delete(key)
  }
  catch (error) {
    logger.warn({ key, error: (error as Error).message }, 'a refused upload could not be removed from storage')
  }
}

/** The answer of `POST /api/v1/uploads`: `id` is the public uuid, never the numeric id or the storage key. */
export function describeUpload(upload: Upload) {
  return { id: upload.publicId, name: upload.fileName, size: upload.size, type: upload.contentType }
}
