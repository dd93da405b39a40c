import { randomBytes } from 'node:crypto'

/**
 * Two hex digits of shard, then 128 random bits: `3f/3f9c…`. The shard keeps folders small on local disk; the
 * random part makes keys impossible to guess and collisions not worth checking for.
 */
const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{32}$/

export function newStorageKey(): string {
  const random = randomBytes(16).toString('hex')
  return `${random.slice(0, 2)}/${random}`
}

/** A key the storage did not make: a bug or an attack (`../../etc/passwd`), never a citizen's mistake. */
export class InvalidStorageKeyError extends Error {
  override readonly name = 'InvalidStorageKeyError'

  constructor() {
    super('invalid storage key')
  }
}

export class StoredFileNotFoundError extends Error {
  override readonly name = 'StoredFileNotFoundError'

  constructor(readonly key: string) {
    super(`no stored file under ${key}`)
  }
}

export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new InvalidStorageKeyError()
}
