import { createMailer, MailerConfigError, startOutboxWorker, type Mailer } from '../outbox'
import { sqlExecutor } from '../database/sql'

/**
 * Runs the e-mail outbox worker (docs/outbox.md). Bad SMTP settings do not stop the portal: the error names the
 * variable, and e-mail waits in the outbox until the settings are fixed, so nothing is lost.
 */
export default defineNitroPlugin((nitroApp) => {
  let mailer: Mailer | null = null
  try {
    mailer = createMailer()
  }
  catch (error) {
    if (!(error instanceof MailerConfigError)) throw error
    logger.error({ error: error.message }, 'SMTP settings are invalid; e-mail waits in the outbox')
  }
  const stop = startOutboxWorker({
    mailer,
    executor: async () => sqlExecutor((await useDatabase()).orm),
    intervalMs: Number(process.env.OUTBOX_INTERVAL_MS ?? 30_000),
  })
  // A pass cut short by the shutdown leaves its message leased; the lease runs out and the message is sent later.
  nitroApp.hooks.hook('close', stop)
})
