import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'

/**
 * An OPD (perangkat daerah): one of the regency's agencies. A deactivated OPD (`active` false) leaves the public
 * pages; it is kept because requests, complaints and accounts refer to it.
 */
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
    /** Jam layanan as the OPD states it ("Senin–Kamis 08.00–15.00, Jumat 08.00–11.00"). */
    openingHours: p.string().length(300).nullable(),
    active: p.boolean().default(true),
  },
})

export type Agency = InferEntity<typeof AgencySchema>
