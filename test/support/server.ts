import { setup } from '@nuxt/test-utils/e2e'
import { createTestDatabase } from './database'
import { ROOT, TEST_BUILD_DIR } from './paths'

/** Starts the portal built by the global setup, on a database of this test file's own. */
export async function setupPortal(label: string, env: Record<string, string> = {}) {
  const databaseUrl = await createTestDatabase(label)
  await setup({ rootDir: ROOT, build: false, buildDir: TEST_BUILD_DIR, server: true, dev: false,
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: '1', ...env } })
  return { databaseUrl }
}
