import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticate, createStaff, endAllSessions, registerCitizen } from '../../server/accounts/accounts'
import { AccountError, INVALID_CREDENTIALS } from '../../server/accounts/errors'
import { hashPassword, verifyPassword } from '../../server/accounts/password-hash'
import { checkPassword } from '../../server/accounts/password-policy'
import { UserSchema } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
beforeAll(async () => {
  seeded = await openSeededDatabase('accounts')
  execute = sqlExecutor(seeded.database.orm)
})
afterAll(async () => {
  await seeded?.database.close()
})

const em = () => seeded.database.orm.em.fork()
const citizen = { name: 'Siti Rahmawati', email: 'siti@contoh.test', phone: '0812 3456 7890',
  password: 'kopi robusta ulubelu pagi' }

async function refusal(work: Promise<unknown>): Promise<AccountError> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AccountError)
  return error as AccountError
}

describe('choosing a password', () => {
  it('needs 12 characters and nothing else about its composition', () => {
    expect(checkPassword('pendek')).toMatch(/12 karakter/)
    expect(checkPassword('sawah hijau di gisting')).toBeNull()
  })

  it('refuses common passwords, also with digits or symbols around them, and monotonous ones', () => {
    for (const password of ['password1234', 'Bismillah123456!', '123456789012', 'aaaaaaaaaaaa', '1qaz2wsx3edc']) {
      expect(checkPassword(password), password).toMatch(/terlalu umum/)
    }
  })

  it('refuses one built from the e-mail, the name, the phone number or the portal', () => {
    expect(checkPassword('sitirahmawati99', { email: 'sitirahmawati@contoh.test' })).toMatch(/nama/)
    expect(checkPassword('budisantoso123', { name: 'Budi Santoso' })).toMatch(/nama/)
    expect(checkPassword('nomorku081234567890', { phone: '0812 3456 7890' })).toMatch(/nama/)
    expect(checkPassword('mpp digital 2024')).toMatch(/nama/)
  })

  it('judges a password as it is stored: full-width look-alikes are plain letters', () => {
    expect(checkPassword('ｐａｓｓｗｏｒｄ１２３４５')).toMatch(/terlalu umum/)
  })

  it('is stored as a salted scrypt hash that only the same password verifies', async () => {
    const hash = await hashPassword('sawah hijau di gisting', { N: 2 ** 10, r: 8, p: 1 })
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(await verifyPassword(hash, 'sawah hijau di gisting')).toBe(true)
    expect(await verifyPassword(hash, 'sawah hijau di gistinG')).toBe(false)
    expect(hash).not.toBe(await hashPassword('sawah hijau di gisting', { N: 2 ** 10, r: 8, p: 1 }))
  })
})

describe('a citizen account', () => {
  it('is registered with name, e-mail and phone, as a citizen, with the phone written as 08…', async () => {
    const user = await registerCitizen(em(), { ...citizen, phone: '+62 812-3456-7890' })
    expect(user).toMatchObject({ role: 'citizen', email: 'siti@contoh.test', phone: '081234567890', agency: null })
  })

  it('is refused with a message per field when the input is wrong, and nothing is saved', async () => {
    const error = await refusal(registerCitizen(em(), { name: '', email: 'bukan-email', phone: '12', password: 'x' }))
    expect(error.kind).toBe('invalid-input')
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['name', 'email', 'phone']))
    expect(error.fields.phone).toMatch(/Nomor HP belum benar/)
    expect(await em().count(UserSchema, { email: 'bukan-email' })).toBe(0)
  })

  it('cannot be registered twice with one e-mail, whatever its case', async () => {
    const error = await refusal(registerCitizen(em(), { ...citizen, email: 'SITI@contoh.test' }))
    expect(error.kind).toBe('conflict')
    expect(error.fields.email).toMatch(/sudah terdaftar/)
  })
})

