import type { H3Event } from 'h3'
import type { Role, User } from '../database/entities/user'

/** Snapshot bodies carry a whole service with its application form: more than the usual 64 KB may be needed. */
export const SNAPSHOT_BODY_LIMIT = 512 * 1024

/** Who may edit the catalogue: heads (their own OPD's services) and Diskominfo's admins. */
export const EDITOR_ROLES: Role[] = ['head', 'admin']

/** The catalogue editor or admin making an /api/v1/admin request: 401 signed out, 403 for another role. */
export async function requireEditor(event: H3Event, roles: Role[] = EDITOR_ROLES): Promise<User> {
  const user = await requireUser(event, roles)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return user
}

/** A whole-number route parameter, or -1 (which matches nothing) for anything else. */
export function numberParam(event: H3Event, name: string): number {
  const value = getRouterParam(event, name) ?? ''
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : -1
}

/** A JSON body that must be an object; anything else is a 400 that says so. */
export async function readJsonObject(event: H3Event, maxBytes?: number): Promise<Record<string, unknown>> {
  const body = await readLimitedBody(event, maxBytes)
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Kirim isian sebagai objek JSON.')
  return body as Record<string, unknown>
}
