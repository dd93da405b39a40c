import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema, type Agency } from '../../server/database/entities/agency'
import { UserSchema, type Role, type User } from '../../server/database/entities/user'

export interface TestUserOptions {
  /** The account's OPD: its slug or the entity; none by default. */
  agency?: string | Agency | null
  phone?: string | null
  /** Where the made-up e-mail address lives, so a test can look for it (or its absence) in what was written. */
  emailDomain?: string
}

let made = 0

/**
 * An account written straight to the database (no password that signs in), returned with its OPD loaded; each
 * gets an address and a name of its own, e.g. `head3@contoh.test`, "head 3".
 */
export async function makeTestUser(em: EntityManager, role: Role, options: TestUserOptions = {}): Promise<User> {
  const fork = em.fork()
  const agency = typeof options.agency === 'string'
    ? await fork.findOneOrFail(AgencySchema, { slug: options.agency })
    : options.agency?.id ?? null
  const user = fork.create(UserSchema, { email: `${role}${++made}@${options.emailDomain ?? 'contoh.test'}`,
    name: `${role} ${made}`, phone: options.phone ?? null, passwordHash: 'unused', role, agency, active: true,
    sessionVersion: 1, lastLoginAt: null })
  await fork.flush()
  return fork.findOneOrFail(UserSchema, user.id, { populate: ['agency'] })
}
