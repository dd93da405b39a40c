import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { transactionSql } from '../database/sql'
import { logger } from '../utils/logger'

export const EMAIL_KIND = 'email'

const emailSchema = z.object({
  to: z.email().max(254),
  subject: z.string().trim().min(1).max(300),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
  /** Names the event, e.g. "permohonan:42:diajukan:warga". Never personal data: it is shown to admins as is. */
  dedupeKey: z.string().min(1).max(200),
})

export type EmailMessage = z.input<typeof emailSchema>

/**
 * Writes an e-mail to the outbox inside the transaction `em` is in, so that it is committed (or rolled back)
 * together with the change that causes it. The caller owns the transaction: the message exists for the worker only
 * once the caller's `em.transactional(...)` returns, or its `em.commit()` runs.
 *
 * The row is inserted at once (not at flush) with `on conflict do nothing` on the dedupe key: the same event
 * enqueued again, even by a concurrent transaction, leaves the first message in place and never fails the caller's
 * transaction. Bind parameters keep the recipient out of the SQL text, and so out of MikroORM's debug log.
 */
export async function enqueueEmail(em: EntityManager, message: EmailMessage, options: { now?: Date } = {}) {
  const execute = transactionSql(em, 'enqueueEmail')
  const email = emailSchema.parse(message)
  const now = options.now ?? new Date()

  const query = (sql: string, params: unknown[]) => execute<{ id: number }>(sql, params)
  const inserted = await query(`insert into "outbox_message" ("created_at", "updated_at", "kind", "dedupe_key",
      "recipient", "subject", "text_body", "html_body", "status", "attempts", "next_attempt_at")
    values ($1, $1, $2, $3, $4, $5, $6, $7, 'pending', 0, $1)
    on conflict ("dedupe_key") do nothing
    returning "id"`, [now, EMAIL_KIND, email.dedupeKey, email.to, email.subject, email.text, email.html ?? null])
  const created = inserted.length > 0
  const [row] = created
    ? inserted
    : await query('select "id" from "outbox_message" where "dedupe_key" = $1', [email.dedupeKey])

  const id = row!.id
  logger.debug({ outboxId: id, kind: EMAIL_KIND, created }, created ? 'e-mail enqueued' : 'e-mail enqueued before')
  return { id, created }
}
