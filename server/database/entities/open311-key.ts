import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'
import { UserSchema } from './user'

/**
 * An Open311 API key, issued by a Diskominfo admin to another system (server/open311/keys.ts). Only the SHA-256
 * of the key is kept: the key is shown once, when it is issued. A revoked key stays, so the list shows who had one.
 */
export const Open311KeySchema = defineEntity({
  name: 'Open311Key',
  tableName: 'open311_key',
  extends: BaseSchema,
  properties: {
    name: p.string().length(120),
    keyHash: p.string().length(64).unique().hidden(),
    issuedBy: () => p.manyToOne(UserSchema),
    revokedAt: p.datetime().nullable(),
  },
})

export type Open311Key = InferEntity<typeof Open311KeySchema>
