import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema } from '../database/entities/agency'
import { UserSchema } from '../database/entities/user'
import { createStaff } from './accounts'

/** A password of four short random words' worth of entropy (20 bytes), readable enough to type from the file. */
function demoPassword(): string {
  return randomBytes(15).toString('base64url')
}

/**
 * For trying the portal on the embedded database only: one officer and one head per OPD and one admin, with
 * random passwords written to `file` (mode 0600), never to the log. Does nothing when any staff account exists.
 */
export async function seedDemoStaff(em: EntityManager, file: string): Promise<number> {
  if (await em.count(UserSchema, { role: { $ne: 'citizen' } })) return 0
  const lines = ['# Demo staff accounts of the embedded database. Not for production. role, e-mail, password', '']
  const admin = { email: 'admin@diskominfo.demo', password: demoPassword() }
  await createStaff(em, { role: 'admin', name: 'Admin Diskominfo', ...admin })
  lines.push(`admin\t${admin.email}\t${admin.password}`)
  for (const agency of await em.find(AgencySchema, {}, { orderBy: { slug: 'asc' } })) {
    for (const role of ['head', 'officer'] as const) {
      const account = { email: `${role === 'head' ? 'kepala' : 'petugas'}@${agency.slug}.demo`,
        password: demoPassword() }
      await createStaff(em, { role, agencySlug: agency.slug, name: `${role === 'head' ? 'Kepala' : 'Petugas'} ${
        agency.shortName}`, ...account })
      lines.push(`${role}\t${account.email}\t${account.password}`)
    }
  }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 })
  return lines.length - 2
}
