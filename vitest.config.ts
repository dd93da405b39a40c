import { defineConfig } from 'vitest/config'

/**
 * One run, three kinds of test: test/unit (domain code against a real PostgreSQL), test/nuxt (the built server
 * over HTTP) and test/browser (Chromium). The global setup starts one embedded PostgreSQL for the run and builds
 * the portal once; each test file gets a database of its own.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
})
