// The built portal for a benchmark: built into a folder of its own, started on a free loopback port with a new
// database of the benchmark's PostgreSQL, and stopped afterwards.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import pg from 'pg'

const ROOT = resolve(import.meta.dirname, '..')

export interface RunningPortal {
  base: string
  databaseUrl: string
  stop: () => Promise<void>
}

/** `nuxt build` into `buildDir` (its `output/` is the server), leaving the build a running portal serves alone. */
export function buildPortal(buildDir: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/nuxt/bin/nuxt.mjs'), 'build'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PORTAL_BUILD_DIR: buildDir } })
  if (result.status !== 0) throw new Error('nuxt build failed')
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

/** Creates `database` on the cluster at `adminUrl` and serves the build in `buildDir` on it, once it is healthy. */
export async function startPortal(buildDir: string, adminUrl: string, database: string,
  env: Record<string, string> = {}): Promise<RunningPortal> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${database}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${database}`

  const port = await freePort()
  const server = spawn(process.execPath, [join(buildDir, 'output/server/index.mjs')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url.toString(), LOG_LEVEL: '1',
      ...env },
    stdio: 'ignore',
  })
  const base = `http://127.0.0.1:${port}`
  const stop = async () => {
    server.kill('SIGTERM')
    await new Promise(r => server.once('exit', r))
  }
  const healthy = () => fetch(`${base}/api/health`).then(r => r.ok).catch(() => false)
  for (let tries = 0; tries < 240 && !(await healthy()); tries++) await new Promise(r => setTimeout(r, 500))
  return { base, databaseUrl: url.toString(), stop }
}
