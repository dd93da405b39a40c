import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/paths'
import { fetch, sessionCookie, setupPortal } from '../support/server'

const { databaseUrl } = await setupPortal('auth')

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers },
})

const citizen = { name: 'Rina Marlina', email: 'rina@contoh.test', phone: '0813-1111-2222',
  password: 'pantai kiluan lumba lumba' }

describe('citizen accounts over the API', () => {
  it('registers a citizen, signs them in, and keeps nothing personal in the cookie', async () => {
    const response = await fetch('/api/v1/auth/register', json(citizen))
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ user: { name: 'Rina Marlina', role: 'citizen' } })
    const raw = response.headers.getSetCookie().find(c => c.startsWith('mpp_sesi='))!
    expect(raw).toMatch(/HttpOnly/i)
    expect(raw).toMatch(/SameSite=Lax/i)
    expect(raw).toMatch(/Secure/i)
    expect(decodeURIComponent(raw)).not.toMatch(/0813|rina@|Marlina/)
    const me = await fetch('/api/v1/auth/me', { headers: { cookie: sessionCookie(response) } })
    expect((await me.json() as { user: { email: string } }).user.email).toBe('rina@contoh.test')
  })

  it('answers bad input with 422 and a message per field', async () => {
    const response = await fetch('/api/v1/auth/register', json({ name: '', email: 'x', phone: '1', password: 'abc' }))
    expect(response.status).toBe(422)
    const body = await response.json() as { message: string, errors: Record<string, string> }
    expect(body.message).toBe('Ada isian yang perlu diperbaiki.')
    expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(['name', 'email', 'phone']))
  })

  it('refuses a second account with the same e-mail, and a common password', async () => {
    expect((await fetch('/api/v1/auth/register', json(citizen))).status).toBe(409)
    const weak = await fetch('/api/v1/auth/register', json({ ...citizen, email: 'lain@contoh.test',
      password: 'password1234' }))
    expect(weak.status).toBe(422)
    expect((await weak.json() as { errors: { password: string } }).errors.password).toMatch(/terlalu umum/)
  })

  it('gives an unknown e-mail and a wrong password the same 401', async () => {
    const wrong = await fetch('/api/v1/auth/login', json({ email: citizen.email, password: 'bukan ini ya pak' }))
    const unknown = await fetch('/api/v1/auth/login', json({ email: 'siapa@contoh.test', password: 'bukan ini ya' }))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect((await wrong.json() as { message: string }).message).toBe((await unknown.json() as { message: string })
      .message)
  })

  it('ends every copy of the session at logout', async () => {
    const login = await fetch('/api/v1/auth/login', json({ email: citizen.email, password: citizen.password }))
    expect(login.status).toBe(200)
    const cookie = sessionCookie(login)
    const copy = cookie
    expect((await fetch('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204)
    expect((await fetch('/api/v1/auth/me', { headers: { cookie: copy } })).status).toBe(401)
  })

  it('throttles an account after five failed sign-ins', async () => {
    await fetch('/api/v1/auth/register', json({ ...citizen, email: 'target@contoh.test' }))
    for (let i = 0; i < 5; i++) {
      await fetch('/api/v1/auth/login', json({ email: 'target@contoh.test', password: `tebakan nomor ${i}` }))
    }
    const blocked = await fetch('/api/v1/auth/login', json({ email: 'target@contoh.test',
      password: citizen.password }))
    expect(blocked.status).toBe(429)
    expect((await blocked.json() as { message: string }).message).toMatch(/Terlalu banyak percobaan/)
  })

  it('counts guesses sent all at once before checking them, and locks only the guessing address', async () => {
    await fetch('/api/v1/auth/register', json({ ...citizen, email: 'serentak@contoh.test' }))
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch('/api/v1/auth/login',
      json({ email: 'serentak@contoh.test', password: `tebakan serentak ${i}` }))))
    const statuses = guesses.map(r => r.status)
    expect(statuses.filter(s => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter(s => s === 429).length).toBeGreaterThanOrEqual(15)
  })

  it('refuses an oversized JSON body with 413, and two registrations racing get one account and no 500', async () => {
    const big = await fetch('/api/v1/auth/login', json({ email: 'a@b.test', password: 'x'.repeat(200 * 1024) }))
    expect(big.status).toBe(413)
    const racing = await Promise.all(Array.from({ length: 4 }, () => fetch('/api/v1/auth/register',
      json({ ...citizen, email: 'ganda@contoh.test' }))))
    expect(racing.map(r => r.status).sort()).toEqual([201, 409, 409, 409])
  })

  it('refuses a cross-site form post and any method the route does not take', async () => {
    const forged = await fetch('/api/v1/auth/login', json({ email: citizen.email, password: citizen.password },
      { 'origin': 'http://situs-jahat.test', 'sec-fetch-site': 'cross-site' }))
    expect(forged.status).toBe(403)
    const get = await fetch('/api/v1/auth/login')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })
})

describe('staff accounts from the command line', () => {
  // Run asynchronously: a synchronous child would freeze this process, and the HTTP client would then reuse a
  // keep-alive connection that the server closed meanwhile.
  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'jiti/register',
        'scripts/user-create.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl,
        LOG_LEVEL: '1' }, encoding: 'utf8' })
      return { status: 0, stdout, stderr }
    }
    catch (error) {
      const failed = error as { code: number, stdout: string, stderr: string }
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr }
    }
  }

  it('creates an officer of an OPD who can then sign in', async () => {
    const result = await run('--role', 'officer', '--agency', 'disdukcapil', '--email', 'petugas@capil.test',
      '--password', 'meja tiga sebelah kanan', '--name', 'Petugas Loket')
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/created officer #\d+ of disdukcapil/)
    const login = await fetch('/api/v1/auth/login', json({ email: 'petugas@capil.test',
      password: 'meja tiga sebelah kanan' }))
    expect(await login.json()).toMatchObject({ user: { role: 'officer', agency: 'disdukcapil' } })
  })

  it('refuses an unknown role or OPD with a message and a failing exit code', async () => {
    expect((await run('--role', 'raja', '--email', 'a@b.test', '--password', 'x', '--name', 'x')).status).toBe(2)
    const unknown = await run('--role', 'head', '--agency', 'tidak-ada', '--email', 'k@b.test',
      '--password', 'meja tiga sebelah kanan', '--name', 'Kepala')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toMatch(/tidak dikenal/)
  })
})
