import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, UploadPartCommand, type CompletedPart,
} from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import type { FileStorage, StorageEnv } from './storage'
import { assertStorageKey, StoredFileNotFoundError } from './storage-key'

export interface S3Config {
  bucket: string
  region: string
  endpoint?: string
  forcePathStyle: boolean
  /** Absent: the SDK's own chain (instance role, AWS_* variables, shared files). */
  credentials?: { accessKeyId: string, secretAccessKey: string }
}

/** S3_BUCKET, S3_REGION, S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE. */
export function s3ConfigFromEnv(env: StorageEnv): S3Config {
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey, S3_FORCE_PATH_STYLE: pathStyle } = env
  if (!env.S3_BUCKET) throw new Error('S3_BUCKET is not set')
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all')
  }
  return {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || 'us-east-1',
    endpoint: env.S3_ENDPOINT || undefined,
    // MinIO-like servers answer at http://host:port/bucket/key rather than at bucket.host, so a custom endpoint
    // means path style unless S3_FORCE_PATH_STYLE says otherwise.
    forcePathStyle: pathStyle ? ['1', 'true'].includes(pathStyle.toLowerCase()) : Boolean(env.S3_ENDPOINT),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  }
}

/** S3's smallest part in a multipart upload (all but the last); also the most one upload holds in memory. */
const PART_BYTES = 5 * 1024 * 1024

function isNotFound(error: unknown): boolean {
  const failure = error as { name?: string, $metadata?: { httpStatusCode?: number } }
  if (failure.name === 'NoSuchBucket') return false
  return failure.name === 'NoSuchKey' || failure.name === 'NotFound' || failure.$metadata?.httpStatusCode === 404
}

/** Objects in one private bucket of AWS S3 or a compatible server (MinIO, Ceph, Garage, …). */
export class S3Storage implements FileStorage {
  readonly client: S3Client
  readonly bucket: string

  constructor(config: S3Config) {
    this.bucket = config.bucket
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Checksums only where S3 demands them: not every compatible server accepts the SDK's newer defaults.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
  }

  /**
   * A body of unknown length cannot be sent as one PutObject, so it goes in parts of 5 MB (a multipart upload);
   * a body that ends within the first part is sent as one PutObject. A failed multipart upload is aborted, so
   * nothing appears under the key.
   */
  async put(key: string, body: Readable): Promise<void> {
    assertStorageKey(key)
    const target = { Bucket: this.bucket, Key: key }
    const parts: CompletedPart[] = []
    let pending: Buffer[] = []
    let pendingBytes = 0
    let uploadId: string | undefined
    try {
      for await (const chunk of body) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
        pending.push(bytes)
        pendingBytes += bytes.length
        while (pendingBytes >= PART_BYTES) {
          const joined = Buffer.concat(pending)
          uploadId ??= (await this.client.send(new CreateMultipartUploadCommand(target))).UploadId!
          const PartNumber = parts.length + 1
          const Body = joined.subarray(0, PART_BYTES)
          const { ETag } = await this.client.send(new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber,
            Body, ContentLength: Body.length }))
          parts.push({ ETag, PartNumber })
          pending = [joined.subarray(PART_BYTES)]
          pendingBytes = pending[0]!.length
        }
      }

      const rest = Buffer.concat(pending)
      if (!uploadId) {
        await this.client.send(new PutObjectCommand({ ...target, Body: rest, ContentLength: rest.length }))
        return
      }
      if (rest.length) {
        const PartNumber = parts.length + 1
        const { ETag } = await this.client.send(new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber,
          Body: rest, ContentLength: rest.length }))
        parts.push({ ETag, PartNumber })
      }
      await this.client.send(new CompleteMultipartUploadCommand({ ...target, UploadId: uploadId,
        MultipartUpload: { Parts: parts } }))
    }
    catch (error) {
      if (uploadId) {
        await this.client.send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId })).catch(() => {})
      }
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key)
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return Body as Readable
    }
    catch (error) {
      throw isNotFound(error) ? new StoredFileNotFoundError(key) : error
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key)
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key)
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return true
    }
    catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }
}
