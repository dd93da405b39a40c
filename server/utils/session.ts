import type { H3Event } from 'h3'
import { UserSchema, type Role, type User } from '../database/entities/user'

/**
 * The session cookie holds only the account id, its role and the session version; never a NIK, phone, address or
 * e-mail. Each request checks the version against the database, so logout, a password change or deactivation ends
 * every older cookie. `complaintPhotos`: the pengaduan codes whose PIN this browser gave lately, so that the
 * reporter without an account sees their photos without the PIN in a URL (complaints/asker.ts).
 */
export interface SessionData {
  user?: { id: number, role: Role, name: string }
  version?: number
  complaintPhotos?: { code: string, until: number }[]
}

export async function signIn(event: H3Event, user: User) {
  await replaceUserSession(event, { user: { id: user.id, role: user.role, name: user.name },
    version: user.sessionVersion })
}

/** The signed-in account of this request, or null; a stale or forged session is cleared. */
export async function currentUser(event: H3Event): Promise<User | null> {
  if (event.context.currentUser !== undefined) return event.context.currentUser as User | null
  const session = await getUserSession(event) as SessionData
  let user: User | null = null
  if (session.user?.id) {
    const found = await (await useEm(event)).findOne(UserSchema, { id: session.user.id }, { populate: ['agency'] })
    if (found?.active && found.sessionVersion === session.version) user = found
    else await clearUserSession(event)
  }
  event.context.currentUser = user
  return user
}

/** The signed-in account, or a 401; with `roles`, a 403 for anyone else. */
export async function requireUser(event: H3Event, roles?: Role[]): Promise<User> {
  const user = await currentUser(event)
  if (!user) {
    const message = 'Silakan masuk dulu.'
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message, data: { message } })
  }
  if (roles && !roles.includes(user.role)) {
    const message = 'Anda tidak punya akses ke halaman ini.'
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message, data: { message } })
  }
  return user
}

export function publicUser(user: User) {
  return { id: user.id, name: user.name, email: user.email, role: user.role, agency: user.agency?.slug ?? null }
}
