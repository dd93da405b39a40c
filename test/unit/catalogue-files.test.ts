import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { updateAgency } from '../../server/catalogue/agency-editor'
import { catalogueCsv, CSV_COLUMNS } from '../../server/catalogue/files/catalogue-csv'
import { checkedFileTokenSchema, CHECKED_FILE_MINUTES, keepCheckedFile, takeCheckedFile }
  from '../../server/catalogue/files/checked-file'
import { CsvSyntaxError, readCsv, writeCsv } from '../../server/catalogue/files/csv'
import { catalogueJson, readCatalogue, type CatalogueAudience } from '../../server/catalogue/files/export'
import { importCatalogue, type ImportReport } from '../../server/catalogue/files/import'
import { jsonForScript } from '../../server/catalogue/files/linked-data'
import { SPBE_COLUMNS, spbeMetadataCsv } from '../../server/catalogue/files/spbe'
import { readCatalogueFile } from '../../server/catalogue/files/upload'
import { AgencySchema } from '../../server/database/entities/agency'
import { ServiceSchema } from '../../server/database/entities/service'
import { sqlExecutor } from '../../server/database/sql'
import type { User } from '../../server/database/entities/user'
import { UploadTooLargeError } from '../../server/uploads/errors'
import type { UploadRequest } from '../../server/uploads/receive'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let admin: User

beforeAll(async () => {
  seeded = await openSeededDatabase('catalogue_files')
  admin = await createStaff(seeded.database.orm.em.fork(), { role: 'admin', name: 'Admin Katalog',
    email: 'katalog@kominfo.test', password: 'dermaga kota agung di senja hari' })
})
afterAll(async () => {
  await seeded?.database.close()
})

const em = () => seeded.database.orm.em.fork()
const exportJson = async (audience: CatalogueAudience = 'admin') => catalogueJson(await readCatalogue(em(), audience))
const exportCsv = async () => catalogueCsv((await readCatalogue(em(), 'admin')).services)
const importText = (text: string, dryRun = false) => importCatalogue(em(), Buffer.from(text), { dryRun, actor: admin })
/** Published services: what the public catalogue holds. */
const countServices = () => em().count(ServiceSchema, { status: 'published' })

/** What a report says of one service. */
const changeOf = (report: ImportReport, slug: string) => report.services.find(service => service.slug === slug)

/** The line of a service in a catalogue CSV, as a spreadsheet numbers it. */
function lineOf(csv: string, slug: string): number {
  const [header, ...rows] = readCsv(csv)
  return rows.findIndex(cells => cells[header!.indexOf('slug')] === slug) + 2
}

/** A catalogue CSV with one cell of one service replaced. */
function withCell(csv: string, slug: string, column: typeof CSV_COLUMNS[number], value: string): string {
  const [header, ...rows] = readCsv(csv)
  const row = rows.find(cells => cells[header!.indexOf('slug')] === slug)!
  row[header!.indexOf(column)] = value
  return writeCsv([header!, ...rows])
}

/** Changes three services and archives three, directly in the database, as a stale portal would hold them. */
async function driftFromTheFile() {
  const work = em()
  const services = await work.find(ServiceSchema, {}, { orderBy: { spbeId: 'asc' } })
  const [a, b, c] = services.filter(service => service.form)
  const gone = services.filter(service => !service.form).slice(0, 3).map(service => service.slug)
  a!.name = `${a!.name} (lama)`
  b!.requirements = [...b!.requirements, 'Persyaratan yang sudah dihapus dari standar pelayanan']
  c!.form = null
  c!.feeAmount = 25_000
  await work.flush()
  await work.nativeUpdate(ServiceSchema, { slug: { $in: gone } }, { status: 'archived' })
  return { changed: [a!.slug, b!.slug, c!.slug], gone }
}

