import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createKeyRing, open, personalDataKeys, seal, sealedKeyId, SealedValueError,
} from '../../server/requests/personal-data'

const key = () => randomBytes(32).toString('base64')
const NIK = '1806015505900001'
let directory: string | undefined

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true })
})

describe('sealing personal data', () => {
  it('gives a different ciphertext each time, naming its key, that opens to the NIK', () => {
    const ring = createKeyRing(key())
    const first = seal(NIK, 'answer:nikIbu', ring)
    expect(first).not.toContain(NIK)
    expect(first).not.toBe(seal(NIK, 'answer:nikIbu', ring))
    expect(sealedKeyId(first)).toBe(ring.current.id)
    expect(open(first, 'answer:nikIbu', ring)).toBe(NIK)
  })

  it('refuses a value moved to another field, altered, or sealed with a key no longer in the ring', () => {
    const ring = createKeyRing(key())
    const sealed = seal(NIK, 'answer:nikIbu', ring)
    expect(() => open(sealed, 'answer:nikAyah', ring)).toThrow(SealedValueError)
    const parts = sealed.split('.')
    parts[3] = Buffer.from('9999999999999999').toString('base64url')
    expect(() => open(parts.join('.'), 'answer:nikIbu', ring)).toThrow(SealedValueError)
    expect(() => open(sealed, 'answer:nikIbu', createKeyRing(key()))).toThrow(/not in the key ring/)
  })

  it('opens values of an old key after rotation, and seals new ones with the new key', () => {
    const oldKey = key()
    const sealed = seal(NIK, 'answer:nikIbu', createKeyRing(oldKey))
    const rotated = createKeyRing(key(), [oldKey])
    expect(open(sealed, 'answer:nikIbu', rotated)).toBe(NIK)
    expect(sealedKeyId(seal(NIK, 'x', rotated))).toBe(rotated.current.id)
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createKeyRing(randomBytes(16).toString('base64'))).toThrow(/32 bytes/)
  })

  it('generates a key file readable by its owner only when no key is configured', async () => {
    directory = await mkdtemp(join(tmpdir(), 'personal-data-'))
    const file = join(directory, 'personal-data-key')
    const ring = personalDataKeys({ PERSONAL_DATA_KEY_FILE: file })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(open(seal(NIK, 'x', ring), 'x', ring)).toBe(NIK)
  })
})
