// The outbox's public face, for the Nitro plugin that runs the worker and for the admin page (docs/outbox.md).
export {
  countOutbox, findOutboxMessage, InvalidOutboxCursorError, listOutbox, outboxSummary, retryFailedForAdmin,
  retryFailedMessages, type OutboxMessageJson, type OutboxMessageSummary,
} from './admin'
export { EMAIL_KIND, enqueueEmail, type EmailMessage } from './enqueue'
export { createMailer, MailerConfigError, type Mailer, type OutgoingEmail } from './mailer'
export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry'
export {
  deliverDue, startOutboxWorker, type DeliveryDeps, type DeliveryReport, type OutboxWorkerOptions,
} from './worker'
