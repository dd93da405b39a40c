import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'

/** An OPD (perangkat daerah): one of the regency's 30 agencies. */
export const AgencySchema = defineEntity({
  name: 'Agency',
  tableName: 'agency',
  extends: BaseSchema,
  properties: {
    slug: p.string().length(80).unique(),
    name: p.string().length(200),
    shortName: p.string().length(80),
    address: p.string().length(300).nullable(),
    phone: p.string().length(40).nullable(),
    email: p.string().length(120).nullable(),
    website: p.string().length(200).nullable(),
  },
})

export type Agency = InferEntity<typeof AgencySchema>