describe('the RFC 4180 CSV reader and writer', () => {
  it('reads quotes, commas and line breaks inside cells, CRLF or LF line ends, and a BOM', () => {
    const rows = [['a', 'b, c', 'kata "kutipan"'], ['baris\ndua', '', 'x']]
    const written = writeCsv(rows)
    expect(written).toBe('a,"b, c","kata ""kutipan"""\r\n"baris\ndua",,x\r\n')
    expect(readCsv(written)).toEqual(rows)
    expect(readCsv(written.replace(/\r\n/g, '\n'))).toEqual(rows)
    expect(readCsv(`\uFEFF${written}`)).toEqual(rows)
    expect(readCsv('a,""\r\n')).toEqual([['a', '']])
  })

  it('names the record where an unclosed quote or a stray quote breaks the file', () => {
    expect(() => readCsv('a,b\r\n"c,d\r\n')).toThrow(CsvSyntaxError)
    expect(() => readCsv('a,b\r\nc"d,e\r\n')).toThrowError(expect.objectContaining({ record: 2 }))
    expect(() => readCsv('a,b\r\n"c"d,e\r\n')).toThrowError(expect.objectContaining({ record: 2 }))
  })

  it('neutralises cells that start a formula and gives them back exactly when read', () => {
    const cells = ['=HYPERLINK("http://contoh.test","klik")', '+62 812', '-1', '@SUM(A1)', '\tx', '\'=sudah',
      '\'\'=dua', '\'biasa', 'biasa=']
    const written = writeCsv([cells])
    expect(written.split(',').slice(0, 4)).toEqual(['"\'=HYPERLINK(""http://contoh.test""', '""klik"")"', '\'+62 812',
      '\'-1'])
    expect(written).toContain(',\'@SUM(A1),')
    expect(readCsv(written)).toEqual([cells])
  })
})

describe('export and import of the real seeded catalogue', () => {
  it('exports JSON in the seed format and CSV with one row per service, the same bytes every time', async () => {
    const json = await exportJson()
    const document = JSON.parse(json) as { categories: unknown[], agencies: unknown[], services: { slug: string }[] }
    expect(document.categories).toHaveLength(40)
    expect(document.agencies).toHaveLength(30)
    expect(document.services).toHaveLength(await countServices())
    expect(Object.keys(document)).toEqual(['categories', 'agencies', 'services'])
    const csv = await exportCsv()
    const [header, ...rows] = readCsv(csv)
    expect(header).toEqual([...CSV_COLUMNS])
    expect(rows).toHaveLength(document.services.length)
    expect(await exportJson()).toBe(json)
    expect(await exportCsv()).toBe(csv)
  })

  it('gives back the JSON file byte for byte after an import into a catalogue that drifted from it', async () => {
    const original = await exportJson()
    const { changed, gone } = await driftFromTheFile()
    const before = await countServices()

    const dryRun = await importText(original, true)
    expect(dryRun.problems).toEqual([])
    expect(dryRun.counts).toMatchObject({ new: 3, changed: 3, removed: 0 })
    expect(changeOf(dryRun, changed[0]!)).toMatchObject({ change: 'changed', fields: ['name'] })
    expect(changeOf(dryRun, changed[1]!)?.fields).toEqual(['requirements'])
    expect(changeOf(dryRun, changed[2]!)?.fields).toEqual(['fee.amount', 'form'])
    expect(gone.map(slug => changeOf(dryRun, slug)?.change)).toEqual(['new', 'new', 'new'])
    expect(await countServices()).toBe(before)

    const applied = await importText(original)
    expect(applied).toMatchObject({ applied: true, problems: [] })
    expect(await countServices()).toBe(before + 3)
    expect(await exportJson()).toBe(original)
    const again = await importText(original, true)
    expect(again.counts).toMatchObject({ new: 0, changed: 0 })
  })

  it('gives back the CSV file byte for byte after an import, and the JSON file with it', async () => {
    const [json, csv] = [await exportJson(), await exportCsv()]
    await driftFromTheFile()
    const applied = await importText(csv)
    expect(applied).toMatchObject({ format: 'csv', applied: true, problems: [] })
    expect(applied.counts).toMatchObject({ new: 3, changed: 3 })
    expect(await exportCsv()).toBe(csv)
    expect(await exportJson()).toBe(json)
  })

  it('puts a published service into the search index in the same step', async () => {
    const csv = await exportCsv()
    const slug = 'ktp-el'
    const renamed = withCell(csv, slug, 'name', 'KTP Elektronik Zamrud Teluk Semaka')
    expect((await importText(renamed)).counts.changed).toBe(1)
    const { hits } = await seeded.engine.search({ q: 'zamrud' })
    expect(hits[0]?.slug).toBe(slug)
    await importText(csv)
    expect((await seeded.engine.search({ q: 'zamrud' })).hits).toEqual([])
  })
})

interface AuditRow {
  actor_id: number
  before: unknown
  after: unknown
}

