import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import type { ServiceForm } from '../../catalogue/form-schema'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { CategorySchema } from './category'

/**
 * A layanan: SPBE service metadata (SE MenPANRB 18/2022) and its standar pelayanan (PermenPANRB 15/2014).
 * Unknown facts are stored as text that tells the citizen to ask the OPD, never as invented values.
 */
export const ServiceSchema = defineEntity({
  name: 'Service',
  tableName: 'service',
  extends: BaseSchema,
  properties: {
    spbeId: p.string().length(40).unique(),
    slug: p.string().length(80).unique(),
    name: p.string().length(200),
    category: () => p.manyToOne(CategorySchema),
    agency: () => p.manyToOne(AgencySchema),
    aliases: p.array().default([]),
    purpose: p.text(),
    function: p.text(),
    target: p.string().length(3),
    method: p.string().length(10),
    benefits: p.text(),
    economicPotential: p.text(),
    risks: p.text(),
    riskMitigation: p.text(),
    relatedMinistry: p.text(),
    governmentAffair: p.text(),
    relatedMetadataIds: p.array().default([]),
    requirements: p.json<string[]>(),
    procedure: p.json<string[]>(),
    durationDays: p.integer().nullable(),
    durationNote: p.text(),
    feeAmount: p.integer().nullable(),
    feeNote: p.text(),
    output: p.text(),
    legalBasis: p.json<string[]>(),
    complaintHandling: p.text(),
    channelUrl: p.string().length(300).nullable(),
    externalProvider: p.string().length(200).nullable(),
    popular: p.boolean().default(false),
    sources: p.json<string[]>(),
    form: p.json<ServiceForm>().nullable(),
  },
})

export type Service = InferEntity<typeof ServiceSchema>
