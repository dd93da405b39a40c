import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'

/** A RAL category (Referensi Arsitektur Layanan, codes 01.01–01.40). The code is a stable identifier. */
export const CategorySchema = defineEntity({
  name: 'Category',
  tableName: 'category',
  extends: BaseSchema,
  properties: {
    code: p.string().length(5).unique(),
    name: p.string().length(200),
    slug: p.string().length(120).unique(),
    description: p.text(),
  },
})

/**
 * The OPDs of a category in the order the architecture decree lists them: the first one is the default owner
 * of anything filed under the category.
 */
export const CategoryAgencySchema = defineEntity({
  name: 'CategoryAgency',
  tableName: 'category_agency',
  extends: BaseSchema,
  uniques: [{ properties: ['category', 'agency'] }],
  properties: {
    category: () => p.manyToOne(CategorySchema).deleteRule('cascade'),
    agency: () => p.manyToOne(AgencySchema).deleteRule('cascade'),
    position: p.smallint(),
  },
})

export type Category = InferEntity<typeof CategorySchema>
export type CategoryAgency = InferEntity<typeof CategoryAgencySchema>
