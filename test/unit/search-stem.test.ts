import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSeedFilesFromDisk } from '../../server/catalogue/seed-files'
import { openDatabase, type Database } from '../../server/database/orm'
import { sqlExecutor } from '../../server/database/sql'
import { normaliseText } from '../../server/search/analyse'
import { stemText, stemWord } from '../../server/search/stem'
import { createTestDatabase } from '../support/database'
import { SEED_DIR } from '../support/paths'

describe('stemming Indonesian for the Meilisearch index', () => {
  it('reduces affixed forms to the root the catalogue and citizens share', () => {
    expect(stemWord('perizinan')).toBe('izin')
    expect(stemWord('pembuatan')).toBe('buat')
    expect(stemWord('kelahiran')).toBe('lahir')
    expect(stemWord('pendaftaran')).toBe('daftar')
    expect(stemWord('persyaratan')).toBe('syarat')
    expect(stemWord('izin')).toBe('izin')
  })

  it('leaves codes, numbers and words with digits alone', () => {
    expect(stemWord('01.12')).toBe('01.12')
    expect(stemWord('2025')).toBe('2025')
    expect(stemWord('ak1')).toBe('ak1')
  })

  it('stems a text word by word, in order, after the shared normalisation', () => {
    expect(stemText('Perizinan Reklame, Pembuatan Kartu Nelayan (01.25)')).toBe('izin reklame buat kartu nelay 01.25')
    expect(stemText('')).toBe('')
  })

  describe('agrees with PostgreSQL', () => {
    let database: Database
    beforeAll(async () => {
      database = await openDatabase(await createTestDatabase('search_stem'))
    })
    afterAll(async () => {
      await database?.close()
    })

    it('gives the stem of PostgreSQL\'s `indonesian` configuration for every word of the catalogue', async () => {
      const files = await readSeedFilesFromDisk(SEED_DIR)
      const words = [...new Set(normaliseText(files.serviceJsons.join(' ')).split(' '))]
        .filter(word => /^[a-z]{3,}$/.test(word))
      expect(words.length).toBeGreaterThan(1000)
      const rows = await sqlExecutor(database.orm)<{ word: string, lexeme: string | null }>(`
        select w.word, (select lexeme from unnest(to_tsvector('indonesian', w.word)) limit 1) as lexeme
        from unnest($1::text[]) as w(word)`, [words])
      const differing = rows.filter(row => row.lexeme !== null && row.lexeme !== stemWord(row.word))
        .map(row => `${row.word}: postgres ${row.lexeme}, portal ${stemWord(row.word)}`)
      expect(differing).toEqual([])
    })
  })
})