describe('signing in', () => {
  const context = (clientAddress: string, now?: Date) => ({ execute, clientAddress, now })

  it('accepts the right password and records the time', async () => {
    const user = await authenticate(em(), { email: citizen.email, password: citizen.password }, context('10.0.0.1'))
    expect(user.email).toBe(citizen.email)
    expect(user.lastLoginAt).toBeInstanceOf(Date)
  })

  it('answers an unknown e-mail exactly as a wrong password', async () => {
    const wrong = await refusal(authenticate(em(), { email: citizen.email, password: 'salah sekali ya' },
      context('10.0.0.2')))
    const unknown = await refusal(authenticate(em(), { email: 'tidak.ada@contoh.test', password: 'salah sekali ya' },
      context('10.0.0.2')))
    expect([wrong.kind, wrong.message]).toEqual(['credentials', INVALID_CREDENTIALS])
    expect([unknown.kind, unknown.message]).toEqual([wrong.kind, wrong.message])
  })

  it('locks an account for the address that failed 5 times in 15 minutes, not for its owner elsewhere', async () => {
    await registerCitizen(em(), { ...citizen, email: 'budi@contoh.test', name: 'Budi Santoso' })
    const start = new Date('2026-12-04T02:00:00Z')
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000)
    for (let i = 0; i < 5; i++) {
      await refusal(authenticate(em(), { email: 'budi@contoh.test', password: 'bukan kata sandinya' },
        context('10.1.0.1', at(i))))
    }
    const blocked = await refusal(authenticate(em(), { email: 'budi@contoh.test', password: citizen.password },
      context('10.1.0.1', at(10))))
    expect(blocked.kind).toBe('throttled')
    expect(blocked.message).toMatch(/Coba lagi dalam 15 menit/)
    const owner = await authenticate(em(), { email: 'budi@contoh.test', password: citizen.password },
      context('10.1.0.2', at(11)))
    expect(owner.email).toBe('budi@contoh.test')
    expect((await authenticate(em(), { email: 'budi@contoh.test', password: citizen.password },
      context('10.1.0.1', at(16 * 60)))).email).toBe('budi@contoh.test')
  })

  // 51 password checks, each slow by design: more than the default 30 s on a busy machine.
  it('locks an account for everyone after 50 failures spread over many addresses', { timeout: 90_000 }, async () => {
    await registerCitizen(em(), { ...citizen, email: 'sasaran@contoh.test', name: 'Sasaran' })
    const now = new Date('2026-12-04T03:00:00Z')
    for (let i = 0; i < 50; i++) {
      await refusal(authenticate(em(), { email: 'sasaran@contoh.test', password: 'tebak tebak saja' },
        context(`10.2.${Math.floor(i / 4)}.${i % 4}`, now)))
    }
    expect((await refusal(authenticate(em(), { email: 'sasaran@contoh.test', password: citizen.password },
      context('10.3.0.1', now)))).kind).toBe('throttled')
  })

  it('blocks a client address that tries many accounts', { timeout: 90_000 }, async () => {
    const now = new Date('2026-12-04T05:00:00Z')
    for (let i = 0; i < 30; i++) {
      await refusal(authenticate(em(), { email: `tebak${i}@contoh.test`, password: 'tebak tebak saja' },
        context('10.9.9.9', now)))
    }
    const blocked = await refusal(authenticate(em(), { email: citizen.email, password: citizen.password },
      context('10.9.9.9', now)))
    expect(blocked.kind).toBe('throttled')
  })

  it('refuses a deactivated account with the same answer as a wrong password', async () => {
    const fork = em()
    const user = await fork.findOneOrFail(UserSchema, { email: citizen.email })
    user.active = false
    await fork.flush()
    const error = await refusal(authenticate(em(), { email: citizen.email, password: citizen.password },
      context('10.0.0.3')))
    expect(error.message).toBe(INVALID_CREDENTIALS)
    user.active = true
    await fork.flush()
  })
})

describe('staff accounts and sessions', () => {
  it('puts officers and heads in one OPD and admins in none', async () => {
    const officer = await createStaff(em(), { role: 'officer', agencySlug: 'disdukcapil', email: 'petugas@capil.test',
      password: 'meja pelayanan nomor tiga', name: 'Petugas Capil' })
    expect(officer.agency?.slug).toBe('disdukcapil')
    expect((await refusal(createStaff(em(), { role: 'head', agencySlug: 'tidak-ada', email: 'x@y.test',
      password: 'meja pelayanan nomor tiga', name: 'X' }))).fields.agency).toMatch(/tidak dikenal/)
    const admin = await createStaff(em(), { role: 'admin', email: 'admin@kominfo.test',
      password: 'server ruang rapat lantai dua', name: 'Admin Diskominfo' })
    expect(admin.agency).toBeNull()
  })

  it('ends every earlier session by raising the account session version', async () => {
    const fork = em()
    const user = await fork.findOneOrFail(UserSchema, { email: 'petugas@capil.test' })
    const before = user.sessionVersion
    await endAllSessions(fork, user)
    expect((await em().findOneOrFail(UserSchema, { email: 'petugas@capil.test' })).sessionVersion).toBe(before + 1)
  })

  it('never loads the password hash unless asked', async () => {
    const user = await em().findOneOrFail(UserSchema, { email: 'petugas@capil.test' })
    expect(JSON.stringify(user)).not.toContain('scrypt')
  })
})
