import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
/** The test run's own build (nuxt.config.ts reads PORTAL_BUILD_DIR), apart from the one `npm start` serves. */
export const TEST_BUILD_DIR = resolve(ROOT, '.data/test-build')
export const OUTPUT_DIR = resolve(TEST_BUILD_DIR, 'output')
export const SEED_DIR = resolve(ROOT, 'server/catalogue/seed')
export const SHARED_DIR = resolve(ROOT, '../shared')

/** Real citizen queries: from ../shared when it is there, else the copy kept in test/fixtures. */
export function queriesFile(name: 'dev.tsv' | 'complaints-dev.tsv'): string {
  const shared = resolve(SHARED_DIR, 'queries', name)
  return existsSync(shared) ? shared : resolve(ROOT, 'test/fixtures', name === 'dev.tsv' ? 'queries-dev.tsv' : name)
}
