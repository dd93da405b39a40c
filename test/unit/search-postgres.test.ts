import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/orm'
import { postgresSearchEngineFor } from '../../server/search/postgres-engine'
import { createTestDatabase, openSeededDatabase } from '../support/database'
import { CONTRACT_SYNONYMS, searchEngineContract } from '../support/search-contract'
import { readTsv } from '../support/tsv'
import { queriesFile } from '../support/paths'

searchEngineContract('PostgreSQL', async () => {
  const database = await openDatabase(await createTestDatabase('search_contract'))
  const engine = postgresSearchEngineFor(database.orm, CONTRACT_SYNONYMS)
  return { engine, close: database.close }
})

describe('searching the real catalogue on PostgreSQL', () => {
  let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
  beforeAll(async () => {
    seeded = await openSeededDatabase('search_quality')
  })
  afterAll(async () => {
    await seeded?.database.close()
  })

  it('puts the expected category among the top three hits for at least 90 % of real citizen queries', async () => {
    const queries = readTsv(queriesFile('dev.tsv'))
    const misses: string[] = []
    for (const { query, category } of queries) {
      const { hits } = await seeded.engine.search({ q: query!, limit: 3 })
      const expected = category!.split('|')
      if (!hits.some(hit => expected.includes(hit.category.code))) {
        misses.push(`${query} → ${hits.map(h => h.category.code).join(', ') || 'nothing'} (want ${category})`)
      }
    }
    const share = 1 - misses.length / queries.length
    expect(share, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.9)
  })

  it('answers the examples people actually type with the right service first', async () => {
    const first = async (q: string) => (await seeded.engine.search({ q })).hits[0]?.category.code
    expect(await first('bikin ktp')).toBe('01.12')
    expect(await first('akta lahir anak')).toBe('01.12')
    expect(await first('izin usaha')).toBe('01.18')
  })
})
