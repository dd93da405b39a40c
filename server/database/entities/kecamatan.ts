import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'

/** One of the 20 kecamatan of Kabupaten Tanggamus, with its Kemendagri code (18.06.xx). */
export const KecamatanSchema = defineEntity({
  name: 'Kecamatan',
  tableName: 'kecamatan',
  extends: BaseSchema,
  properties: {
    code: p.string().length(8).unique(),
    name: p.string().length(80),
    slug: p.string().length(80).unique(),
  },
})

export type Kecamatan = InferEntity<typeof KecamatanSchema>
