/** The life of an outbox message (docs/outbox.md); free of the ORM, so pages may import it. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const
export type OutboxStatus = typeof OUTBOX_STATUSES[number]
