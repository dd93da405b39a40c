import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { OUTBOX_STATUSES } from '../../outbox/statuses'
import { BaseSchema } from './base'

export { OUTBOX_STATUSES, type OutboxStatus } from '../../outbox/statuses'

/**
 * A side effect (an e-mail for now) written in the same transaction as the change that causes it, and delivered
 * later by the outbox worker (server/outbox/). `dedupeKey` names the event ("permohonan:42:diajukan:warga"), so the
 * same event enqueued twice gives one message.
 *
 * `nextAttemptAt` is when a worker may take the message: for `pending`, its next try; for `sending`, the end of the
 * current worker's lease, after which a crashed worker's message is taken again. `lastError` is a short, redacted
 * reason (no e-mail address); the recipient and the bodies are personal data and never go to the logs.
 */
export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  extends: BaseSchema,
  properties: {
    kind: p.string().length(40),
    dedupeKey: p.string().length(200).unique(),
    recipient: p.string().length(254),
    subject: p.string().length(300),
    textBody: p.text(),
    htmlBody: p.text().nullable(),
    status: p.enum(OUTBOX_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.string().length(300).nullable(),
    sentAt: p.datetime().nullable(),
  },
})

export type OutboxMessage = InferEntity<typeof OutboxMessageSchema>
