import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalDiskStorage } from '../../server/uploads/local-disk-storage'
import { S3Storage, s3ConfigFromEnv } from '../../server/uploads/s3-storage'
import { createFileStorage, type FileStorage } from '../../server/uploads/storage'
import { InvalidStorageKeyError, newStorageKey, StoredFileNotFoundError } from '../../server/uploads/storage-key'

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A stream of `total` random bytes in 64 KB chunks; `failAfter` makes it break down after that many. */
function streamOf(bytes: Buffer, failAfter?: number) {
  return Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += 64 * 1024) {
      if (failAfter !== undefined && at >= failAfter) throw new Error('the sender went away')
      yield bytes.subarray(at, at + 64 * 1024)
    }
  })())
}

const TRAVERSAL_KEYS = ['../../etc/passwd', '..', '../outside', 'ab/../../outside', '/etc/passwd', 'ab\\..\\..\\x',
  '%2e%2e/%2e%2e/x', `ab/${'0'.repeat(32)}/../../x`, `ab/${'0'.repeat(32)}\0`, `AB/${'A'.repeat(32)}`,
  `ab/${'0'.repeat(32)}.pdf`, 'surat pengantar.pdf', '', `./ab/${'0'.repeat(32)}`, `ab//${'0'.repeat(32)}`]

type OpenStorage = () => Promise<{ storage: FileStorage, close?: () => Promise<void> }>

/** What every FileStorage promises; each implementation that is configured runs this suite. */
function fileStorageContract(open: OpenStorage) {
  let storage: FileStorage
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    ({ storage, close } = await open())
  })
  afterAll(async () => {
    await close?.()
  })

  it('gives back exactly what was put, also across several megabytes', async () => {
    const small = randomBytes(1000)
    const large = randomBytes(11 * 1024 * 1024 + 17)
    const [smallKey, largeKey] = [newStorageKey(), newStorageKey()]

    await storage.put(smallKey, streamOf(small))
    await storage.put(largeKey, streamOf(large))

    expect(await bytesOf(await storage.get(smallKey))).toEqual(small)
    expect((await bytesOf(await storage.get(largeKey))).equals(large)).toBe(true)
  })

  it('tells whether a key holds a file, and forgets it once deleted', async () => {
    const key = newStorageKey()
    expect(await storage.exists(key)).toBe(false)

    await storage.put(key, streamOf(Buffer.from('%PDF-1.7')))
    expect(await storage.exists(key)).toBe(true)

    await storage.delete(key)
    expect(await storage.exists(key)).toBe(false)
    await expect(storage.get(key)).rejects.toBeInstanceOf(StoredFileNotFoundError)
  })

  it('answers a missing file with StoredFileNotFoundError and deletes a missing one without complaint', async () => {
    await expect(storage.get(newStorageKey())).rejects.toBeInstanceOf(StoredFileNotFoundError)
    await expect(storage.delete(newStorageKey())).resolves.toBeUndefined()
  })

  it('replaces what a key held when it is put again', async () => {
    const key = newStorageKey()
    await storage.put(key, streamOf(Buffer.from('first')))
    await storage.put(key, streamOf(Buffer.from('second')))

    expect((await bytesOf(await storage.get(key))).toString()).toBe('second')
  })

  it('leaves nothing under the key when the stream fails, small or past a first 5 MB part', async () => {
    const [small, large] = [newStorageKey(), newStorageKey()]
    await expect(storage.put(small, streamOf(randomBytes(200 * 1024), 64 * 1024))).rejects.toThrow('went away')
    await expect(storage.put(large, streamOf(randomBytes(12 * 1024 * 1024), 11 * 1024 * 1024)))
      .rejects.toThrow('went away')

    expect(await storage.exists(small)).toBe(false)
    expect(await storage.exists(large)).toBe(false)
  })

  it.each(TRAVERSAL_KEYS)('refuses the key %j for every operation', async (key) => {
    await expect(storage.put(key, streamOf(Buffer.from('x')))).rejects.toBeInstanceOf(InvalidStorageKeyError)
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
  })
}

