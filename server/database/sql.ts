import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import { CompiledQuery, type ControlledTransaction } from 'kysely'

export type Execute = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>

/**
 * Raw SQL with server-side bind parameters ($1, $2, …). MikroORM's own `execute` inlines escaped values into the
 * statement text; this goes through its Kysely client so values never become part of the SQL.
 */
export function sqlExecutor(source: MikroORM | EntityManager): Execute {
  const em = 'getConnection' in source ? source : source.em
  const client = em.getConnection().getClient()
  return async <Row>(sql: string, params: unknown[] = []) =>
    (await client.executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
}

/** The EntityManager has no open transaction: the caller must run this inside `em.transactional` or `em.begin`. */
export class OutsideTransactionError extends Error {
  constructor(what: string) {
    super(`${what} needs the transaction of the change that causes it (em.transactional or em.begin)`)
    this.name = 'OutsideTransactionError'
  }
}

/**
 * Raw SQL with bind parameters inside the transaction `em` is in, so that it commits or rolls back with the
 * caller's changes. Null when `em` has no open transaction.
 */
export function transactionExecutor(em: EntityManager): Execute | null {
  const transaction = em.getTransactionContext<ControlledTransaction<Record<string, never>>>()
  if (!transaction) return null
  return async <Row>(sql: string, params: unknown[] = []) =>
    (await transaction.executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
}

/**
 * Raw SQL, as `sqlExecutor`, inside the open transaction of `em` (from `em.transactional`), so that it commits or
 * rolls back with the entities written there; outside a transaction it runs on its own.
 */
export function transactionalSqlExecutor(em: EntityManager): Execute {
  const client = em.getConnection().getClient()
  return async <Row>(sql: string, params: unknown[] = []) => {
    const transaction = em.getTransactionContext<typeof client>()
    return (await (transaction ?? client).executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
  }
}
