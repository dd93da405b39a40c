import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import { CompiledQuery, type Kysely } from 'kysely'

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
 * Like sqlExecutor, but inside the EntityManager's transaction when it has one, so that the statements commit or
 * roll back with the change that caused them (a service published and its search document).
 */
export function transactionExecutor(em: EntityManager): Execute {
  return async <Row>(sql: string, params: unknown[] = []) => {
    const runner = em.getTransactionContext<Pick<Kysely<unknown>, 'executeQuery'>>()
      ?? em.getConnection().getClient()
    return (await runner.executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
  }
}
