import type { Execute } from '../database/sql'
import { logger } from '../utils/logger'
import { repeatPasses } from './repeat'
import { EMAIL_KIND } from './enqueue'
import type { Mailer } from './mailer'
import { DEFAULT_RETRY_POLICY, isServerUnavailable, retryDelayMs, shortError, type RetryPolicy } from './retry'

export interface DeliveryOptions extends Partial<RetryPolicy> {
  /** How long a worker may hold a message it is sending; after that another worker takes it again. */
  sendingTimeoutMs?: number
  /** The most messages one pass sends, so that a long queue does not hold one pass for long. */
  maxPerPass?: number
}

export interface DeliveryDeps extends DeliveryOptions {
  /** Raw SQL with bind parameters (server/database/sql.ts); each statement commits on its own. */
  execute: Execute
  mailer: Mailer
  now?: () => Date
  random?: () => number
}

export interface DeliveryReport {
  sent: number
  retrying: number
  failed: number
  /** Sent, but another worker had taken the message back meanwhile: it may arrive twice. */
  lost: number
  /** The pass stopped early because the mail server did not answer. */
  serverUnavailable: boolean
}

interface ClaimedRow {
  id: number
  dedupe_key: string
  recipient: string
  subject: string
  text_body: string
  html_body: string | null
  attempts: number
}

// One message per statement: the row lock lasts only for the statement, and SKIP LOCKED lets concurrent workers
// (one per app node) pass each other. The claim is the committed status 'sending' with a lease in next_attempt_at;
// a worker that dies mid-send leaves the lease to run out, and the message is taken again. Each claim counts an
// attempt, so (id, attempts) names one claim and a worker whose lease ran out cannot overwrite the next one's result.
const CLAIM = `update "outbox_message" set "status" = 'sending', "attempts" = "attempts" + 1,
    "next_attempt_at" = $2, "updated_at" = $1
  where "id" in (select "id" from "outbox_message"
    where "status" in ('pending', 'sending') and "next_attempt_at" <= $1 and "kind" = $3
    order by "next_attempt_at", "id" limit 1 for update skip locked)
  returning "id", "dedupe_key", "recipient", "subject", "text_body", "html_body", "attempts"`

const MARK_SENT = `update "outbox_message" set "status" = 'sent', "sent_at" = $3, "last_error" = null, "updated_at" = $3
  where "id" = $1 and "attempts" = $2 and "status" = 'sending' returning "id"`

const MARK_FAILED_ATTEMPT = `update "outbox_message" set "status" = $4, "next_attempt_at" = $5, "last_error" = $6,
    "updated_at" = $3
  where "id" = $1 and "attempts" = $2 and "status" = 'sending' returning "id"`

function policyOf(deps: DeliveryOptions): RetryPolicy {
  return {
    baseDelayMs: deps.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: deps.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    jitter: deps.jitter ?? DEFAULT_RETRY_POLICY.jitter,
    maxAttempts: deps.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
  }
}

type Outcome = { result: 'sent' | 'retrying' | 'failed' | 'lost', serverUnavailable?: boolean }

async function deliverOne(deps: DeliveryDeps, message: ClaimedRow, policy: RetryPolicy): Promise<Outcome> {
  const clock = deps.now ?? (() => new Date())
  const fields = { outboxId: message.id, kind: EMAIL_KIND, attempts: message.attempts }
  try {
    await deps.mailer.send({ id: message.id, dedupeKey: message.dedupe_key, to: message.recipient,
      subject: message.subject, text: message.text_body, html: message.html_body })
  }
  catch (error) {
    const now = clock()
    const failed = message.attempts >= policy.maxAttempts
    const next = new Date(now.getTime() + retryDelayMs(message.attempts, policy, deps.random))
    const reason = shortError(error)
    const kept = await deps.execute(MARK_FAILED_ATTEMPT,
      [message.id, message.attempts, now, failed ? 'failed' : 'pending', failed ? now : next, reason])
    const serverUnavailable = isServerUnavailable(error)
    if (!kept.length) {
      logger.warn(fields, 'e-mail attempt ended after its claim ran out; another worker has the message')
      return { result: 'lost', serverUnavailable }
    }
    if (failed) logger.error({ ...fields, error: reason }, 'e-mail failed after the last attempt; an admin may retry')
    else logger.warn({ ...fields, error: reason, nextAttemptAt: next.toISOString() }, 'e-mail not sent; will retry')
    return { result: failed ? 'failed' : 'retrying', serverUnavailable }
  }

  const marked = await deps.execute(MARK_SENT, [message.id, message.attempts, clock()])
  if (!marked.length) {
    logger.warn(fields, 'e-mail sent after its claim ran out; another worker may send it again')
    return { result: 'lost' }
  }
  logger.info(fields, 'e-mail sent')
  return { result: 'sent' }
}

/**
 * Sends the e-mails that are due, one claim at a time, until none is due, `maxPerPass` were handled, or the mail
 * server is found down. A failed attempt is retried after an exponential, jittered wait; after `maxAttempts` the
 * message is marked `failed`, and stays listed for an admin to retry. Delivery is at least once: a message whose
 * send outlasts `sendingTimeoutMs`, or whose worker dies between sending and marking, is sent again.
 */
export async function deliverDue(deps: DeliveryDeps): Promise<DeliveryReport> {
  const clock = deps.now ?? (() => new Date())
  const policy = policyOf(deps)
  const sendingTimeoutMs = deps.sendingTimeoutMs ?? 10 * 60_000
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, lost: 0, serverUnavailable: false }

  for (let handled = 0; handled < (deps.maxPerPass ?? 50); handled++) {
    const now = clock()
    const [message] = await deps.execute<ClaimedRow>(CLAIM,
      [now, new Date(now.getTime() + sendingTimeoutMs), EMAIL_KIND])
    if (!message) break

    const outcome = await deliverOne(deps, message, policy)
    report[outcome.result]++
    if (outcome.serverUnavailable) {
      report.serverUnavailable = true
      break
    }
  }
  return report
}

export interface OutboxWorkerOptions extends DeliveryOptions {
  /** The pause between two passes; a pass that hit `maxPerPass` is followed at once by the next. */
  intervalMs?: number
  /** null when SMTP is not configured: the worker then does nothing and e-mail waits in the outbox. */
  mailer: Mailer | null
  /** Asked for on every pass, because the portal's database may be reopened after an outage. */
  executor: () => Execute | Promise<Execute>
  now?: () => Date
  random?: () => number
}

/**
 * Runs `deliverDue` now and then after every `intervalMs` until the returned function is called; that function
 * resolves once the pass under way has finished. A failing pass (database down) is logged and the next one runs
 * on schedule. Closing the mailer is left to whoever created it.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): () => Promise<void> {
  const { mailer, executor, intervalMs = 30_000, ...delivery } = options
  if (!mailer) {
    logger.info('SMTP is not configured: e-mail waits in the outbox')
    return async () => {}
  }

  return repeatPasses(async () => {
    const report = await deliverDue({ ...delivery, mailer, execute: await executor() })
    const handled = report.sent + report.retrying + report.failed + report.lost
    return !report.serverUnavailable && handled >= (delivery.maxPerPass ?? 50)
  }, intervalMs, 'outbox pass failed')
}
