import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerError } from 'smtp-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AgencySchema } from '../../server/database/entities/agency'
import { OutboxMessageSchema } from '../../server/database/entities/outbox'
import { openDatabase, type Database } from '../../server/database/orm'
import { OutsideTransactionError, sqlExecutor, type Execute } from '../../server/database/sql'
import { countOutbox, InvalidOutboxCursorError, listOutbox, retryFailedMessages } from '../../server/outbox/admin'
import { enqueueEmail, type EmailMessage } from '../../server/outbox/enqueue'
import { createMailer, type Mailer } from '../../server/outbox/mailer'
import { deliverDue, startOutboxWorker } from '../../server/outbox/worker'
import { logger } from '../../server/utils/logger'
import { createTestDatabase } from '../support/database'

interface Received {
  from: string
  to: string[]
  user: unknown
  raw: string
}

const SMTP_USER = 'portal-mpp'
const SMTP_PASSWORD = 'sandi-smtp-uji'
const REFUSED = 'alamat.ditolak@example.org'

/** A real SMTP server on 127.0.0.1 that asks for a password, refuses REFUSED, and keeps what it receives. */
async function startSmtpServer(received: Received[], port = 0) {
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username })
      else callback(new Error('invalid credentials'))
    },
    onRcptTo(address, _session, callback) {
      if (address.address !== REFUSED) return callback()
      const refusal: SMTPServerError = new Error(`5.1.1 <${address.address}>: mailbox unavailable`)
      refusal.responseCode = 550
      callback(refusal)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map(rcpt => rcpt.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}

function mailerFor(port: number): Mailer {
  return createMailer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_USER, SMTP_PASSWORD,
    MAIL_FROM: 'MPP Digital Tanggamus <noreply@mpp.tanggamus.go.id>' })!
}

const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000)

function email(n: number, overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    to: `warga${n}@example.org`,
    subject: `Permohonan TGM-${n} diterima`,
    text: `Permohonan TGM-${n} sudah kami terima.`,
    dedupeKey: `permohonan:${n}:diajukan:warga`,
    ...overrides,
  }
}

