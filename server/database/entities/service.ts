import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import type { ServiceForm } from '../../catalogue/form-schema'
import type { ServiceSnapshot } from '../../catalogue/snapshot'
import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { CategorySchema } from './category'
import { UserSchema } from './user'

/** A service in the catalogue is published (citizens see it) or archived (gone from public pages and search). */
export const SERVICE_STATUSES = ['published', 'archived'] as const
export type ServiceStatus = typeof SERVICE_STATUSES[number]

/**
 * A layanan: SPBE service metadata (SE MenPANRB 18/2022) and its standar pelayanan (PermenPANRB 15/2014).
 * Unknown facts are stored as text that tells the citizen to ask the OPD, never as invented values. The row is the
 * live published version (`version`); every published version is kept in `service_version`, and changes are drafted
 * in `service_draft` (server/catalogue/publish.ts).
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
    status: p.enum(SERVICE_STATUSES).default('published'),
    version: p.integer().default(1),
  },
})

/**
 * One published version of a service: every catalogue field as published (a ServiceSnapshot), never changed
 * afterwards. PostgreSQL refuses UPDATE and DELETE on the table (migration Migration20261205180000ServiceVersions).
 * `publishedBy` is null for the seed and the start-up; `publishedByName` keeps the name as it was.
 */
export const ServiceVersionSchema = defineEntity({
  name: 'ServiceVersion',
  tableName: 'service_version',
  uniques: [{ properties: ['service', 'version'] }],
  properties: {
    id: p.integer().primary(),
    service: () => p.manyToOne(ServiceSchema),
    version: p.integer(),
    snapshot: p.json<ServiceSnapshot>(),
    publishedBy: () => p.manyToOne(UserSchema).nullable(),
    publishedByName: p.string().length(120),
    publishedAt: p.datetime(),
    /** Why this version: "Dipulihkan dari versi 2", "Data awal". */
    note: p.text().nullable(),
  },
})

export const DRAFT_STATUSES = ['draft', 'in_review', 'published', 'discarded'] as const
export type DraftStatus = typeof DRAFT_STATUSES[number]
/** A draft being worked on or waiting for review; at most one per service (partial unique index). */
export const OPEN_DRAFT_STATUSES: readonly DraftStatus[] = ['draft', 'in_review']

/**
 * A proposed change to a service (or a new service, `service` null): a full snapshot that an OPD head or an admin
 * edits, submits for review, and an admin publishes or sends back with a reason. `baseVersion` is the live version it
 * started from, so a publish over a newer version is refused. Kept after it is published or discarded.
 */
export const ServiceDraftSchema = defineEntity({
  name: 'ServiceDraft',
  tableName: 'service_draft',
  extends: BaseSchema,
  properties: {
    service: () => p.manyToOne(ServiceSchema).nullable(),
    agency: () => p.manyToOne(AgencySchema),
    slug: p.string().length(80),
    snapshot: p.json<ServiceSnapshot>(),
    status: p.enum(DRAFT_STATUSES),
    baseVersion: p.integer().nullable(),
    restoredFrom: p.integer().nullable(),
    author: () => p.manyToOne(UserSchema),
    submittedAt: p.datetime().nullable(),
    /** The reason an admin gave when sending it back; cleared when it is submitted again. */
    returnReason: p.text().nullable(),
    reviewedBy: () => p.manyToOne(UserSchema).nullable(),
    reviewedAt: p.datetime().nullable(),
    publishedVersion: p.integer().nullable(),
  },
})

export type Service = InferEntity<typeof ServiceSchema>
export type ServiceVersion = InferEntity<typeof ServiceVersionSchema>
export type ServiceDraft = InferEntity<typeof ServiceDraftSchema>
