import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OUTPUT_DIR, ROOT } from '../support/paths'

const dataDir = resolve(ROOT, `.data/test-embedded-${process.pid}`)

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await check().catch(() => false)) return
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error('timed out')
}

describe('the portal without DATABASE_URL', () => {
  let server: ChildProcess | undefined
  afterAll(async () => {
    server?.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
    await rm(`${dataDir}.secret`, { force: true })
  })

  it('starts its own PostgreSQL, seeds the catalogue, and stops the database when it stops', async () => {
    const port = await freePort()
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_POSTGRES_DIR: dataDir,
      DATABASE_URL: '', NUXT_DATABASE_URL: '', LOG_LEVEL: '1' }
    server = spawn(process.execPath, [resolve(OUTPUT_DIR, 'server/index.mjs')], { env, stdio: 'ignore' })
    const base = `http://127.0.0.1:${port}`

    await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 90_000)
    expect(await (await fetch(`${base}/api/health`)).json())
      .toMatchObject({ status: 'ok', database: 'up', search: 'up' })
    const categories = await (await fetch(`${base}/api/v1/categories`)).json() as unknown[]
    expect(categories).toHaveLength(40)
    expect(existsSync(resolve(dataDir, 'postmaster.pid'))).toBe(true)

    // The database stops under the portal: it answers 503 with a message, then starts PostgreSQL again.
    const postmaster = Number(readFileSync(resolve(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(postmaster, 'SIGINT')
    await waitFor(async () => !existsSync(resolve(dataDir, 'postmaster.pid')), 30_000)
    const down = await fetch(`${base}/api/v1/categories`)
    expect(down.status).toBe(503)
    expect((await down.json() as { message: string }).message).toMatch(/terganggu/)
    await waitFor(async () => (await fetch(`${base}/api/v1/categories`)).ok, 60_000)

    const exited = new Promise(done => server!.once('exit', done))
    server.kill('SIGTERM')
    await exited
    expect(existsSync(resolve(dataDir, 'postmaster.pid'))).toBe(false)
  }, 120_000)
})
