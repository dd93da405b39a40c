import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import { CompiledQuery, type Transaction } from 'kysely'

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

/**
 * Raw SQL inside the transaction `em` is running (the fork `em.transactional` hands over), with bind parameters as
 * above; null when `em` is in no transaction, so that what must commit or roll back with a change (an e-mail in
 * the outbox, an audit entry) is never written on a connection of its own by mistake.
 */
export function transactionExecutor(em: EntityManager): Execute | null {
  const transaction = em.getTransactionContext<Transaction<unknown>>()
  if (!transaction) return null
  return async <Row>(sql: string, params: unknown[] = []) =>
    (await transaction.executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
}