describe('the audit trail of an import', () => {
  const entries = async (slug: string) => sqlExecutor(seeded.database.orm)<AuditRow>(`select "actor_id", "before",
    "after" from "audit_entry" where "action" = 'service.publish' and "entity_id" = $1 order by "id"`, [slug])

  it('records each published service with the fields that changed, nothing for a dry run or a refusal', async () => {
    const csv = await exportCsv()
    const edited = withCell(csv, 'kartu-identitas-anak', 'durationDays', '7')
    await importText(edited, true)
    await importText(withCell(edited, 'ktp-el', 'target', 'G2X'))
    expect(await entries('kartu-identitas-anak')).toEqual([])

    await importText(edited)
    expect(await entries('kartu-identitas-anak')).toEqual([{ actor_id: admin.id,
      before: { durationDays: null, version: 1 }, after: { durationDays: 7, version: 2 } }])
    await importText(csv)
  })
})

describe('an import that is refused, or only tried', () => {
  it('changes nothing when one row is wrong, and names every problem by row and column', async () => {
    const csv = await exportCsv()
    const [header, ...rows] = readCsv(csv)
    const rowOf = (slug: string) => rows.findIndex(cells => cells[header!.indexOf('slug')] === slug) + 2
    let edited = withCell(csv, 'ktp-el', 'name', 'KTP Elektronik yang berubah')
    edited = withCell(edited, 'kartu-keluarga', 'categoryCode', '01.99')
    edited = withCell(edited, 'akta-kelahiran', 'agencySlug', 'dinas-yang-tidak-ada')
    edited = withCell(edited, 'akta-kematian', 'spbeId', 'LAY-12')
    edited = withCell(edited, 'akta-perkawinan', 'requirements', '["KTP", ')
    edited = withCell(edited, 'pindah-datang-wni', 'target', 'G2X')
    const before = await countServices()

    const report = await importText(edited)
    expect(report.applied).toBe(false)
    expect(report.problems).toEqual(expect.arrayContaining([
      { row: rowOf('kartu-keluarga'), field: 'categoryCode', message: expect.stringContaining('01.99 tidak ada') },
      { row: rowOf('akta-kelahiran'), field: 'agencySlug', message: expect.stringContaining('dinas-yang-tidak-ada') },
      { row: rowOf('akta-kematian'), field: 'spbeId', message: expect.stringContaining('LAY-1806-01.12-001') },
      { row: rowOf('akta-perkawinan'), field: 'requirements', message: expect.stringContaining('daftar JSON') },
      { row: rowOf('pindah-datang-wni'), field: 'target', message: 'Pilih salah satu: G2C, G2B, G2G, G2E.' },
    ]))
    expect(report.problems).toHaveLength(5)
    expect(report).toMatchObject({ problemsTotal: 5, problemsMore: 0, stoppedAtRow: null,
      message: 'Berkas belum bisa diimpor: ada 5 masalah, jadi tidak ada yang diubah. Lihat daftar masalah per baris '
        + 'dan kolom.' })
    expect(await countServices()).toBe(before)
    expect((await em().findOneOrFail(ServiceSchema, { slug: 'ktp-el' })).name).not.toContain('berubah')
    expect(await exportCsv()).toBe(csv)
  })

  it('changes nothing on a dry run, and says which fields would change', async () => {
    const csv = await exportCsv()
    const edited = withCell(withCell(csv, 'ktp-el', 'durationDays', '1'), 'ktp-el', 'popular', 'false')
    const report = await importText(edited, true)
    expect(report).toMatchObject({ dryRun: true, applied: false, problems: [], problemsTotal: 0 })
    expect(report).not.toHaveProperty('message')
    expect(changeOf(report, 'ktp-el')).toMatchObject({ change: 'changed', fields: ['durationDays', 'popular'] })
    expect(report.counts.changed).toBe(1)
    expect(await exportCsv()).toBe(csv)
  })

  it('lists the services a file leaves out, and keeps them', async () => {
    const document = JSON.parse(await exportJson()) as { services: { slug: string }[] }
    const [kept, ...rest] = document.services
    const before = await countServices()
    const report = await importText(JSON.stringify({ services: rest }))
    expect(changeOf(report, kept!.slug)).toMatchObject({ row: null, change: 'removed' })
    expect(report.counts).toMatchObject({ removed: 1, unchanged: rest.length })
    expect(await countServices()).toBe(before)
  })

  it('refuses two rows with one slug or one SPBE id, and a new slug on an SPBE id the portal holds', async () => {
    const document = JSON.parse(await exportJson()) as { services: Record<string, unknown>[] }
    const [first, second] = document.services
    const twice = await importText(JSON.stringify({ services: [first, second, first] }))
    expect(twice.problems).toEqual([
      { row: 3, field: 'slug', message: expect.stringContaining('sudah dipakai di layanan ke-1') },
      { row: 3, field: 'spbeId', message: expect.stringContaining('sudah dipakai di layanan ke-1') },
    ])
    const renamed = await importText(JSON.stringify({ services: [{ ...first, slug: 'nama-baru' }] }))
    expect(renamed.problems).toEqual([{ row: 1, field: 'spbeId', message: expect.stringContaining('slug lama') }])
    const unknown = await importText(JSON.stringify({ services: [{ ...first, catatan: 'x' }] }))
    expect(unknown.problems).toEqual([{ row: 1, field: null, message: expect.stringContaining('catatan') }])
    const empty = await importText(JSON.stringify({ services: [{ ...first, purpose: '', requirements: [] }] }))
    expect(empty.problems).toEqual([
      { row: 1, field: 'purpose', message: 'Terlalu pendek: paling sedikit 3 huruf.' },
      { row: 1, field: 'requirements', message: 'Isi paling sedikit 1 butir.' },
    ])
    const withForm = document.services.find(service => service.form) as { form: { questions: object[] } }
    const form = { ...withForm.form, questions: [{ ...withForm.form.questions[0], label: 'x' }] }
    const nested = await importText(JSON.stringify({ services: [{ ...withForm, form, durationDays: 5.5 }] }))
    expect(nested.problems).toEqual([
      { row: 1, field: 'durationDays', message: 'Harus berupa bilangan bulat.' },
      { row: 1, field: 'form, questions, butir ke-1, label', message: 'Terlalu pendek: paling sedikit 3 huruf.' },
    ])
  })
})

