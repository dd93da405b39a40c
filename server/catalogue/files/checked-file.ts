import { createHash, randomBytes } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import type { User } from '../../database/entities/user'
import { sqlExecutor } from '../../database/sql'

/**
 * A catalogue file kept after its dry run on /admin/katalog, so that "Impor berkas ini" imports it without a second
 * upload (table catalogue_checked_file). The page gets a one-time random token; only its SHA-256 is stored, with the
 * admin's account and an expiry. Taking the file deletes it, and the import checks every row again, since the
 * portal may have changed since the dry run. An admin has one kept file at a time: a newer dry run replaces it.
 */

/** Long enough to read a dry run's report, short enough that a forgotten file does not linger. */
export const CHECKED_FILE_MINUTES = 30

/** 32 random bytes as base64url: 43 characters. */
export const checkedFileTokenSchema = z.string().regex(/^[\w-]{43}$/)

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** Keeps `bytes` for `user`'s import; the token to send back. Expired files of every admin go at the same time. */
export async function keepCheckedFile(em: EntityManager, user: User, bytes: Uint8Array, now = new Date()):
Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(now.getTime() + CHECKED_FILE_MINUTES * 60_000)
  const execute = sqlExecutor(em)
  await execute('delete from "catalogue_checked_file" where "expires_at" <= $1 or "user_id" = $2', [now, user.id])
  await execute(`insert into "catalogue_checked_file" ("token_hash", "user_id", "content", "created_at",
    "expires_at") values ($1, $2, $3, $4, $5)`, [hashOf(token), user.id, Buffer.from(bytes), now, expires])
  return token
}

/**
 * The file kept under `token` for `user`, taken once; null when there is none, it is another's, or it expired.
 * Expired files of every admin go at the same time.
 */
export async function takeCheckedFile(em: EntityManager, user: User, token: string, now = new Date()):
Promise<Buffer | null> {
  const execute = sqlExecutor(em)
  const [kept] = await execute<{ content: Buffer, fresh: boolean }>(`delete from "catalogue_checked_file"
    where "token_hash" = $1 and "user_id" = $2 returning "content", "expires_at" > $3 as "fresh"`,
  [hashOf(token), user.id, now])
  await execute('delete from "catalogue_checked_file" where "expires_at" <= $1', [now])
  return kept?.fresh ? kept.content : null
}
