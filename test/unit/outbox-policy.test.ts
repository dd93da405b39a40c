import { describe, expect, it } from 'vitest'
import { createMailer, MailerConfigError } from '../../server/outbox/mailer'
import { DEFAULT_RETRY_POLICY, isServerUnavailable, retryDelayMs, shortError } from '../../server/outbox/retry'

const MINUTE = 60_000

describe('the outbox retry policy', () => {
  it('waits one minute after the first failure and doubles the wait up to one hour', () => {
    const noJitter = () => 0
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 50].map(n => retryDelayMs(n, DEFAULT_RETRY_POLICY, noJitter) / MINUTE)
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60])
  })

  it('takes up to a fifth off each wait at random, so that messages failing together spread out', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(0.8 * MINUTE)
    expect(retryDelayMs(10, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(0.9 * 60 * MINUTE)
    for (let i = 0; i < 100; i++) {
      const wait = retryDelayMs(3, DEFAULT_RETRY_POLICY)
      expect(wait).toBeGreaterThanOrEqual(3.2 * MINUTE)
      expect(wait).toBeLessThanOrEqual(4 * MINUTE)
    }
  })

  it('keeps trying by default for about a week before a message needs an admin', () => {
    let total = 0
    for (let n = 1; n < DEFAULT_RETRY_POLICY.maxAttempts; n++) total += retryDelayMs(n, DEFAULT_RETRY_POLICY, () => 0)
    expect(total / (24 * 60 * MINUTE)).toBeGreaterThan(7)
    expect(total / (24 * 60 * MINUTE)).toBeLessThan(8)
  })

  it('shortens an error to one line and takes out every e-mail address', () => {
    const refusal = Object.assign(new Error('Can\'t send mail:\n 550 5.1.1 <budi.santoso@gmail.com>: user unknown'),
      { code: 'EENVELOPE', responseCode: 550 })
    expect(shortError(refusal)).toBe('EENVELOPE 550 Can\'t send mail: 550 5.1.1 <[alamat]>: user unknown')
    expect(shortError('x'.repeat(1000))).toHaveLength(300)
    expect(shortError({ message: 'mailto:siti@example.org ditolak' })).toBe('mailto:[alamat] ditolak')
  })

  it('tells a mail server that is down from a message that is refused', () => {
    expect(isServerUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(true)
    expect(isServerUnavailable(Object.assign(new Error('busy'), { responseCode: 421 }))).toBe(true)
    expect(isServerUnavailable(Object.assign(new Error('user unknown'), { responseCode: 550 }))).toBe(false)
  })
})

describe('the SMTP settings', () => {
  const from = 'MPP Digital Tanggamus <noreply@mpp.tanggamus.go.id>'

  it('gives no mailer when SMTP is not configured, empty variables included', () => {
    expect(createMailer({})).toBeNull()
    expect(createMailer({ SMTP_HOST: '', SMTP_URL: '', MAIL_FROM: from })).toBeNull()
  })

  it('builds a mailer from SMTP_URL or from SMTP_HOST and its companions', () => {
    const fromUrl = createMailer({ SMTP_URL: 'smtps://portal:rahasia@smtp.example.org:465', MAIL_FROM: from })
    const fromHost = createMailer({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '587', SMTP_USER: 'portal',
      SMTP_PASSWORD: 'rahasia', SMTP_SECURE: 'false', MAIL_FROM: from })
    expect(fromUrl).not.toBeNull()
    expect(fromHost).not.toBeNull()
    fromUrl!.close()
    fromHost!.close()
  })

  it('refuses incomplete or invalid settings, naming the variable but never its value', () => {
    expect(() => createMailer({ SMTP_HOST: 'smtp.example.org' })).toThrow(MailerConfigError)
    expect(() => createMailer({ SMTP_HOST: 'smtp.example.org' })).toThrow('MAIL_FROM')
    expect(() => createMailer({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '99999', MAIL_FROM: from }))
      .toThrow('SMTP_PORT')
    expect(() => createMailer({ SMTP_HOST: 'smtp.example.org', SMTP_SECURE: 'ya', MAIL_FROM: from }))
      .toThrow('SMTP_SECURE')
    const secret = 'https://portal:rahasia-sekali@smtp.example.org'
    expect(() => createMailer({ SMTP_URL: secret, MAIL_FROM: from })).toThrow(/^invalid mail settings: SMTP_URL$/)
  })
})