describe('an import against the whole portal: archived services, other SPBE IDs, categories and OPDs', () => {
  /** The dry run and the import of one file: the same problems, nothing written by either. */
  async function refusedAlike(text: string) {
    const before = [await exportJson(), await countServices()]
    const dryRun = await importText(text, true)
    const imported = await importText(text)
    expect(imported).toMatchObject({ applied: false, problems: dryRun.problems })
    expect([await exportJson(), await countServices()]).toEqual(before)
    return dryRun.problems
  }

  it('reports a slug or SPBE ID an archived service holds, and an SPBE ID changed, by row and field', async () => {
    const document = JSON.parse(await exportJson()) as { services: { slug: string, spbeId: string }[] }
    const [archived, renamed, changed] = document.services
    await em().nativeUpdate(ServiceSchema, { slug: archived!.slug }, { status: 'archived' })
    try {
      const services = [{ ...archived, spbeId: 'LAY-1806-01.12-990' },
        { ...renamed, slug: 'layanan-baru-uji', spbeId: archived!.spbeId },
        { ...changed, spbeId: 'LAY-1806-01.12-991' }]
      expect(await refusedAlike(JSON.stringify({ services }))).toEqual([
        { row: 1, field: 'slug', message: `Slug ${archived!.slug} milik layanan yang diarsipkan (ID SPBE `
          + `${archived!.spbeId}). Untuk menayangkannya lagi, tulis ID SPBE ${archived!.spbeId} di baris ini atau `
          + `pulihkan layanan itu di /admin/layanan/${archived!.slug}; untuk layanan baru, beri baris ini slug lain.` },
        { row: 2, field: 'spbeId',
          message: expect.stringContaining(`milik layanan ${archived!.slug} yang diarsipkan`) },
        { row: 3, field: 'spbeId',
          message: expect.stringContaining(`adalah ${changed!.spbeId} dan tidak bisa diganti`) },
      ])
      expect((await em().findOneOrFail(ServiceSchema, { slug: archived!.slug })).status).toBe('archived')
      const back = await importText(JSON.stringify({ services: [archived] }), true)
      expect(back).toMatchObject({ problems: [], counts: { new: 1 } })
    }
    finally {
      await em().nativeUpdate(ServiceSchema, { slug: archived!.slug }, { status: 'published' })
    }
  })

  it('says a well-formed category code the catalogue lacks is not in it, and names the code', async () => {
    const csv = await exportCsv()
    const row = lineOf(csv, 'ktp-el')
    expect(await refusedAlike(withCell(csv, 'ktp-el', 'categoryCode', '01.41'))).toEqual([{ row,
      field: 'categoryCode', message: 'Kategori 01.41 tidak ada di katalog portal. Pakai kode salah satu kategori RAL '
        + 'yang tercantum di /admin/kategori, contoh 01.12.' }])
  })

  it('refuses a service under a category whose OPDs do not include its own, naming both', async () => {
    const csv = await exportCsv()
    const row = lineOf(csv, 'ktp-el')
    expect(await refusedAlike(withCell(csv, 'ktp-el', 'categoryCode', '01.01'))).toEqual([{ row,
      field: 'categoryCode', message: 'Kategori 01.01 Pendidikan tidak mencantumkan Disdukcapil sebagai OPD '
        + 'pelaksana. Pilih kategori yang mencantumkan Disdukcapil, atau tambahkan Disdukcapil ke kategori itu di '
        + '/admin/kategori/01.01.' }])
  })
})

