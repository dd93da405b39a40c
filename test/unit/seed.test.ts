import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { needsApplicationForm } from '../../server/catalogue/apply-route'
import { formSchema } from '../../server/catalogue/form-schema'
import { seedCatalogue } from '../../server/catalogue/seed'
import { listAgencies, listCategories, listKecamatan } from '../../server/catalogue/queries'
import { ComplaintTypeSchema } from '../../server/database/entities/complaint-type'
import { ServiceSchema } from '../../server/database/entities/service'
import { openSeededDatabase } from '../support/database'
import { readTsv } from '../support/tsv'
import { SEED_DIR } from '../support/paths'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>

beforeAll(async () => {
  seeded = await openSeededDatabase('seed')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('the seeded catalogue', () => {
  it('holds the 40 RAL categories as the architecture decree gives them, with their OPDs in order', async () => {
    const expected = readTsv(`${SEED_DIR}/ral-categories.tsv`)
    const categories = await listCategories(seeded.database.orm.em.fork())
    expect(categories).toHaveLength(40)
    for (const [i, row] of expected.entries()) {
      expect(categories[i]).toMatchObject({ code: row.code, name: row.name, description: row.description })
      expect(categories[i]!.agencies.map(a => a.name)).toEqual(row.agencies!.split(';').map(s => s.trim()))
    }
  })

  it('holds the 30 OPDs with the short names citizens use, and the 20 kecamatan', async () => {
    const em = seeded.database.orm.em.fork()
    const agencies = await listAgencies(em)
    expect(agencies).toHaveLength(30)
    expect(agencies.map(a => a.shortName)).toEqual(expect.arrayContaining(['Disdukcapil', 'Dinas PUPR', 'DPMPTSP']))
    expect(agencies.every(a => a.categories.length > 0)).toBe(true)
    const kecamatan = await listKecamatan(em)
    expect(kecamatan).toHaveLength(20)
    expect(kecamatan.map(k => k.code)).toContain('18.06.01')
  })

  it('holds at least 120 services covering at least 32 of the 40 categories', async () => {
    const services = await seeded.database.orm.em.fork().find(ServiceSchema, {}, { populate: ['category'] })
    expect(services.length).toBeGreaterThanOrEqual(120)
    expect(new Set(services.map(s => s.category.code)).size).toBeGreaterThanOrEqual(32)
  })

  it('files every service under a category that lists its OPD, as publishing requires', async () => {
    const em = seeded.database.orm.em.fork()
    const [services, categories] = await Promise.all([
      em.find(ServiceSchema, {}, { populate: ['category', 'agency'] }), listCategories(em)])
    const misfiled = services.filter(service => !categories.find(category => category.code === service.category.code)
      ?.agencies.some(agency => agency.slug === service.agency.slug)).map(service => service.slug)
    expect(misfiled).toEqual([])
  })

  it('gives every service every SPBE metadata attribute and standar pelayanan component', async () => {
    const services = await seeded.database.orm.em.fork().find(ServiceSchema, {})
    for (const s of services) {
      for (const text of [s.name, s.purpose, s.function, s.benefits, s.economicPotential, s.risks, s.riskMitigation,
        s.relatedMinistry, s.governmentAffair, s.durationNote, s.feeNote, s.output, s.complaintHandling]) {
        expect(text.trim().length, `${s.slug}`).toBeGreaterThan(2)
      }
      expect(s.requirements.length, s.slug).toBeGreaterThan(0)
      expect(s.procedure.length, s.slug).toBeGreaterThan(0)
      expect(s.legalBasis.length, s.slug).toBeGreaterThan(0)
      expect(s.aliases.length, s.slug).toBeGreaterThan(0)
      expect(['G2C', 'G2B', 'G2G', 'G2E']).toContain(s.target)
      expect(['daring', 'luring', 'hibrida']).toContain(s.method)
    }
  })

  it('states adminduk documents as free, as UU 24/2013 Pasal 79A requires', async () => {
    const em = seeded.database.orm.em.fork()
    const adminduk = await em.find(ServiceSchema, { category: { code: '01.12' } })
    expect(adminduk.length).toBeGreaterThan(5)
    expect(adminduk.every(s => s.feeAmount === 0)).toBe(true)
  })

  it('gives the services applied for online a form, among them those the applying issue names', async () => {
    const services = await seeded.database.orm.em.fork().find(ServiceSchema, { form: { $ne: null } })
    expect(services.length).toBeGreaterThanOrEqual(20)
    expect(services.map(s => s.slug)).toEqual(expect.arrayContaining(['akta-kelahiran', 'kartu-keluarga', 'ktp-el',
      'pindah-datang-wni', 'persetujuan-bangunan-gedung', 'kartu-pencari-kerja-ak1', 'undian-gratis-berhadiah',
      'rincian-teknis-limbah-b3', 'pendaftaran-kelompok-tani']))
    for (const service of services) {
      expect(() => formSchema.parse(service.form), service.slug).not.toThrow()
      expect(service.form!.questions.length, service.slug).toBeGreaterThan(0)
    }
  })

  it('gives every daring or hibrida service a valid form, except complaints and services run elsewhere', async () => {
    const services = await seeded.database.orm.em.fork().find(ServiceSchema, {})
    const owed = services.filter(needsApplicationForm)
    expect(owed.length).toBeGreaterThan(80)
    expect(owed.filter(s => s.form === null).map(s => s.slug)).toEqual([])
    for (const service of services.filter(s => s.form !== null)) {
      expect(service.method, service.slug).not.toBe('luring')
      expect(() => formSchema.parse(service.form), service.slug).not.toThrow()
    }
  })

  it('refuses a form for a service that does not exist, and a form that breaks the schema', async () => {
    const em = seeded.database.orm.em.fork()
    const valid = seeded.files.formJsons.find(f => f.slug === 'akta-kelahiran')!
    await expect(seedCatalogue(em, { ...seeded.files, formJsons: [{ ...valid, slug: 'tidak-ada' }] }))
      .rejects.toThrow(/unknown service/)
    const broken = JSON.stringify({ questions: [{ key: 'x', label: 'Pilihan', type: 'choice', required: true }],
      documents: [] })
    await expect(seedCatalogue(em.fork(), { ...seeded.files, formJsons: [{ slug: 'akta-kelahiran', json: broken }] }))
      .rejects.toThrow()
  })

  it('changes nothing when seeded a second time', async () => {
    const em = seeded.database.orm.em.fork()
    const before = await em.getConnection().execute('select count(*)::int as n, max(updated_at) as at from service')
    await seedCatalogue(em, seeded.files)
    const after = await em.getConnection().execute('select count(*)::int as n, max(updated_at) as at from service')
    expect(after).toEqual(before)
  })
})

describe('the seeded complaint types', () => {
  it('gives every OPD complaint types under its own categories, with services of its own', async () => {
    const em = seeded.database.orm.em.fork()
    const types = await em.find(ComplaintTypeSchema, {}, { populate: ['agency', 'category', 'service'] })
    const agencies = await listAgencies(em)
    expect(new Set(types.map(t => t.agency.slug))).toEqual(new Set(agencies.map(a => a.slug)))
    for (const type of types) {
      const agency = agencies.find(a => a.slug === type.agency.slug)!
      expect(agency.categories, type.key).toContain(type.category.code)
      if (type.service) expect(type.service.agency.id, type.key).toBe(type.agency.id)
      expect(type.keywords.length, type.key).toBeGreaterThan(0)
      expect(type.active, type.key).toBe(true)
    }
  })

  it('keeps an admin\'s switch-off and changes nothing else when seeded again', async () => {
    const em = seeded.database.orm.em.fork()
    const connection = em.getConnection()
    await connection.execute(`update complaint_type set active = false where key = 'tambang'`)
    const before = await connection.execute('select count(*)::int as n, max(updated_at) as at from complaint_type')
    await seedCatalogue(em, seeded.files)
    expect(await connection.execute('select count(*)::int as n, max(updated_at) as at from complaint_type'))
      .toEqual(before)
    const [tambang] = await connection.execute(`select active from complaint_type where key = 'tambang'`)
    expect(tambang).toEqual({ active: false })
    await connection.execute(`update complaint_type set active = true where key = 'tambang'`)
  })

  it('refuses a complaint type under another OPD\'s category or with another OPD\'s service', async () => {
    const withType = (type: Record<string, unknown>) => ({ ...seeded.files,
      complaintTypesJson: JSON.stringify({ dlh: [{ key: 'x', name: 'Contoh', keywords: ['contoh'], ...type }] }) })
    await expect(seedCatalogue(seeded.database.orm.em.fork(), withType({ category: '01.12' })))
      .rejects.toThrow(/not one of dlh's/)
    await expect(seedCatalogue(seeded.database.orm.em.fork(), withType({ category: '01.10', service: 'ktp-el' })))
      .rejects.toThrow(/not a service of dlh/)
  })
})
