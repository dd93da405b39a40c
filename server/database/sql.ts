import type { MikroORM } from '@mikro-orm/postgresql'
import { CompiledQuery } from 'kysely'

export type Execute = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>

/**
 * Raw SQL with server-side bind parameters ($1, $2, …). MikroORM's own `execute` inlines escaped values into the
 * statement text; this goes through its Kysely client so values never become part of the SQL.
 */
export function sqlExecutor(orm: MikroORM): Execute {
  const client = orm.em.getConnection().getClient()
  return async <Row>(sql: string, params: unknown[] = []) =>
    (await client.executeQuery<Row>(CompiledQuery.raw(sql, params))).rows
}
