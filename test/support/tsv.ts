import { readFileSync } from 'node:fs'

/** Rows of a TSV file with a header line; lines starting with # are comments. */
export function readTsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter(line => line.trim() && !line.startsWith('#'))
  const [header, ...rows] = lines
  const keys = header!.split('\t')
  return rows.map(row => Object.fromEntries(row.split('\t').map((cell, i) => [keys[i], cell])))
}