describe('a deactivated OPD in the catalogue files', () => {
  const gone = 'opd-lama-uji'
  type Agencies = { agencies: { slug: string, active: boolean }[] }
  const agencyOf = (json: string, slug: string) =>
    (JSON.parse(json) as Agencies).agencies.find(agency => agency.slug === slug)

  beforeAll(async () => {
    const work = em()
    work.create(AgencySchema, { slug: gone, name: 'Kantor Lama Uji', shortName: 'Kantor Lama', active: false })
    await work.flush()
    await work.nativeUpdate(AgencySchema, { slug: 'disdukcapil' }, { active: false })
  })
  afterAll(async () => {
    await em().nativeUpdate(AgencySchema, { slug: 'disdukcapil' }, { active: true })
    await em().nativeDelete(AgencySchema, { slug: gone })
  })

  it('is listed with active false for admins, and as open data only while the file names it', async () => {
    const [admin, open] = [await exportJson('admin'), await exportJson('public')]
    expect(agencyOf(admin, gone)).toMatchObject({ active: false })
    expect(agencyOf(admin, 'disdukcapil')).toMatchObject({ active: false })
    expect(agencyOf(open, gone)).toBeUndefined()
    expect(agencyOf(open, 'disdukcapil')).toMatchObject({ active: false })
    expect(agencyOf(open, 'dinkes')).toMatchObject({ active: true })
    const keys = (JSON.parse(admin) as { agencies: object[] }).agencies.map(agency => Object.keys(agency).join())
    expect(new Set(keys)).toEqual(new Set(['slug,name,shortName,address,phone,email,website,openingHours,active']))
  })

  it('gives back the JSON and the CSV file byte for byte after an import', async () => {
    for (const [file, exported] of [[await exportJson(), exportJson], [await exportCsv(), exportCsv]] as const) {
      const report = await importText(file)
      expect(report).toMatchObject({ applied: true, problems: [], notices: [] })
      expect(report.counts).toMatchObject({ new: 0, changed: 0 })
      expect(await exported()).toBe(file)
    }
    expect(await importText(await exportJson('public'), true)).toMatchObject({ problems: [], notices: [] })
  })

  it('refuses a change under it in the dry run and the import alike, and notes a file that flags it active',
    async () => {
      const csv = await exportCsv()
      const [header, ...rows] = readCsv(csv)
      const row = rows.findIndex(cells => cells[header!.indexOf('slug')] === 'ktp-el') + 2
      const edited = withCell(csv, 'ktp-el', 'durationDays', '2')
      expect((await importText(edited, true)).problems).toEqual([{ row, field: 'agencySlug',
        message: expect.stringContaining('OPD disdukcapil sudah dinonaktifkan') }])
      expect(await importText(edited)).toMatchObject({ applied: false, problems: [{ row, field: 'agencySlug',
        message: expect.stringContaining('/admin/opd/disdukcapil') }] })
      expect(await exportCsv()).toBe(csv)

      const document = JSON.parse(await exportJson()) as Agencies
      document.agencies = document.agencies.map(agency => agency.slug === 'disdukcapil'
        ? { ...agency, active: true }
        : agency)
      expect((await importText(JSON.stringify(document), true)).notices)
        .toEqual(['OPD disdukcapil di berkas berbeda dengan di portal; impor tidak mengubahnya.'])
    })
})

describe('the opening hours of an OPD in the catalogue files', () => {
  const hours = 'Senin–Kamis 08.00–15.00, Jumat 08.00–11.00\n"Sabtu": tutup'

  beforeAll(async () => {
    await updateAgency(em(), admin, 'dinkes', { name: 'Dinas Kesehatan', shortName: 'Dinkes', openingHours: hours })
  })
  afterAll(async () => {
    await em().nativeUpdate(AgencySchema, { slug: 'dinkes' }, { openingHours: null })
  })

  it('are in the admins\' file and the open data file as /admin/opd saved them', async () => {
    for (const audience of ['admin', 'public'] as const) {
      const { agencies } = JSON.parse(await exportJson(audience)) as { agencies: Record<string, unknown>[] }
      expect(agencies.find(agency => agency.slug === 'dinkes'), audience).toMatchObject({ openingHours: hours })
      expect(agencies.find(agency => agency.slug === 'disdik'), audience).toMatchObject({ openingHours: null })
    }
    const [header] = readCsv(await exportCsv())
    expect(header).not.toContain('openingHours')
  })

  it('come back byte for byte after an import, and a file that differs is noted, not applied', async () => {
    const json = await exportJson()
    expect(await importText(json)).toMatchObject({ applied: true, problems: [], notices: [] })
    expect(await exportJson()).toBe(json)

    const document = JSON.parse(json) as { agencies: { slug: string, openingHours: string | null }[] }
    document.agencies.find(agency => agency.slug === 'dinkes')!.openingHours = 'Setiap hari 24 jam'
    expect((await importText(JSON.stringify(document))).notices)
      .toEqual(['OPD dinkes di berkas berbeda dengan di portal; impor tidak mengubahnya.'])
    expect(await exportJson()).toBe(json)
  })
})

