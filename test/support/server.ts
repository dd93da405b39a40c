import { fetch as plainFetch, setup, url } from '@nuxt/test-utils/e2e'
import { createTestDatabase } from './database'
import { OUTPUT_DIR, ROOT } from './paths'

/**
 * Starts the portal built by the global setup, on a database of this test file's own. It searches with PostgreSQL
 * unless the test gives MEILI_HOST: a Meilisearch configured on the developer's machine stays out of the page tests.
 */
export async function setupPortal(label: string, env: Record<string, string> = {}) {
  const databaseUrl = await createTestDatabase(label)
  await setup({ rootDir: ROOT, build: false, server: true, dev: false,
    nuxtConfig: { nitro: { output: { dir: OUTPUT_DIR } } },
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: '1', MEILI_HOST: '', ...env } })
  return { databaseUrl }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * @nuxt/test-utils' `fetch`, with what a browser adds: a state-changing request that carries a cookie names the
 * portal as its Origin, unless the test gives Origin or Referer itself (server/middleware/1.same-origin.ts refuses a
 * cookie without either). A test of a request without Origin uses @nuxt/test-utils' `fetch` directly.
 */
export function fetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const method = (init.method ?? 'GET').toUpperCase()
  if (STATE_CHANGING.has(method) && headers.has('cookie') && !headers.has('origin') && !headers.has('referer')) {
    headers.set('origin', new URL(url('/')).origin)
  }
  return plainFetch(path, { ...init, headers })
}

/**
 * GET a JSON answer from the test portal (throws on a non-2xx answer). Plain `string` paths: the typed `$fetch` of
 * @nuxt/test-utils matches every route at the type level, which the compiler gives up on as routes multiply.
 */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)])).toString()
  const response = await fetch(search ? `${path}?${search}` : path)
  if (!response.ok) throw new Error(`${path} answered ${response.status}`)
  return await response.json() as T
}

/** GET a page's HTML from the test portal. */
export async function getHtml(path: string): Promise<string> {
  return await (await fetch(path)).text()
}

/** The session cookie a response sets, as a browser would send it back. */
export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find(c => c.startsWith('mpp_sesi='))
  if (!cookie) throw new Error('the response set no session cookie')
  return cookie.split(';')[0]!
}