describe('the e-mail outbox', () => {
  let database: Database
  let execute: Execute
  const received: Received[] = []
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>
  let mailer: Mailer

  const enqueue = (messages: EmailMessage[], now = new Date()) =>
    database.orm.em.fork().transactional(async (em) => {
      for (const message of messages) await enqueueEmail(em, message, { now })
    })
  const row = (dedupeKey: string) => database.orm.em.fork().findOneOrFail(OutboxMessageSchema, { dedupeKey })

  beforeAll(async () => {
    database = await openDatabase(await createTestDatabase('outbox'))
    execute = sqlExecutor(database.orm)
    smtp = await startSmtpServer(received)
    mailer = mailerFor(smtp.port)
  })
  afterAll(async () => {
    mailer?.close()
    await smtp?.close()
    await database?.close()
  })
  beforeEach(async () => {
    received.length = 0
    await execute('delete from "outbox_message"')
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('delivers an enqueued e-mail over SMTP, with its subject, bodies, sender and a stable Message-ID', async () => {
    const t0 = new Date()
    await enqueue([email(1, { html: '<p>Permohonan <strong>TGM-1</strong> sudah kami terima.</p>' })], t0)

    const report = await deliverDue({ execute, mailer, now: () => t0 })

    expect(report).toMatchObject({ sent: 1, retrying: 0, failed: 0, serverUnavailable: false })
    expect(received).toHaveLength(1)
    const [mail] = received
    expect(mail!.from).toBe('noreply@mpp.tanggamus.go.id')
    expect(mail!.to).toEqual(['warga1@example.org'])
    expect(mail!.user).toBe(SMTP_USER)
    expect(mail!.raw).toContain('Subject: Permohonan TGM-1 diterima')
    expect(mail!.raw).toContain('Permohonan TGM-1 sudah kami terima.')
    expect(mail!.raw).toContain('<strong>TGM-1</strong>')
    expect(mail!.raw).toContain('Auto-Submitted: auto-generated')
    expect(mail!.raw).toMatch(/Message-ID: <[0-9a-f]{32}@mpp\.tanggamus\.go\.id>/)
    const sent = await row('permohonan:1:diajukan:warga')
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null })
    expect(sent.sentAt).toEqual(t0)
  })

  it('keeps e-mail while the mail server is down, tries again later, and sends each once when it is back', async () => {
    const t0 = new Date()
    await enqueue([email(1), email(2)], t0)
    const port = smtp.port
    await smtp.close()

    try {
      const down = await deliverDue({ execute, mailer, now: () => t0, random: () => 0.5 })
      // The first refused connection ends the pass: the second message keeps its attempts for a live server.
      expect(down).toMatchObject({ sent: 0, retrying: 1, serverUnavailable: true })
      const first = await row('permohonan:1:diajukan:warga')
      expect(first).toMatchObject({ status: 'pending', attempts: 1 })
      expect(first.nextAttemptAt).toEqual(new Date(t0.getTime() + 54_000)) // 1 min less 10 % jitter
      expect(first.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/)
      expect(await row('permohonan:2:diajukan:warga')).toMatchObject({ status: 'pending', attempts: 0 })

      // Neither message is lost: the second is tried on the next pass, the first waits for its turn.
      const again = await deliverDue({ execute, mailer, now: () => minutes(t0, 0.5), random: () => 0.5 })
      expect(again).toMatchObject({ sent: 0, retrying: 1 })
      expect(await row('permohonan:1:diajukan:warga')).toMatchObject({ status: 'pending', attempts: 1 })
      expect(await row('permohonan:2:diajukan:warga')).toMatchObject({ status: 'pending', attempts: 1 })

      await deliverDue({ execute, mailer, now: () => minutes(t0, 1), random: () => 0.5 })
      const twice = await row('permohonan:1:diajukan:warga')
      expect(twice).toMatchObject({ status: 'pending', attempts: 2 })
      expect(twice.nextAttemptAt).toEqual(new Date(minutes(t0, 1).getTime() + 108_000)) // 2 min less 10 %
    }
    finally {
      smtp = await startSmtpServer(received, port)
    }

    const back = await deliverDue({ execute, mailer, now: () => minutes(t0, 10) })
    expect(back).toMatchObject({ sent: 2, retrying: 0 })
    expect(await deliverDue({ execute, mailer, now: () => minutes(t0, 600) })).toMatchObject({ sent: 0 })
    expect(received.map(mail => mail.to[0]).sort()).toEqual(['warga1@example.org', 'warga2@example.org'])
    expect(await row('permohonan:1:diajukan:warga')).toMatchObject({ status: 'sent', attempts: 3, lastError: null })
  })

  it('keeps one message when the same event is enqueued twice', async () => {
    const em = database.orm.em.fork()
    const first = await em.transactional(tem => enqueueEmail(tem, email(7)))
    const second = await em.transactional(tem => enqueueEmail(tem, email(7, { subject: 'Berbeda' })))

    expect(first.created).toBe(true)
    expect(second).toEqual({ id: first.id, created: false })
    const messages = await em.find(OutboxMessageSchema, {})
    expect(messages.map(m => m.subject)).toEqual(['Permohonan TGM-7 diterima'])
  })

  it('commits the message with the change that causes it, and leaves neither when that change rolls back', async () => {
    const em = database.orm.em.fork()
    const agency = { name: 'Dinas Uji', shortName: 'Uji' }

    await expect(em.transactional(async (tem) => {
      tem.create(AgencySchema, { ...agency, slug: 'dinas-uji-batal' })
      await enqueueEmail(tem, email(8))
      throw new Error('permohonan tidak jadi disimpan')
    })).rejects.toThrow('permohonan tidak jadi disimpan')
    expect(await em.count(OutboxMessageSchema, {})).toBe(0)
    expect(await em.count(AgencySchema, { slug: 'dinas-uji-batal' })).toBe(0)

    await em.transactional(async (tem) => {
      tem.create(AgencySchema, { ...agency, slug: 'dinas-uji-jadi' })
      await enqueueEmail(tem, email(9))
    })
    expect(await em.count(OutboxMessageSchema, {})).toBe(1)
    expect(await em.count(AgencySchema, { slug: 'dinas-uji-jadi' })).toBe(1)
  })

  it('refuses to enqueue outside a transaction, where the message could outlive a failed change', async () => {
    await expect(enqueueEmail(database.orm.em.fork(), email(10))).rejects.toBeInstanceOf(OutsideTransactionError)
  })

  it('delivers each message exactly once when two app nodes run the worker at the same time', async () => {
    const t0 = new Date()
    await enqueue(Array.from({ length: 24 }, (_, i) => email(100 + i)), t0)
    const otherNode = await openDatabase(database.orm.config.get('clientUrl'))
    const otherMailer = mailerFor(smtp.port)
    try {
      const [a, b] = await Promise.all([
        deliverDue({ execute, mailer, now: () => t0 }),
        deliverDue({ execute: sqlExecutor(otherNode.orm), mailer: otherMailer, now: () => t0 }),
      ])

      expect(a.sent + b.sent).toBe(24)
      expect(Math.min(a.sent, b.sent), 'both nodes took part').toBeGreaterThan(0)
      expect(received).toHaveLength(24)
      expect(new Set(received.map(mail => mail.to[0])).size).toBe(24)
      const attempts = await execute<{ attempts: number }>('select distinct "attempts" from "outbox_message"')
      expect(attempts).toEqual([{ attempts: 1 }])
    }
    finally {
      otherMailer.close()
      await otherNode.close()
    }
  })

  it('takes back a message from a worker that stalled while sending, and ignores that worker later', async () => {
    const t0 = new Date()
    await enqueue([email(20)], t0)
    let wake!: () => void
    let started!: () => void
    const sending = new Promise<void>((resolve) => {
      started = resolve
    })
    const stalled: Mailer = {
      send: () => new Promise<void>((resolve) => {
        wake = resolve
        started()
      }),
      close: () => {},
    }

    const stalledPass = deliverDue({ execute, mailer: stalled, now: () => t0, sendingTimeoutMs: 5 * 60_000 })
    await sending
    expect(await row('permohonan:20:diajukan:warga')).toMatchObject({ status: 'sending', attempts: 1 })

    expect(await deliverDue({ execute, mailer, now: () => minutes(t0, 4) })).toMatchObject({ sent: 0 })
    expect(await deliverDue({ execute, mailer, now: () => minutes(t0, 6) })).toMatchObject({ sent: 1 })
    wake()
    expect(await stalledPass).toMatchObject({ sent: 0, lost: 1 })

    expect(received).toHaveLength(1)
    const message = await row('permohonan:20:diajukan:warga')
    expect(message).toMatchObject({ status: 'sent', attempts: 2 })
    expect(message.sentAt).toEqual(minutes(t0, 6))
  })

  it('goes on after a refused recipient, and records the refusal without the address', async () => {
    const t0 = new Date()
    await enqueue([email(30, { to: REFUSED }), email(31)], t0)

    const report = await deliverDue({ execute, mailer, now: () => t0 })

    expect(report).toMatchObject({ sent: 1, retrying: 1, serverUnavailable: false })
    const refused = await row('permohonan:30:diajukan:warga')
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 })
    expect(refused.lastError).toContain('550')
    expect(refused.lastError).toContain('[alamat]')
    expect(refused.lastError).not.toContain('@')
  })

  it('marks a message failed after the last attempt, keeps it listed, and lets an admin put it back', async () => {
    const t0 = new Date()
    await enqueue([email(40, { to: REFUSED })], t0)

    await deliverDue({ execute, mailer, now: () => t0, maxAttempts: 2 })
    const last = await deliverDue({ execute, mailer, now: () => minutes(t0, 2), maxAttempts: 2 })
    expect(last).toMatchObject({ failed: 1 })
    expect(await deliverDue({ execute, mailer, now: () => minutes(t0, 60 * 24 * 365) })).toMatchObject({ sent: 0 })

    const em = database.orm.em.fork()
    const { messages } = await listOutbox(em, { status: 'failed' })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ status: 'failed', attempts: 2, recipient: REFUSED })
    expect(await countOutbox(em)).toEqual({ pending: 0, sending: 0, sent: 0, failed: 1 })

    expect(await retryFailedMessages(em, { now: minutes(t0, 5) })).toBe(1)
    expect(await row('permohonan:40:diajukan:warga')).toMatchObject({ status: 'pending', attempts: 0 })
  })

  it('lists messages newest first, a page at a time, by status', async () => {
    await enqueue(Array.from({ length: 5 }, (_, i) => email(50 + i)))
    await deliverDue({ execute, mailer, maxPerPass: 2 })
    const em = database.orm.em.fork()

    const first = await listOutbox(em, { limit: 3 })
    const second = await listOutbox(em, { limit: 3, cursor: first.nextCursor! })
    expect(first.messages.map(m => m.dedupeKey)).toEqual([54, 53, 52].map(n => `permohonan:${n}:diajukan:warga`))
    expect(second.messages.map(m => m.dedupeKey)).toEqual([51, 50].map(n => `permohonan:${n}:diajukan:warga`))
    expect(second.nextCursor).toBeNull()
    expect((await listOutbox(em, { status: 'pending' })).messages).toHaveLength(3)
    expect((await listOutbox(em, { status: 'sent' })).messages[0]).toMatchObject({
      subject: 'Permohonan TGM-51 diterima', text: 'Permohonan TGM-51 sudah kami terima.', lastError: null,
    })
    await expect(listOutbox(em, { cursor: '1 or 1=1' })).rejects.toBeInstanceOf(InvalidOutboxCursorError)
  })

  it('writes message ids to the log, never an e-mail address', async () => {
    const lines: string[] = []
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      const original = logger[level]
      vi.spyOn(logger, level).mockImplementation((...args) => {
        lines.push(JSON.stringify(args))
        original(...args)
      })
    }
    const t0 = new Date()

    await enqueue([email(60), email(61, { to: REFUSED })], t0)
    await enqueue([email(60)], t0)
    await deliverDue({ execute, mailer, now: () => t0 })
    await deliverDue({ execute, mailer, now: () => minutes(t0, 10), maxAttempts: 2 })

    const log = lines.join('\n')
    expect(log).toContain('outboxId')
    expect(log).toContain('e-mail sent')
    expect(log).toContain('e-mail failed')
    expect(log).not.toContain('@')
  })

  it('runs on its own until stopped, and stays idle without SMTP settings', async () => {
    await enqueue([email(70)])

    const stop = startOutboxWorker({ mailer, executor: () => execute, intervalMs: 20 })
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5_000 })
    await stop()
    await enqueue([email(71)])
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(received).toHaveLength(1)

    const idle = startOutboxWorker({ mailer: createMailer({}), executor: () => execute, intervalMs: 20 })
    await new Promise(resolve => setTimeout(resolve, 100))
    await idle()
    expect(await row('permohonan:71:diajukan:warga')).toMatchObject({ status: 'pending', attempts: 0 })
  })
})
