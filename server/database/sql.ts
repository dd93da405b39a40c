import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import { CompiledQuery } from 'kysely'

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

export interface TransactionSqlOptions {
  /**
   * What happens when `em` has no open transaction. `refuse` (the default) throws OutsideTransactionError at once:
   * for writes that must commit or roll back with the change they belong to (the audit trail, the outboxes).
   * `autocommit` runs each statement on its own: the caller's deliberate choice, for a write that may stand alone.
   */
  outside?: 'refuse' | 'autocommit'
}

/**
 * Raw SQL, as `sqlExecutor`, inside the open transaction of `em` (from `em.transactional` or `em.begin`), so that
 * it commits or rolls back with the caller's entities. `caller` names the function in OutsideTransactionError.
 */
export function transactionSql(em: EntityManager, caller: string, options: TransactionSqlOptions = {}): Execute {
  const client = em.getConnection().getClient()
  // Asked at each statement too: a statement meant for a transaction that has ended must not slip out of one.
  const connection = () => {
    const transaction = em.getTransactionContext<typeof client>()
    if (!transaction && options.outside !== 'autocommit') throw new OutsideTransactionError(caller)
    return transaction ?? client
  }
  connection()
  return async <Row>(sql: string, params: unknown[] = []) =>
    (await connection().executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
}
