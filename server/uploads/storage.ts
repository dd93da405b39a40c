import type { Readable } from 'node:stream'
import { LocalDiskStorage } from './local-disk-storage'
import { S3Storage, s3ConfigFromEnv } from './s3-storage'

/**
 * Where uploaded files live. Keys are opaque names made by `newStorageKey` (never a client's file name); every
 * implementation refuses any other key with `InvalidStorageKeyError`, so a key cannot walk out of its folder or
 * bucket. Files are never served as static files: a download goes through `server/uploads/access.ts`.
 */
export interface FileStorage {
  /** Stores the whole stream under `key`, replacing what was there. Nothing is left under `key` if it fails. */
  put: (key: string, body: Readable) => Promise<void>
  /** The stored bytes; `StoredFileNotFoundError` when there is nothing under `key`. */
  get: (key: string) => Promise<Readable>
  /** Removes what is under `key`; removing what is not there is not an error. */
  delete: (key: string) => Promise<void>
  exists: (key: string) => Promise<boolean>
}

export type StorageEnv = Record<string, string | undefined>

/** Local disk under `.data/uploads`, or UPLOAD_DIR; an S3-compatible bucket instead when S3_BUCKET is set. */
export function createFileStorage(env: StorageEnv = process.env): FileStorage {
  if (env.S3_BUCKET) return new S3Storage(s3ConfigFromEnv(env))
  return new LocalDiskStorage(env.UPLOAD_DIR || '.data/uploads')
}

let shared: FileStorage | undefined

/** The process's storage, made from the environment on first use. */
export function useFileStorage(): FileStorage {
  shared ??= createFileStorage()
  return shared
}
