import { authenticate, endAllSessions, registerCitizen } from '../accounts/accounts'
import { AccountError } from '../accounts/errors'
import type { Role } from '../database/entities/user'
import { sqlExecutor } from '../database/sql'
import { safeNextPath, type FormHandler } from './registry'

/** Only what may be shown again: never the password. */
const keep = (body: Record<string, string>, fields: string[]) =>
  Object.fromEntries(fields.map(field => [field, String(body[field] ?? '').slice(0, 300)]))

async function refusalOf(work: () => Promise<unknown>) {
  try {
    await work()
    return null
  }
  catch (error) {
    if (error instanceof AccountError) return error
    throw error
  }
}

/** Where a sign-in without a page to go back to lands: the citizen's portal, the OPD's inbox, the admin's desk. */
const HOME: Record<Role, string> = { citizen: '/', officer: '/petugas', head: '/petugas', admin: '/admin' }

export const signInForm: FormHandler = async (event, body) => {
  let home = '/'
  const refusal = await refusalOf(async () => {
    const user = await authenticate(await useEm(event), { email: body.email, password: body.password }, {
      execute: sqlExecutor((await useDatabase()).orm), clientAddress: clientAddress(event),
    })
    await signIn(event, user)
    home = HOME[user.role]
  })
  if (!refusal) return { redirect: safeNextPath(body.lanjut, home) }
  const errors = Object.keys(refusal.fields).length ? refusal.fields : { email: refusal.message }
  return { values: keep(body, ['email', 'lanjut']), errors, message: refusal.message }
}

export const registerForm: FormHandler = async (event, body) => {
  const refusal = await refusalOf(async () => {
    const user = await registerCitizen(await useEm(event), {
      name: body.name, email: body.email, phone: body.phone, password: body.password })
    await signIn(event, user)
  })
  if (!refusal) return { redirect: safeNextPath(body.lanjut) }
  return { values: keep(body, ['name', 'email', 'phone', 'lanjut']), errors: refusal.fields, message: refusal.message }
}

export const signOutForm: FormHandler = async (event) => {
  const user = await currentUser(event)
  if (user) await endAllSessions(await useEm(event), user)
  await clearUserSession(event)
  return { redirect: '/' }
}