describe('a file with more problems than a report lists', () => {
  /** A catalogue CSV whose every row is junk: ten of its cells (lists, numbers, flag, form) cannot be read. */
  const junkCsv = (rows: number) => writeCsv([[...CSV_COLUMNS],
    ...Array.from({ length: rows }, () => CSV_COLUMNS.map(() => 'x'))])
  const ascending = (report: ImportReport) => report.problems.every((problem, index, all) =>
    index === 0 || (problem.row ?? 0) >= (all[index - 1]!.row ?? 0))

  it('lists the first 100 problems of 75,000 junk rows in row order, stops checking at 1,000, imports nothing',
    async () => {
      const csv = junkCsv(75_000)
      expect(csv.length).toBeGreaterThan(4_500_000)
      const before = await exportJson()

      const report = await importText(csv)
      expect(report).toMatchObject({ applied: false, rows: 0, problemsTotal: 1_000, problemsMore: 900,
        stoppedAtRow: 101, message: 'Berkas belum bisa diimpor: sampai baris 101 sudah ada 1.000 masalah, jadi '
          + 'pemeriksaan dihentikan dan tidak ada yang diubah. Lihat daftar masalah per baris dan kolom.' })
      expect(report.problems).toHaveLength(100)
      expect(report.problems.slice(0, 10)).toEqual(['aliases', 'relatedMetadataIds', 'requirements', 'procedure',
        'durationDays', 'feeAmount', 'legalBasis', 'popular', 'sources', 'form'].map(field =>
        ({ row: 2, field, message: expect.any(String) })))
      expect(report.problems.at(-1)).toMatchObject({ row: 11, field: 'form' })
      expect(JSON.stringify(report).length).toBeLessThan(30_000)
      expect(await exportJson()).toBe(before)
    })

  it('counts every problem when there are fewer than 1,000, and lists the first 100', async () => {
    const report = await importText(junkCsv(30), true)
    expect(report).toMatchObject({ problemsTotal: 300, problemsMore: 200, stoppedAtRow: null,
      message: expect.stringContaining('ada 300 masalah, jadi tidak ada yang diubah') })
    expect(report.problems).toHaveLength(100)
    expect(report.problems.at(-1)?.row).toBe(11)
  })

  it('checks rows the file could read and rows it could not in one row order, up to the same row', async () => {
    const [header, valid] = readCsv(await exportCsv())
    const junk = CSV_COLUMNS.map(() => 'x')
    // Each copy of the valid row repeats its slug and SPBE ID (two problems); each junk row has ten.
    const rows = [valid!, ...Array.from({ length: 400 }, (_, index) => index % 2 ? junk : valid!)]
    const report = await importText(writeCsv([header!, ...rows]), true)
    expect(report.stoppedAtRow).toBe(170)
    expect(report.problemsTotal).toBeGreaterThanOrEqual(1_000)
    expect(ascending(report)).toBe(true)
    expect(report.problems.slice(0, 3)).toEqual([
      { row: 3, field: 'slug', message: expect.stringContaining('sudah dipakai di baris 2') },
      { row: 3, field: 'spbeId', message: expect.stringContaining('sudah dipakai di baris 2') },
      { row: 4, field: 'aliases', message: expect.any(String) }])

    const cut = await importText(writeCsv([header!, ...rows.slice(0, report.stoppedAtRow! - 1)]), true)
    expect(cut).toMatchObject({ stoppedAtRow: null, problemsTotal: report.problemsTotal, problems: report.problems })
  })

  it('stops checking the services of a JSON file the same way', async () => {
    const { services: [first] } = JSON.parse(await exportJson()) as { services: Record<string, unknown>[] }
    const services = Array.from({ length: 2_000 }, () => ({ ...first, purpose: '', requirements: [], catatan: 'x' }))
    const report = await importText(JSON.stringify({ services }), true)
    expect(report).toMatchObject({ rows: 2_000, problemsTotal: 1_002, problemsMore: 902, stoppedAtRow: 334 })
    expect(report.message).toContain('sampai layanan ke-334 sudah ada 1.002 masalah')
    expect(ascending(report)).toBe(true)
  })
})

