// `npm run bench:weight`: what a citizen's phone downloads for the first pages it opens (home, a search, a service)
// and for one answer of search as you type, gzipped, from the built portal. Writes its section of bench/RESULTS.md.
// PAGE_WEIGHT_BUILD=<folder> measures an earlier build (its `output/`) instead, and only prints the figures.
// Requests go to 127.0.0.1 only.
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { startEmbeddedPostgres } from '../server/database/embedded'
import { buildPortal, startPortal } from './portal'
import { machine, writeResultsSection } from './results-file'

const ROOT = resolve(import.meta.dirname, '..')
const EARLIER_BUILD = process.env.PAGE_WEIGHT_BUILD
const BUILD_DIR = EARLIER_BUILD ? resolve(EARLIER_BUILD) : join(ROOT, '.data/bench-weight-build')
const PAGES = ['/', '/cari?q=akta+kelahiran', '/layanan/akta-kelahiran']
const SUGGESTIONS = '/api/v1/search?q=akta&limit=8'

interface Weight { path: string, html: number, scripts: number, js: number }

const gzipped = async (response: Response) => gzipSync(Buffer.from(await response.arrayBuffer())).length

/** The page's HTML (CSS is inlined) and every script it loads at once, each gzipped as a server would send it. */
async function weigh(base: string, path: string): Promise<Weight> {
  const html = await (await fetch(`${base}${path}`)).text()
  const loaded = /<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g
  const sources = new Set([...html.matchAll(loaded)].map(match => match[1] ?? match[2]!))
  let js = 0
  for (const source of sources) js += await gzipped(await fetch(new URL(source, base)))
  return { path, html: gzipSync(html).length, scripts: sources.size, js }
}

if (!EARLIER_BUILD) {
  process.stdout.write('building the portal into .data/bench-weight-build…\n')
  buildPortal(BUILD_DIR)
}
const dataDir = join(ROOT, '.data/bench-weight-postgres')
await rm(dataDir, { recursive: true, force: true })
await rm(`${dataDir}.secret`, { force: true })
const cluster = await startEmbeddedPostgres(dataDir)
const weights: Weight[] = []
let suggestions: number
try {
  const { base, stop } = await startPortal(BUILD_DIR, cluster.url, 'bench_weight')
  try {
    for (const path of PAGES) weights.push(await weigh(base, path))
    suggestions = await gzipped(await fetch(`${base}${SUGGESTIONS}`))
  }
  finally {
    await stop()
  }
}
finally {
  await cluster.stop()
}

const rows = weights.map(w => `| \`${w.path}\` | ${w.html} | ${w.scripts} | ${w.js} | ${w.html + w.js} |`)
const table = `| page | HTML with inlined CSS | scripts | JavaScript | total |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

One answer of search as you type (\`${SUGGESTIONS}\`): ${suggestions} bytes gzipped.`

if (EARLIER_BUILD) {
  process.stdout.write(`${table}\n`)
}
else {
  writeResultsSection('page-weight', `## Page weight

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, from the built portal with the real
catalogue. \`npm run bench:weight\` writes this section. Gzipped bytes (level 6, as a server would send them); the
scripts column counts the files a page loads at once.

${table}

### Notes

- Catalogue pages load no framework JavaScript (the \`noScripts\` route rule, docs/decisions.md). Search as you
  type on \`/\` and \`/cari\` is \`public/js/cari.js\`, a standalone script that turns the plain form into a combobox;
  the service page loads nothing.
- Before search as you type (commit 2c91b2f, measured the same way with \`PAGE_WEIGHT_BUILD\` on the same day):
  \`/\` 5,345 bytes, \`/cari?q=akta+kelahiran\` 4,683 bytes, \`/layanan/akta-kelahiran\` 5,467 bytes, no script on
  any. The combobox's CSS adds about 115 bytes to every page, its form attributes and script tag about 140 more to
  the two search pages, and the script 2,365 bytes to those two. Hydrating the page with Vue instead would have
  loaded Nuxt's client entry alone, 105 KB gzipped in the same build.
`)
}
