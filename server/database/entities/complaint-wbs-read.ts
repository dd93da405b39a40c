import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { ComplaintSchema } from './complaint'
import { UserSchema } from './user'

/**
 * A Diskominfo admin's reason to read one whistleblowing complaint, and the read it grants for a few hours
 * (server/complaints/whistleblowing.ts). Append-only (migration Migration20261205141000WhistleblowingReads).
 */
export const ComplaintWbsReadSchema = defineEntity({
  name: 'ComplaintWbsRead',
  tableName: 'complaint_wbs_read',
  indexes: [{ properties: ['complaint', 'admin', 'at'] }],
  properties: {
    id: p.bigint().primary(),
    at: p.datetime(),
    complaint: () => p.manyToOne(ComplaintSchema),
    admin: () => p.manyToOne(UserSchema),
    reason: p.text(),
  },
})

export type ComplaintWbsRead = InferEntity<typeof ComplaintWbsReadSchema>
