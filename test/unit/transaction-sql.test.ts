import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../server/database/orm'
import { OutsideTransactionError, sqlExecutor, transactionSql, type Execute } from '../../server/database/sql'
import { createTestDatabase } from '../support/database'

/**
 * transactionSql against the real PostgreSQL: the raw SQL of the audit trail and the outboxes commits or rolls back
 * with the change it belongs to, and runs outside a transaction only where the caller says so.
 */
describe('raw SQL in the caller\'s transaction', () => {
  let database: Database
  let execute: Execute

  beforeAll(async () => {
    database = await openDatabase(await createTestDatabase('transaction_sql'))
    execute = sqlExecutor(database.orm)
    await execute('create table "note" ("text" text not null)')
  })
  afterAll(async () => {
    await database?.close()
  })

  const em = () => database.orm.em.fork()
  const notes = async () =>
    (await execute<{ text: string }>('select "text" from "note" order by 1')).map(row => row.text)
  const write = (sql: Execute, text: string) => sql('insert into "note" ("text") values ($1)', [text])

  it('commits and rolls back with the transaction it runs in, whichever way it treats the outside', async () => {
    await em().transactional(tx => write(transactionSql(tx, 'a test'), 'committed'))
    await expect(em().transactional(async (tx) => {
      await write(transactionSql(tx, 'a test'), 'rolled back')
      await write(transactionSql(tx, 'a test', { outside: 'autocommit' }), 'rolled back too')
      throw new Error('the change failed')
    })).rejects.toThrow('the change failed')

    expect(await notes()).toEqual(['committed'])
  })

  it('refuses to run outside a transaction by default, before any statement', async () => {
    expect(() => transactionSql(em(), 'enqueueSomething')).toThrow(OutsideTransactionError)
    expect(() => transactionSql(em(), 'enqueueSomething')).toThrow(/^enqueueSomething needs the transaction/)

    const fork = em()
    await fork.begin()
    const kept = transactionSql(fork, 'a test')
    await fork.commit()
    await expect(write(kept, 'after the commit')).rejects.toThrow(OutsideTransactionError)
    expect(await notes()).not.toContain('after the commit')
  })

  it('runs each statement on its own outside a transaction when the caller chose autocommit', async () => {
    await write(transactionSql(em(), 'a test', { outside: 'autocommit' }), 'on its own')

    expect(await notes()).toContain('on its own')
  })
})
