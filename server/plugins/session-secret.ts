import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * Sessions are sealed cookies (nuxt-auth-utils) and need a secret of at least 32 characters from the environment
 * (NUXT_SESSION_PASSWORD). When it is unset, one is generated once into .data/ (git-ignored) so a fresh machine
 * runs; a production deployment sets it so that every app node shares it.
 */
const MIN_LENGTH = 32

export default defineNitroPlugin(() => {
  const configured = process.env.NUXT_SESSION_PASSWORD || useRuntimeConfig().session?.password
  if (configured) {
    if (configured.length < MIN_LENGTH) {
      throw new Error(`NUXT_SESSION_PASSWORD must be at least ${MIN_LENGTH} characters long`)
    }
    process.env.NUXT_SESSION_PASSWORD = configured
    return
  }
  const file = resolve(process.env.SESSION_SECRET_FILE || '.data/session-secret')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 })
    logger.info({ file }, 'session secret generated')
  }
  process.env.NUXT_SESSION_PASSWORD = readFileSync(file, 'utf8').trim()
})
