/**
 * Staff accounts as Diskominfo's admins manage them (issue 6): officers and heads of an OPD and admins, created with
 * a password the portal makes and shows once, moved to another role or OPD, deactivated and reactivated, and signed
 * out everywhere. Each of these ends the account's sessions, so a changed role is in force at once. Citizens'
 * accounts are not managed here: for this page they do not exist.
 */
import { randomBytes } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { changedFields, flushAudited } from '../audit'
import { fieldMessages } from '../catalogue/editor-input'
import { AgencySchema } from '../database/entities/agency'
import { UserSchema, type User } from '../database/entities/user'
import { logger } from '../utils/logger'
import { createStaff } from './accounts'
import { AccountError } from './errors'
import { checkPassword } from './password-policy'

export const STAFF_ROLES = ['officer', 'head', 'admin'] as const
export type StaffRole = typeof STAFF_ROLES[number]

const role = z.enum(STAFF_ROLES, { message: 'Pilih peran: petugas, kepala OPD atau admin.' })
const agency = z.preprocess(value => value === '' ? undefined : value,
  z.string().regex(/^[a-z0-9-]{1,80}$/, 'Pilih OPD dari daftar.').optional())

export const staffRoleSchema = z.object({ role, agency })
export const newStaffSchema = staffRoleSchema.extend({
  name: z.string({ message: 'Isi nama lengkap.' }).trim().min(2, 'Isi nama lengkap.')
    .max(120, 'Nama paling banyak 120 huruf.'),
  email: z.string({ message: 'Isi alamat e-mail.' }).trim().toLowerCase().max(254)
    .email('Alamat e-mail belum benar. Contoh: nama@tanggamus.go.id'),
})

export const STAFF_ACTIONS = ['change_role', 'deactivate', 'activate', 'end_sessions'] as const
export type StaffAction = typeof STAFF_ACTIONS[number]

export interface StaffView {
  id: number
  name: string
  email: string
  role: StaffRole
  agency: { slug: string, shortName: string } | null
  active: boolean
  lastLoginAt: Date | null
}

function viewOf(user: User): StaffView {
  return { id: user.id, name: user.name, email: user.email, role: user.role as StaffRole,
    agency: user.agency ? { slug: user.agency.slug, shortName: user.agency.shortName } : null, active: user.active,
    lastLoginAt: user.lastLoginAt ?? null }
}

/** An account as the audit trail keeps it: what it may do, never its owner's e-mail, phone or password. */
const auditValues = (user: User) => ({ role: user.role, agency: user.agency?.slug ?? null, active: user.active,
  sessionVersion: user.sessionVersion })

const invalid = (fields: Record<string, string>) => new AccountError('invalid-input', 'Ada isian yang perlu '
  + 'diperbaiki.', fields)

export async function listStaff(em: EntityManager, filter: { agency?: string } = {}): Promise<StaffView[]> {
  const users = await em.find(UserSchema, { role: { $ne: 'citizen' }, ...(filter.agency
    ? { agency: { slug: filter.agency } }
    : {}) }, { populate: ['agency'], orderBy: { active: 'desc', name: 'asc' } })
  return users.map(viewOf)
}

async function staffMember(em: EntityManager, id: number): Promise<User> {
  const user = Number.isSafeInteger(id)
    ? await em.findOne(UserSchema, { id, role: { $ne: 'citizen' } }, { populate: ['agency'] })
    : null
  if (!user) throw new AccountError('not-found', 'Akun petugas itu tidak ditemukan.')
  return user
}

export async function staffById(em: EntityManager, id: number): Promise<StaffView> {
  return viewOf(await staffMember(em, id))
}

