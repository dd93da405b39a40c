import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FileStorage } from './storage'
import { assertStorageKey, InvalidStorageKeyError, StoredFileNotFoundError } from './storage-key'

const isMissing = (error: unknown) => (error as { code?: string }).code === 'ENOENT'

/** Files in a folder on this machine, readable by the portal's user only. */
export class LocalDiskStorage implements FileStorage {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  async put(key: string, body: Readable): Promise<void> {
    const path = this.pathOf(key)
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    // Written beside its final name and renamed when complete: a reader never sees half a file, and a failed
    // write leaves nothing under the key. `flush` syncs the data to disk before the rename makes it visible.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true }))
      await rename(partial, path)
    }
    catch (error) {
      await rm(partial, { force: true })
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key)
    const file = await open(path, 'r').catch((error: unknown) => {
      throw isMissing(error) ? new StoredFileNotFoundError(key) : error
    })
    return file.createReadStream()
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true })
  }

  async exists(key: string): Promise<boolean> {
    const found = await stat(this.pathOf(key)).catch((error: unknown) => {
      if (isMissing(error)) return null
      throw error
    })
    return Boolean(found?.isFile())
  }

  /** Keys are checked by their form, and the resolved path again against the root, in case the form ever widens. */
  private pathOf(key: string): string {
    assertStorageKey(key)
    const path = resolve(this.root, key)
    if (!path.startsWith(this.root + sep)) throw new InvalidStorageKeyError()
    return path
  }
}
