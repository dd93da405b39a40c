/**
 * Personal data at rest: a NIK answer is sealed with AES-256-GCM before it reaches the database (issue 3: "NIK is
 * stored encrypted at rest, key from the environment"). A sealed value reads `pd1.<key id>.<iv>.<ciphertext>.<tag>`
 * (base64url parts), so a value names the key that sealed it and keys can be rotated: the current key seals, and
 * every key in the ring still opens what it sealed before.
 *
 * Keys: PERSONAL_DATA_KEY (32 bytes, base64) seals; PERSONAL_DATA_OLD_KEYS (comma-separated, same form) only open.
 * When PERSONAL_DATA_KEY is unset a key is generated once into `.data/personal-data-key` (mode 0600), as the session
 * secret is, so a fresh machine runs; a deployment with more than one node sets the variable on every node.
 *
 * Opening is not an authorisation: the caller decides who may see a NIK in clear (server/requests/view.ts shows it
 * to the officers of the handling OPD only).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { logger } from '../utils/logger'

const VERSION = 'pd1'
const KEY_BYTES = 32
/** 96 bits, GCM's recommended IV length (NIST SP 800-38D 8.2); random per value. */
const IV_BYTES = 12

export interface PersonalDataKey {
  id: string
  key: Buffer
}

export interface KeyRing {
  current: PersonalDataKey
  all: Map<string, PersonalDataKey>
}

export class PersonalDataKeyError extends Error {
  override name = 'PersonalDataKeyError'
}

/** A sealed value whose key is unknown or whose content was altered. */
export class SealedValueError extends Error {
  override name = 'SealedValueError'
}

/** The key id: the first 8 hex digits of the key's SHA-256, which names the key without revealing it. */
export function keyFromBase64(encoded: string): PersonalDataKey {
  const key = Buffer.from(encoded.trim(), 'base64')
  if (key.length !== KEY_BYTES) {
    throw new PersonalDataKeyError(`a personal data key is ${KEY_BYTES} bytes in base64, not ${key.length} bytes`)
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key }
}

export function createKeyRing(current: string, old: readonly string[] = []): KeyRing {
  const currentKey = keyFromBase64(current)
  const all = new Map<string, PersonalDataKey>()
  for (const key of [currentKey, ...old.filter(Boolean).map(keyFromBase64)]) all.set(key.id, key)
  return { current: currentKey, all }
}

let defaultRing: KeyRing | undefined

/** The ring from the environment, or from `.data/personal-data-key` (made on first use) when the variable is unset. */
export function personalDataKeys(env: NodeJS.ProcessEnv = process.env): KeyRing {
  if (defaultRing) return defaultRing
  const old = (env.PERSONAL_DATA_OLD_KEYS ?? '').split(',').map(key => key.trim())
  defaultRing = createKeyRing(env.PERSONAL_DATA_KEY || readOrCreateKeyFile(env), old)
  return defaultRing
}

function readOrCreateKeyFile(env: NodeJS.ProcessEnv): string {
  const file = resolve(env.PERSONAL_DATA_KEY_FILE || '.data/personal-data-key')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    // 'wx' fails when another process made the file meanwhile; then its key is read below.
    try {
      writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' })
      chmodSync(file, 0o600)
      logger.info({ file }, 'personal data key generated')
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return readFileSync(file, 'utf8')
}

/**
 * Seals `plain`; `context` (e.g. "answer:nikIbu") is bound as additional authenticated data, so a sealed value
 * copied to another field does not open there.
 */
export function seal(plain: string, context: string, ring: KeyRing = personalDataKeys()): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv)
  cipher.setAAD(Buffer.from(context))
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, ring.current.id, iv, ciphertext, cipher.getAuthTag()]
    .map(part => typeof part === 'string' ? part : part.toString('base64url')).join('.')
}

export function open(sealed: string, context: string, ring: KeyRing = personalDataKeys()): string {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split('.')
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length) {
    throw new SealedValueError('not a sealed personal data value')
  }
  const key = ring.all.get(keyId)
  if (!key) throw new SealedValueError(`personal data key ${keyId} is not in the key ring`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  }
  catch {
    throw new SealedValueError('a sealed personal data value failed its integrity check')
  }
}

/** The key id a sealed value names: what a rotation job looks for to re-seal old values with the current key. */
export function sealedKeyId(sealed: string): string | null {
  const [version, keyId] = sealed.split('.')
  return version === VERSION && keyId ? keyId : null
}

export function sealAnswer(questionKey: string, value: string, ring?: KeyRing): { sealed: string } {
  return { sealed: seal(value, `answer:${questionKey}`, ring) }
}

export function openAnswer(questionKey: string, value: { sealed: string }, ring?: KeyRing): string {
  return open(value.sealed, `answer:${questionKey}`, ring)
}

/**
 * Stored answers as typed, NIKs unsealed: for the form that edits them (a draft, a fix), never for display (view.ts
 * masks). A stored null (a number too large for JSON, before answers were bounded) is left out.
 */
export function openAnswers(answers: Record<string, string | number | boolean | { sealed: string } | null>):
Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== null)
    .map(([key, value]) => [key, typeof value === 'object' ? openAnswer(key, value!) : value!]))
}