/** Officers and heads belong to one active OPD; admins to none. */
/** What is wrong with a role and OPD together (an admin has none, staff an active one); null when they fit. */
async function roleProblem(em: EntityManager, input: z.infer<typeof staffRoleSchema>) {
  if (input.role === 'admin') {
    return input.agency ? 'Admin Diskominfo tidak terikat pada satu OPD; kosongkan OPD.' : null
  }
  const found = input.agency ? await em.findOne(AgencySchema, { slug: input.agency, active: true }) : null
  return found ? null : 'Pilih OPD yang aktif untuk petugas dan kepala OPD.'
}

async function checkedRole(em: EntityManager, input: z.infer<typeof staffRoleSchema>) {
  const problem = await roleProblem(em, input)
  if (problem) throw invalid({ agency: problem })
  return input.role === 'admin' ? null : await em.findOneOrFail(AgencySchema, { slug: input.agency, active: true })
}

/** A password of 20 random characters, shown to the admin once to pass on; the account changes it later. */
function newPassword(email: string, name: string): string {
  for (;;) {
    const password = randomBytes(15).toString('base64url')
    if (!checkPassword(password, { email, name })) return password
  }
}

export async function createStaffAccount(em: EntityManager, actor: User, input: unknown):
Promise<{ account: StaffView, password: string }> {
  // Every problem at once: the fields' own, then the role with its OPD and a taken e-mail, where those parsed.
  const parsed = newStaffSchema.safeParse(input)
  const errors: Record<string, string> = parsed.success ? {} : fieldMessages(parsed.error)
  const role = staffRoleSchema.safeParse(input)
  const roleRefusal = role.success ? await roleProblem(em, role.data) : null
  if (roleRefusal) errors.agency ??= roleRefusal
  const email = newStaffSchema.shape.email.safeParse((input as { email?: unknown } | null)?.email)
  if (email.success && await em.count(UserSchema, { email: email.data })) {
    errors.email ??= 'Sudah ada akun dengan alamat e-mail ini.'
  }
  if (!parsed.success || Object.keys(errors).length) throw invalid(errors)
  const password = newPassword(parsed.data.email, parsed.data.name)
  const user = await createStaff(em, { role: parsed.data.role, agencySlug: parsed.data.agency,
    email: parsed.data.email, name: parsed.data.name, password }, actor)
  logger.info({ user: user.id, role: user.role, actor: actor.id }, 'staff account created')
  return { account: viewOf(user), password }
}

export interface StaffActionInput {
  action: string
  role?: string
  agency?: string
}

/**
 * Changes a staff account. An admin cannot demote or deactivate their own account (someone must stay able to undo
 * it). Every change raises the session version, ending the account's sessions.
 */
export async function actOnStaff(em: EntityManager, actor: User, id: number, input: StaffActionInput):
Promise<StaffView> {
  const action = STAFF_ACTIONS.find(known => known === input.action)
  if (!action) throw invalid({ action: 'Pilih tindakan yang tersedia.' })
  const user = await staffMember(em, id)
  const own = user.id === actor.id
  const before = auditValues(user)
  if (own && (action === 'deactivate' || action === 'change_role')) {
    throw new AccountError('conflict', 'Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri.')
  }
  if (action === 'change_role') {
    const parsed = staffRoleSchema.safeParse({ role: input.role, agency: input.agency })
    if (!parsed.success) throw invalid(fieldMessages(parsed.error))
    const agencyOf = await checkedRole(em, parsed.data)
    em.assign(user, { role: parsed.data.role, agency: agencyOf })
  }
  if (action === 'deactivate' || action === 'activate') {
    if (user.active === (action === 'activate')) {
      throw new AccountError('conflict', action === 'activate' ? 'Akun ini sudah aktif.' : 'Akun ini sudah nonaktif.')
    }
    user.active = action === 'activate'
  }
  user.sessionVersion += 1
  await flushAudited(em, () => ({ actor, action: `account.${action}`, entityType: 'account', entityId: user.id,
    ...changedFields(before, auditValues(user)) }))
  logger.info({ user: user.id, action, actor: actor.id }, 'staff account changed')
  return viewOf(user)
}
