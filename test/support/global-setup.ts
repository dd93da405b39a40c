import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../../server/database/embedded'
import { TEST_BUILD_DIR } from './paths'

/** Starts the run's PostgreSQL (fresh data each run) and builds the portal once for every server test. */
export default async function setup(project: TestProject) {
  const dataDir = resolve('.data/test-postgres')
  await rm(dataDir, { recursive: true, force: true })
  await rm(`${dataDir}.secret`, { force: true })
  const database = await startEmbeddedPostgres(dataDir)
  project.provide('databaseUrl', database.url)

  if (!process.env.TEST_SKIP_BUILD) {
    const { loadNuxt, buildNuxt } = await import('@nuxt/kit')
    const nuxt = await loadNuxt({
      cwd: resolve('.'),
      dev: false,
      overrides: { buildDir: TEST_BUILD_DIR, nitro: { output: { dir: resolve(TEST_BUILD_DIR, 'output') } } },
    })
    await buildNuxt(nuxt)
    await nuxt.close()
  }

  return async () => {
    await database.stop()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}