describe('storage keys', () => {
  it('are random, unguessable and never a file name', () => {
    const keys = Array.from({ length: 1000 }, newStorageKey)
    expect(new Set(keys).size).toBe(1000)
    for (const key of keys) expect(key).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{30}$/)
  })
})

describe('the local disk storage', () => {
  let parent: string
  let root: string

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'mpp-storage-'))
    root = join(parent, 'nested', 'uploads')
  })
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true })
  })

  describe('keeps the FileStorage contract', () => {
    fileStorageContract(async () => ({ storage: new LocalDiskStorage(root) }))
  })

  it('creates its folder on first use, and no other file than the stored ones', async () => {
    const fresh = join(parent, 'fresh')
    const storage = new LocalDiskStorage(fresh)
    const key = newStorageKey()

    await storage.put(key, streamOf(Buffer.from('%PDF-1.7')))
    await expect(storage.put(newStorageKey(), streamOf(randomBytes(300 * 1024), 100 * 1024))).rejects.toThrow()

    const files = (await readdir(fresh, { recursive: true, withFileTypes: true })).filter(entry => entry.isFile())
    expect(files.map(entry => join(entry.parentPath, entry.name))).toEqual([resolve(fresh, key)])
  })

  it('never touches a file outside its folder, whatever the key', async () => {
    const outside = join(parent, 'outside')
    await writeFile(outside, 'keep me')
    const storage = new LocalDiskStorage(join(parent, 'walled'))

    for (const key of ['../outside', '../../outside', 'ab/../../outside', outside]) {
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
      await expect(storage.put(key, streamOf(Buffer.from('overwritten'))))
        .rejects.toBeInstanceOf(InvalidStorageKeyError)
    }
    expect(await readFile(outside, 'utf8')).toBe('keep me')
  })
})

const s3Endpoint = process.env.S3_ENDPOINT
const s3Title = s3Endpoint
  ? `the S3-compatible storage at ${s3Endpoint}`
  : 'the S3-compatible storage (skipped: S3_ENDPOINT is not set; set it and the S3_* credentials to run it)'

describe.skipIf(!s3Endpoint)(s3Title, () => {
  describe('keeps the FileStorage contract', () => {
    fileStorageContract(async () => {
      const env = { ...process.env, S3_BUCKET: process.env.S3_BUCKET || 'mpp-tanggamus-test' }
      const storage = createFileStorage(env) as S3Storage
      // A fresh MinIO has no bucket yet; one that exists already is fine.
      await storage.client.send(new CreateBucketCommand({ Bucket: storage.bucket })).catch((error: Error) => {
        if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name)) throw error
      })
      return { storage, close: async () => storage.client.destroy() }
    })
  })
})

describe('choosing the storage from the environment', () => {
  it('uses the local disk under .data/uploads when no bucket is configured', () => {
    const storage = createFileStorage({})
    expect(storage).toBeInstanceOf(LocalDiskStorage)
    expect((storage as LocalDiskStorage).root).toBe(resolve('.data/uploads'))
    expect((createFileStorage({ UPLOAD_DIR: '/srv/berkas' }) as LocalDiskStorage).root).toBe('/srv/berkas')
  })

  it('uses S3 when S3_BUCKET is set, in path style for a MinIO-like endpoint', () => {
    const env = { S3_BUCKET: 'berkas', S3_ENDPOINT: 'http://localhost:9000', S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret' }
    expect(createFileStorage(env)).toBeInstanceOf(S3Storage)
    expect(s3ConfigFromEnv(env)).toEqual({ bucket: 'berkas', region: 'us-east-1', endpoint: 'http://localhost:9000',
      forcePathStyle: true, credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' } })
    expect(s3ConfigFromEnv({ S3_BUCKET: 'berkas', S3_REGION: 'ap-southeast-3' })).toEqual({ bucket: 'berkas',
      region: 'ap-southeast-3', endpoint: undefined, forcePathStyle: false, credentials: undefined })
    expect(s3ConfigFromEnv({ ...env, S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false)
  })

  it('refuses an access key without its secret', () => {
    expect(() => createFileStorage({ S3_BUCKET: 'berkas', S3_ACCESS_KEY_ID: 'minio' })).toThrow(/together/)
  })
})
