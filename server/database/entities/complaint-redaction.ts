import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'
import { ComplaintPhotoSchema, ComplaintSchema } from './complaint'
import { UserSchema } from './user'

/**
 * What the public reads of a pengaduan where a Diskominfo admin replaced it (a name, a phone number typed into the
 * text): null keeps the original. The complaint row is never changed; its reporter and its OPD read the original.
 * `answerOf` is the `answeredAt` of the answer that `answer` replaces: a later answer shows as given.
 */
export const ComplaintRedactionSchema = defineEntity({
  name: 'ComplaintRedaction',
  tableName: 'complaint_redaction',
  extends: BaseSchema,
  properties: {
    complaint: () => p.manyToOne(ComplaintSchema).unique(),
    title: p.string().length(200).nullable(),
    description: p.text().nullable(),
    answer: p.text().nullable(),
    answerOf: p.datetime().nullable(),
  },
})

export const REDACTION_ACTIONS = ['redact', 'restore', 'hide', 'show'] as const
export const REDACTION_FIELDS = ['title', 'description', 'answer', 'photo'] as const

/**
 * One redaction, restoration, hidden or shown photo: who, when, what and why. Append-only: PostgreSQL refuses
 * UPDATE and DELETE (migration Migration20261205140000ComplaintRedactions).
 */
export const ComplaintRedactionEventSchema = defineEntity({
  name: 'ComplaintRedactionEvent',
  tableName: 'complaint_redaction_event',
  indexes: [{ properties: ['complaint', 'at'] }],
  properties: {
    id: p.bigint().primary(),
    at: p.datetime(),
    complaint: () => p.manyToOne(ComplaintSchema),
    admin: () => p.manyToOne(UserSchema),
    action: p.enum(REDACTION_ACTIONS),
    field: p.enum(REDACTION_FIELDS),
    photo: () => p.manyToOne(ComplaintPhotoSchema).nullable(),
    /** What the public reads after a redaction; null for the other actions. */
    publicText: p.text().nullable(),
    reason: p.text(),
  },
})

export type ComplaintRedaction = InferEntity<typeof ComplaintRedactionSchema>
export type ComplaintRedactionEvent = InferEntity<typeof ComplaintRedactionEventSchema>
