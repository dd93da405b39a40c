import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql'
import { recordAudit, type AuditActor } from '../audit'
import { AgencySchema } from '../database/entities/agency'
import { UserSchema, type Role, type User } from '../database/entities/user'
import type { Execute } from '../database/sql'
import { AccountError, INVALID_CREDENTIALS } from './errors'
import { decoyHash, hashPassword, verifyPassword } from './password-hash'
import { checkPassword } from './password-policy'
import { fieldErrors, loginSchema, registerSchema } from './schemas'
import { clearAttempts, countAttempt, returnAttempt, throttleKey } from './throttle'

function invalid(fields: Record<string, string>): AccountError {
  return new AccountError('invalid-input', 'Ada isian yang perlu diperbaiki.', fields)
}

/** A citizen registers with name, e-mail, phone and password; the account is a citizen's, never staff. */
export async function registerCitizen(em: EntityManager, body: unknown): Promise<User> {
  const parsed = registerSchema.safeParse(body)
  // Every field's problem is reported at once, the password rules included, so one correction round suffices.
  const raw = (body ?? {}) as Record<string, unknown>
  const weak = typeof raw.password === 'string'
    ? checkPassword(raw.password, { email: String(raw.email ?? ''), name: String(raw.name ?? ''),
        phone: String(raw.phone ?? '') })
    : null
  if (!parsed.success || weak) {
    const errors = parsed.success ? {} : fieldErrors(parsed.error)
    throw invalid(weak && !errors.password ? { ...errors, password: weak } : errors)
  }
  const { name, email, phone, password } = parsed.data
  if (await em.count(UserSchema, { email })) {
    throw new AccountError('conflict', 'Ada isian yang perlu diperbaiki.', {
      email: 'E-mail ini sudah terdaftar. Silakan masuk, atau pakai e-mail lain.',
    })
  }

  const user = em.create(UserSchema, { email, name, phone, role: 'citizen', passwordHash: await hashPassword(password),
    agency: null, active: true, sessionVersion: 1, lastLoginAt: null })
  try {
    await em.flush()
  }
  catch (error) {
    // Two registrations racing (a double tap): the database's unique e-mail decides, with the same answer.
    if (error instanceof UniqueConstraintViolationException) {
      throw new AccountError('conflict', 'Ada isian yang perlu diperbaiki.', {
        email: 'E-mail ini sudah terdaftar. Silakan masuk, atau pakai e-mail lain.' })
    }
    throw error
  }
  return user
}

export interface SignInContext {
  execute: Execute
  clientAddress: string
  now?: Date
}

/**
 * Checks an e-mail and password. An unknown e-mail and a wrong password get the same answer in the same time;
 * failures count against the account and the client address (see throttle.ts).
 */
export async function authenticate(em: EntityManager, body: unknown, context: SignInContext): Promise<User> {
  const parsed = loginSchema.safeParse(body)
  if (!parsed.success) throw invalid(fieldErrors(parsed.error))
  const { email, password } = parsed.data
  const now = context.now ?? new Date()
  const keys = {
    pair: throttleKey('pair', `${email}|${context.clientAddress}`),
    account: throttleKey('account', email),
    address: throttleKey('address', context.clientAddress),
  }

  const blocks = await Promise.all((['pair', 'account', 'address'] as const)
    .map(kind => countAttempt(context.execute, kind, keys[kind], now)))
  const until = blocks.filter(Boolean).sort((a, b) => b!.getTime() - a!.getTime())[0]
  if (until) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000))
    throw new AccountError('throttled', `Terlalu banyak percobaan masuk. Coba lagi dalam ${minutes} menit.`)
  }

  const user = await em.findOne(UserSchema, { email }, { populate: ['passwordHash', 'agency'] })
  const matches = await verifyPassword(user?.passwordHash ?? await decoyHash(), password)
  if (!user || !matches || !user.active) throw new AccountError('credentials', INVALID_CREDENTIALS)

  await clearAttempts(context.execute, keys.pair)
  await returnAttempt(context.execute, keys.account)
  await returnAttempt(context.execute, keys.address)
  user.lastLoginAt = now
  await em.flush()
  return user
}

export interface StaffInput {
  role: Exclude<Role, 'citizen'>
  agencySlug?: string
  email: string
  password: string
  name: string
}

/**
 * Staff accounts: officers and heads belong to one OPD, admins (Diskominfo) to none. `actor` is the admin who
 * creates it, or null for the system (`npm run user:create` on the server, the embedded database's demo accounts);
 * the audit entry keeps the role, the OPD and the name, never the e-mail, phone or password.
 */
export async function createStaff(em: EntityManager, input: StaffInput, actor: AuditActor | null = null):
Promise<User> {
  const email = input.email.trim().toLowerCase()
  const weak = checkPassword(input.password, { email, name: input.name })
  if (weak) throw invalid({ password: weak })
  const agency = input.agencySlug ? await em.findOne(AgencySchema, { slug: input.agencySlug }) : null
  if (input.role !== 'admin' && !agency) throw invalid({ agency: `OPD "${input.agencySlug ?? ''}" tidak dikenal.` })
  if (input.role === 'admin' && input.agencySlug) throw invalid({ agency: 'Admin tidak terikat pada satu OPD.' })
  if (await em.count(UserSchema, { email })) throw new AccountError('conflict', `Akun ${email} sudah ada.`)
  const passwordHash = await hashPassword(input.password)

  return em.transactional(async (tx) => {
    const user = tx.create(UserSchema, { email, name: input.name.trim(), phone: null, role: input.role,
      agency: input.role === 'admin' ? null : agency, passwordHash, active: true, sessionVersion: 1,
      lastLoginAt: null })
    await tx.flush()
    await recordAudit(tx, { actor, action: 'account.create', entityType: 'account', entityId: user.id,
      after: { name: user.name, role: user.role, agency: agency?.slug ?? null, active: true }, at: user.createdAt })
    return user
  })
}

/** Ends every session of the account issued so far (logout, password change, deactivation). */
export async function endAllSessions(em: EntityManager, user: User): Promise<void> {
  user.sessionVersion += 1
  await em.flush()
}
