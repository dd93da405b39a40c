import { url } from '@nuxt/test-utils/e2e'
import { createStaff } from '../../server/accounts/accounts'
import type { Database } from '../../server/database/orm'
import { registerCitizen, signInAs } from './permohonan'
import { fetch } from './server'

export const ROLES = ['signedOut', 'citizen', 'officer', 'head', 'admin'] as const
export type Caller = typeof ROLES[number]
export type Cookies = Record<Caller, string>

const PASSWORD = 'lumbung padi di pekon way halom'

/** A staff account created in the database and signed in over HTTP: its session cookie. */
export async function staffCookie(database: Database, role: 'officer' | 'head' | 'admin', email: string,
  agencySlug?: string): Promise<string> {
  await createStaff(database.orm.em.fork(), { role, agencySlug, name: `Uji ${role} ${agencySlug ?? ''}`.trim(), email,
    password: PASSWORD })
  return signInAs(email, PASSWORD)
}

/** One signed-in caller of each role (the officer and head of Disdukcapil) and the signed-out visitor. */
export async function cookiesForEveryRole(database: Database, label: string): Promise<Cookies> {
  return {
    signedOut: '',
    citizen: await registerCitizen('Warga Uji', `warga-${label}@contoh.test`),
    officer: await staffCookie(database, 'officer', `petugas-${label}@capil.test`, 'disdukcapil'),
    head: await staffCookie(database, 'head', `kepala-${label}@capil.test`, 'disdukcapil'),
    admin: await staffCookie(database, 'admin', `admin-${label}@kominfo.test`),
  }
}

const origin = () => new URL(url('/')).origin

/** A page form post, as a browser without JavaScript sends it. */
export function postForm(path: string, cookie: string, fields: Record<string, string>) {
  return fetch(path, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'text/html', 'origin': origin(),
      ...(cookie ? { cookie } : {}) } })
}

/** A page as a browser asks for it, redirects not followed. */
export function getPage(path: string, cookie: string) {
  return fetch(path, { redirect: 'manual', headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } })
}

/** A JSON call to the API. */
export function callJson(method: string, path: string, cookie: string, body?: unknown,
  headers: Record<string, string> = {}) {
  return fetch(path, { method, redirect: 'manual', headers: { ...(body === undefined
    ? {}
    : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
}
