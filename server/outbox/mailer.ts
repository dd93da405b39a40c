import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'
import { z } from 'zod'

/** One e-mail as the worker hands it to a mailer. */
export interface OutgoingEmail {
  /** The outbox message: with the dedupe key it gives a Message-ID that stays the same on every retry. */
  id: number
  dedupeKey: string
  to: string
  subject: string
  text: string
  html: string | null
}

/** Sends one e-mail or throws; nodemailer's errors carry `code` and, when the server answered, `responseCode`. */
export interface Mailer {
  send: (email: OutgoingEmail) => Promise<void>
  close: () => void
}

/** SMTP is configured, but not completely or not validly. The message names the variable, never its value. */
export class MailerConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MailerConfigError'
  }
}

const flag = z.enum(['true', 'false', '1', '0']).transform(value => value === 'true' || value === '1')

const envSchema = z.object({
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_SECURE: flag.optional(),
  MAIL_FROM: z.string().regex(/@[^\s@>]+>?\s*$/).optional(),
})

// Shorter than nodemailer's defaults (2 min to connect, 10 min idle), so that a worker's lease outlasts a send.
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 }

function readEnv(env: Record<string, string | undefined>) {
  // An empty variable (SMTP_HOST= in a .env file) counts as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map(issue => issue.path.join('.')))]
    throw new MailerConfigError(`invalid mail settings: ${names.join(', ')}`)
  }
  return parsed.data
}

/**
 * The SMTP mailer, from SMTP_URL (smtp:// or smtps://, credentials in the URL) or from SMTP_HOST, SMTP_PORT
 * (587, or 465 when SMTP_SECURE), SMTP_USER, SMTP_PASSWORD and SMTP_SECURE; the sender is MAIL_FROM.
 * Returns null when neither SMTP_URL nor SMTP_HOST is set: e-mail then waits in the outbox (see docs/outbox.md).
 *
 * One connection per message, no pool: the portal sends a few hundred e-mails a day, and a fresh connection
 * recovers by itself after the mail server restarts.
 */
export function createMailer(env: Record<string, string | undefined> = process.env): Mailer | null {
  const config = readEnv(env)
  if (!config.SMTP_URL && !config.SMTP_HOST) return null
  if (!config.MAIL_FROM) throw new MailerConfigError('MAIL_FROM is required when SMTP is configured')

  const from = config.MAIL_FROM
  const domain = /@([^\s@>]+)>?\s*$/.exec(from)![1]
  const secure = config.SMTP_SECURE ?? false
  const auth = config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined
  const transport = config.SMTP_URL
    ? nodemailer.createTransport({ url: config.SMTP_URL, ...TIMEOUTS })
    : nodemailer.createTransport({ host: config.SMTP_HOST, port: config.SMTP_PORT ?? (secure ? 465 : 587), secure,
        auth, ...TIMEOUTS })

  return {
    async send(email) {
      const stable = createHash('sha256').update(`${email.id}:${email.dedupeKey}`).digest('hex').slice(0, 32)
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html ?? undefined,
        messageId: `<${stable}@${domain}>`,
        // RFC 3834: tells auto-responders (out-of-office replies) not to answer a notification.
        headers: { 'Auto-Submitted': 'auto-generated' },
      })
    },
    close: () => transport.close(),
  }
}