describe('a checked file kept for "Impor berkas ini"', () => {
  it('is taken once, only by the admin who checked it and before it expires', async () => {
    const other = await createStaff(em(), { role: 'admin', name: 'Admin Lain', email: 'lain@kominfo.test',
      password: 'menara suar di ujung tanjung' })
    const bytes = Buffer.from('spbeId,slug\r\n')
    const token = await keepCheckedFile(em(), admin, bytes)
    expect(checkedFileTokenSchema.safeParse(token).success).toBe(true)
    expect(await takeCheckedFile(em(), other, token)).toBeNull()
    expect(await takeCheckedFile(em(), admin, token)).toEqual(bytes)
    expect(await takeCheckedFile(em(), admin, token)).toBeNull()

    const old = await keepCheckedFile(em(), admin, bytes)
    const newer = await keepCheckedFile(em(), admin, bytes)
    expect(await takeCheckedFile(em(), admin, old)).toBeNull()
    const later = new Date(Date.now() + (CHECKED_FILE_MINUTES + 1) * 60_000)
    expect(await takeCheckedFile(em(), admin, newer, later)).toBeNull()
  })
})

describe('malformed uploads', () => {
  const refused = async (bytes: Buffer | string) => {
    const before = await exportCsv()
    const report = await importCatalogue(em(), Buffer.from(bytes), { dryRun: false, actor: admin })
    expect(report.applied).toBe(false)
    expect(await exportCsv()).toBe(before)
    return report.problems
  }

  it('refuses wrong columns, and says an SPBE metadata file is not a catalogue file', async () => {
    const csv = await exportCsv()
    const [header, ...rows] = readCsv(csv)
    const wrong = writeCsv([header!.map(name => name === 'form' ? 'catatan' : name), ...rows])
    expect(await refused(wrong)).toEqual([{ row: 1, field: null,
      message: expect.stringMatching(/Kolom ini tidak ada: form\. Kolom ini tidak dikenal: catatan\./) }])
    const spbe = spbeMetadataCsv(await em().find(ServiceSchema, {}, { populate: ['category', 'agency'] }))
    expect((await refused(spbe))[0]?.message).toContain('metadata SPBE')
    const short = `${csv.trimEnd()},lebih\r\n`
    expect((await refused(short))[0]).toMatchObject({ row: rows.length + 1,
      message: expect.stringContaining('32 sel') })
  })

  it('refuses binary junk, an Excel workbook, an empty file and broken JSON, each with its reason', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0xFF, 0xFE])
    expect((await refused(png))[0]?.message).toContain('bukan teks UTF-8')
    expect((await refused(Buffer.from('spbeId,slug\u0000\u0001\u0002')))[0]?.message).toContain('bukan teks')
    expect((await refused(Buffer.from([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])))[0]?.message).toContain('Excel')
    expect((await refused(''))[0]?.message).toBe('Berkasnya kosong.')
    expect((await refused('{"services": [\n  {"slug": "a",}\n]}'))[0]?.message).toMatch(/JSON tidak sah/)
    expect((await refused('{"layanan": []}'))[0]?.message).toContain('"services"')
    expect((await refused('{"services": []}'))[0]?.message).toContain('satu layanan pun')
  })

  it('reads a BOM, LF line ends and doubled quotes inside cells, and refuses a stray quote by its row', async () => {
    const csv = await exportCsv()
    const quoted = withCell(csv, 'ktp-el', 'name', 'KTP "elektronik", rekam dan cetak')
    const lf = `\uFEFF${quoted.replace(/\r\n/g, '\n')}`
    const dryRun = await importText(lf, true)
    expect(dryRun.problems).toEqual([])
    expect(changeOf(dryRun, 'ktp-el')?.fields).toEqual(['name'])
    const [header, ...rows] = readCsv(csv)
    const row = rows.findIndex(cells => cells[header!.indexOf('slug')] === 'ktp-el') + 2
    const stray = csv.replace(',ktp-el,', ',ktp"el,')
    expect(await refused(stray)).toEqual([{ row: null, field: null,
      message: expect.stringMatching(new RegExp(`^Baris ${row}: Ada tanda petik`)) }])
  })

  it('stops reading past the limit: before reading when Content-Length says so, at the limit otherwise', async () => {
    let read = 0
    const tenMegabytes = () => Readable.from((function* () {
      for (let i = 0; i < 160; i++) {
        read++
        yield Buffer.alloc(64 * 1024, 'a')
      }
    })())
    const declared = Object.assign(tenMegabytes(), { headers: { 'content-type': 'text/csv',
      'content-length': String(10 * 1024 * 1024) } }) as UploadRequest
    await expect(readCatalogueFile(declared)).rejects.toBeInstanceOf(UploadTooLargeError)
    expect(read).toBe(0)
    const chunked = Object.assign(tenMegabytes(), { headers: { 'content-type': 'text/csv' } }) as UploadRequest
    await expect(readCatalogueFile(chunked)).rejects.toBeInstanceOf(UploadTooLargeError)
    expect(read).toBeLessThan(100)
  })
})

