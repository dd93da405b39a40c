// bench/RESULTS.md holds one section per benchmark, between `<!-- bench:name -->` markers, so that each script
// rewrites its own figures and leaves the others' in place.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

const FILE = join(import.meta.dirname, 'RESULTS.md')

export function writeResultsSection(name: string, markdown: string) {
  const begin = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const section = `${begin}\n${markdown.trim()}\n${end}`
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmark results\n'
  const at = current.indexOf(begin)
  const until = current.indexOf(end)
  const next = at >= 0 && until > at
    ? `${current.slice(0, at)}${section}${current.slice(until + end.length)}`
    : `${current.trimEnd()}\n\n${section}\n`
  writeFileSync(FILE, next)
}

/** The machine a figure was measured on, and how busy it was when the run began and ended. */
export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.versions.node}`
}

export function loadAverage() {
  return os.loadavg().map(n => n.toFixed(2)).join(' / ')
}

/** The value below which a share `q` of the sorted figures lie. */
export function percentile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}
