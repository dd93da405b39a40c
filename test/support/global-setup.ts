import { spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../../server/database/embedded'
import { ROOT, TEST_BUILD_DIR } from './paths'

/**
 * Starts the run's own PostgreSQL (a fresh folder per run, so two runs side by side never share one) and builds the
 * portal once for every server test.
 */
export default async function setup(project: TestProject) {
  const dataDir = resolve(`.data/test-postgres-${process.pid}`)
  const removeData = async () => {
    await rm(dataDir, { recursive: true, force: true })
    await rm(`${dataDir}.secret`, { force: true })
  }
  await removeData()
  const database = await startEmbeddedPostgres(dataDir)
  project.provide('databaseUrl', database.url)

  // Built in a child process: building inside the test runner's own process stops it from running any test.
  if (!process.env.TEST_SKIP_BUILD) {
    const build = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/nuxt/bin/nuxt.mjs'), 'build'], {
      cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PORTAL_BUILD_DIR: TEST_BUILD_DIR },
    })
    if (build.status !== 0) throw new Error('nuxt build failed')
  }

  return async () => {
    await database.stop()
    await removeData()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}
