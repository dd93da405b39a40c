import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'

export const ROLES = ['citizen', 'officer', 'head', 'admin'] as const
export type Role = typeof ROLES[number]

/**
 * An account. Citizens register themselves; staff (officer, head: both of one OPD; admin: Diskominfo) are created
 * with `npm run user:create`. `sessionVersion` is part of every session: raising it (logout, password change,
 * deactivation) ends every session issued before.
 */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  extends: BaseSchema,
  properties: {
    email: p.string().length(254).unique(),
    name: p.string().length(120),
    phone: p.string().length(20).nullable(),
    passwordHash: p.string().length(255).hidden().lazy(),
    role: p.enum(ROLES),
    agency: () => p.manyToOne(AgencySchema).nullable(),
    active: p.boolean().default(true),
    sessionVersion: p.integer().default(1),
    lastLoginAt: p.datetime().nullable(),
  },
})

export type User = InferEntity<typeof UserSchema>
