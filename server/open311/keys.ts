/**
 * Open311 API keys (issue 4): issued by a Diskominfo admin to another system, shown once, kept only as a SHA-256
 * hash (the key is 32 random bytes, so a slow password hash adds nothing), and revoked rather than deleted.
 */
import { createHash, randomBytes } from 'node:crypto'
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { z } from 'zod'
import { recordAudit } from '../audit'
import { Open311KeySchema, type Open311Key } from '../database/entities/open311-key'
import type { User } from '../database/entities/user'
import { logger } from '../utils/logger'

const KEY_PREFIX = 'tgm311_'

export const hashOpen311Key = (key: string) => createHash('sha256').update(key).digest('hex')

export const keyNameSchema = z.string({ message: 'Tuliskan nama sistem pemakai kunci.' }).trim()
  .min(3, 'Tuliskan nama sistem pemakai kunci, paling sedikit 3 huruf.').max(120, 'Nama paling banyak 120 huruf.')

export interface IssuedKey {
  id: number
  name: string
  /** The key itself: shown to the admin once and never stored. */
  key: string
}

/** Two keys in use under one name could not be told apart in the list, nor one of them revoked knowingly. */
export class DuplicateKeyNameError extends Error {
  constructor(name: string) {
    super(`Sudah ada kunci aktif bernama "${name}". Beri nama lain, misalnya dengan nama instansi atau tanggal.`)
  }
}

export async function issueOpen311Key(em: EntityManager, admin: User, name: string): Promise<IssuedKey> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  const row = await em.transactional(async (tx) => {
    if (await tx.count(Open311KeySchema, { name: { $ilike: name }, revokedAt: null })) {
      throw new DuplicateKeyNameError(name)
    }
    const created = tx.create(Open311KeySchema, { name, keyHash: hashOpen311Key(key), issuedBy: admin.id,
      revokedAt: null })
    await tx.flush()
    await recordAudit(tx, { actor: admin, action: 'open311_key.issue', entityType: 'open311_key',
      entityId: created.id, after: { name: created.name, revokedAt: null }, at: created.createdAt })
    return created
  })
  logger.info({ open311Key: row.id, admin: admin.id }, 'open311 key issued')
  return { id: row.id, name: row.name, key }
}

/** The key's row when it was issued and not revoked; null for anything else. */
export async function activeOpen311Key(em: EntityManager, key: unknown): Promise<Open311Key | null> {
  if (typeof key !== 'string' || !key.startsWith(KEY_PREFIX) || key.length > 100) return null
  return em.findOne(Open311KeySchema, { keyHash: hashOpen311Key(key), revokedAt: null })
}

/** Revokes a key; false when there is no such key or it was revoked already. */
export async function revokeOpen311Key(em: EntityManager, admin: User, id: number, now = new Date()) {
  const revoked = await em.transactional(async (tx) => {
    const row = await tx.findOne(Open311KeySchema, { id, revokedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    if (!row) return false
    row.revokedAt = now
    await tx.flush()
    await recordAudit(tx, { actor: admin, action: 'open311_key.revoke', entityType: 'open311_key', entityId: id,
      before: { name: row.name, revokedAt: null }, after: { name: row.name, revokedAt: now.toISOString() }, at: now })
    return true
  })
  if (revoked) logger.info({ open311Key: id, admin: admin.id }, 'open311 key revoked')
  return revoked
}

export interface Open311KeySummary {
  id: number
  name: string
  issuedBy: string
  issuedAt: Date
  revokedAt: Date | null
}

export async function listOpen311Keys(em: EntityManager): Promise<Open311KeySummary[]> {
  const rows = await em.find(Open311KeySchema, {}, { populate: ['issuedBy'], orderBy: { id: 'desc' }, limit: 200 })
  return rows.map(row => ({ id: row.id, name: row.name, issuedBy: row.issuedBy.name, issuedAt: row.createdAt,
    revokedAt: row.revokedAt ?? null }))
}
