import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { CategorySchema } from './category'
import { ServiceSchema } from './service'
import { UserSchema } from './user'

/**
 * A kind of pengaduan an OPD handles ("jalan berlubang", "blanko KTP habis"), filed under one of its RAL
 * categories and, where the catalogue has one, the layanan that takes it. `keywords` are the words citizens use for
 * it, colloquial ones included; the suggestion matches them against what a reporter types. An admin can switch a
 * type off (`active`) without deleting it; a type an admin created or edited has `editedAt`, and the catalogue seed
 * leaves it as the admin left it. The table also has `keyword_queries`, derived from `keywords` by
 * PostgreSQL (migration 20261205100000) and read by raw SQL only.
 */
export const ComplaintTypeSchema = defineEntity({
  name: 'ComplaintType',
  tableName: 'complaint_type',
  extends: BaseSchema,
  properties: {
    key: p.string().length(80).unique(),
    name: p.string().length(200),
    agency: () => p.manyToOne(AgencySchema).deleteRule('cascade'),
    category: () => p.manyToOne(CategorySchema),
    service: () => p.manyToOne(ServiceSchema).nullable().deleteRule('set null'),
    keywords: p.array().default([]),
    active: p.boolean().default(true),
    editedAt: p.datetime().nullable(),
    editedBy: () => p.manyToOne(UserSchema).nullable().deleteRule('set null'),
  },
})

export type ComplaintType = InferEntity<typeof ComplaintTypeSchema>
