import { setup } from '@nuxt/test-utils/e2e'
import { createTestDatabase } from './database'
import { OUTPUT_DIR, ROOT } from './paths'

/** Starts the portal built by the global setup, on a database of this test file's own. */
export async function setupPortal(label: string, env: Record<string, string> = {}) {
  const databaseUrl = await createTestDatabase(label)
  await setup({ rootDir: ROOT, build: false, server: true, dev: false,
    nuxtConfig: { nitro: { output: { dir: OUTPUT_DIR } } },
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: '1', ...env } })
  return { databaseUrl }
}