describe('cells that a spreadsheet would run', () => {
  it('are neutralised in the catalogue CSV and the SPBE CSV, and an import restores them exactly', async () => {
    const hostile = { name: '=HYPERLINK("http://jahat.test","KTP")', durationNote: '-5 hari kerja setelah lengkap',
      feeNote: '+ meterai bila diminta', output: '@KTP-el' }
    const work = em()
    const service = await work.findOneOrFail(ServiceSchema, { slug: 'ktp-el' }, { populate: ['category', 'agency'] })
    const original = { name: service.name, durationNote: service.durationNote, feeNote: service.feeNote,
      output: service.output }
    Object.assign(service, hostile)
    await work.flush()

    const csv = await exportCsv()
    for (const value of Object.values(hostile)) {
      const occurrences = csv.split(value.replace(/"/g, '""')).slice(0, -1)
      expect(occurrences.length, value).toBeGreaterThan(0)
      expect(occurrences.every(before => before.endsWith('\'')), value).toBe(true)
    }
    expect(csv).toContain('"\'=HYPERLINK(""http://jahat.test"",""KTP"")"')
    expect(csv).toContain(',\'-5 hari kerja setelah lengkap,')
    const spbe = spbeMetadataCsv([service])
    expect(spbe).toContain('"\'=HYPERLINK(')

    Object.assign(service, original)
    await work.flush()
    expect((await importText(csv)).counts.changed).toBe(1)
    const restored = await em().findOneOrFail(ServiceSchema, { slug: 'ktp-el' })
    expect({ name: restored.name, durationNote: restored.durationNote, feeNote: restored.feeNote,
      output: restored.output }).toEqual(hostile)
    const back = em()
    Object.assign(await back.findOneOrFail(ServiceSchema, { slug: 'ktp-el' }), original)
    await back.flush()
  })
})

describe('the SPBE service metadata CSV', () => {
  it('has exactly the fifteen columns of SE MenPANRB 18/2022, in order, and one row per service', async () => {
    const services = await em().find(ServiceSchema, {},
      { populate: ['category', 'agency'], orderBy: { spbeId: 'asc' } })
    const [header, ...rows] = readCsv(spbeMetadataCsv(services))
    expect(header).toEqual(['ID', 'Nama Layanan', 'Tujuan Layanan', 'Fungsi Layanan', 'Model Referensi Layanan',
      'Unit Pelaksana', 'Kementerian/Lembaga Terkait', 'Urusan Pemerintahan Terkait', 'Target Layanan',
      'Metode Layanan', 'Potensi Manfaat', 'Potensi Ekonomi', 'Potensi Risiko', 'Mitigasi Risiko',
      'ID Metadata Terkait'])
    expect(header).toEqual([...SPBE_COLUMNS])
    expect(rows).toHaveLength(services.length)
    const ktp = services.find(service => service.slug === 'ktp-el')!
    expect(rows.find(row => row[0] === ktp.spbeId)).toEqual([ktp.spbeId, ktp.name, ktp.purpose, ktp.function,
      `01.12 ${ktp.category.name}`, 'Dinas Kependudukan dan Pencatatan Sipil', ktp.relatedMinistry,
      ktp.governmentAffair, 'G2C', 'hibrida', ktp.benefits, ktp.economicPotential, ktp.risks, ktp.riskMitigation,
      ktp.relatedMetadataIds.join('; ')])
  })
})

describe('JSON-LD inside a script element', () => {
  it('carries no character that could end the element or open a comment, and reads back unchanged', () => {
    const value = { name: 'Akta </script><script>alert(1)</script> <!-- & \u2028 selesai' }
    const written = jsonForScript(value)
    expect(written).not.toMatch(/[<>&\u2028]/)
    expect(JSON.parse(written)).toEqual(value)
  })
})
