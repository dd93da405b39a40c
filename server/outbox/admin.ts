import type { EntityManager } from '@mikro-orm/postgresql'
import { recordAudit, type AuditActor } from '../audit'
import {
  OUTBOX_STATUSES, OutboxMessageSchema, type OutboxMessage, type OutboxStatus,
} from '../database/entities/outbox'
import { transactionSql } from '../database/sql'
import { logger } from '../utils/logger'

/** One outbox message as the admin page shows it: the whole e-mail, so it can be read when SMTP is not set up. */
export interface OutboxMessageJson {
  id: number
  kind: string
  dedupeKey: string
  recipient: string
  subject: string
  text: string
  html: string | null
  status: OutboxStatus
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  sentAt: string | null
  createdAt: string
}

/** A row of the admin list: everything but the bodies, which are read one message at a time. */
export type OutboxMessageSummary = Omit<OutboxMessageJson, 'text' | 'html'>

/** A cursor that is not one this module gave out; the route answers 400. */
export class InvalidOutboxCursorError extends Error {
  constructor() {
    super('invalid outbox cursor')
    this.name = 'InvalidOutboxCursorError'
  }
}

function decodeCursor(cursor: string | undefined) {
  if (cursor === undefined || cursor === '') return undefined
  if (!/^[1-9]\d{0,9}$/.test(cursor)) throw new InvalidOutboxCursorError()
  return Number(cursor)
}

function toJson(message: OutboxMessage): OutboxMessageJson {
  return {
    id: message.id,
    kind: message.kind,
    dedupeKey: message.dedupeKey,
    recipient: message.recipient,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody ?? null,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: message.nextAttemptAt.toISOString(),
    lastError: message.lastError ?? null,
    sentAt: message.sentAt?.toISOString() ?? null,
    createdAt: message.createdAt.toISOString(),
  }
}

/**
 * Outbox messages, newest first, `limit` at a time (at most 100). Keyset pagination on the id: `nextCursor` is
 * passed back as `cursor` for the next page and is null on the last one.
 */
export async function listOutbox(em: EntityManager, query: { status?: OutboxStatus, cursor?: string, limit?: number }) {
  const before = decodeCursor(query.cursor)
  const limit = Number.isInteger(query.limit) ? Math.min(Math.max(query.limit!, 1), 100) : 50

  const rows = await em.find(OutboxMessageSchema, {
    ...(query.status ? { status: query.status } : {}),
    ...(before ? { id: { $lt: before } } : {}),
  }, { orderBy: { id: 'desc' }, limit: limit + 1 })

  const page = rows.slice(0, limit)
  return { messages: page.map(toJson), nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null }
}

export function outboxSummary({ text: _text, html: _html, ...summary }: OutboxMessageJson): OutboxMessageSummary {
  return summary
}

/** One message with its bodies, or null when there is none with this id. */
export async function findOutboxMessage(em: EntityManager, id: number): Promise<OutboxMessageJson | null> {
  const message = await em.findOne(OutboxMessageSchema, { id })
  return message ? toJson(message) : null
}

/** How many messages are in each status, for the admin page's summary. */
export async function countOutbox(em: EntityManager): Promise<Record<OutboxStatus, number>> {
  const rows = await em.getConnection().execute<{ status: OutboxStatus, n: string }[]>(
    'select "status", count(*) as n from "outbox_message" group by 1')
  const counts = Object.fromEntries(OUTBOX_STATUSES.map(status => [status, 0])) as Record<OutboxStatus, number>
  for (const row of rows) counts[row.status] = Number(row.n)
  return counts
}

/**
 * Puts `failed` messages (all of them, or those of `ids`) back in the queue with a fresh round of attempts, e.g.
 * after an admin has fixed the SMTP settings. Returns the messages requeued with the attempts they had failed.
 * Inside `em`'s transaction when it has one (an admin's retry, with its audit entries); else on its own, as
 * `retryFailedMessages` does for the system.
 */
async function requeueFailed(em: EntityManager, options: { ids?: number[], now?: Date } = {}) {
  const execute = transactionSql(em, 'requeueFailed', { outside: 'autocommit' })
  const rows = await execute<{ id: number, attempts: number }>(`with "picked" as (
      select "id", "attempts" from "outbox_message" where "status" = 'failed'
        and ($1::int[] is null or "id" = any($1::int[])) for update)
    update "outbox_message" m set "status" = 'pending', "attempts" = 0, "next_attempt_at" = $2, "updated_at" = $2
    from "picked" where m."id" = "picked"."id" returning m."id", "picked"."attempts"`,
  [options.ids ?? null, options.now ?? new Date()])
  return rows.sort((a, b) => a.id - b.id)
}

/** requeueFailed for the system (tests, a script): how many were requeued. */
export async function retryFailedMessages(em: EntityManager, options: { ids?: number[], now?: Date } = {}) {
  return (await requeueFailed(em, options)).length
}

/**
 * An admin's "retry": requeues failed messages with one audit entry per message, in one transaction, and logs who
 * did it and how many, never to whom they were going.
 */
export async function retryFailedForAdmin(em: EntityManager, admin: AuditActor, ids?: number[], now = new Date()) {
  const requeued = await em.transactional(async (tx) => {
    const rows = await requeueFailed(tx, { ids, now })
    await recordAudit(tx, rows.map(row => ({ actor: admin, action: 'outbox_message.retry', entityType:
      'outbox_message', entityId: row.id, before: { status: 'failed', attempts: row.attempts },
    after: { status: 'pending', attempts: 0 }, at: now })))
    return rows.length
  })
  logger.info({ admin: admin.id, requeued, asked: ids?.length ?? 'all' }, 'failed outbox messages requeued')
  return requeued
}
