import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actOnStaff, createStaffAccount } from '../../server/accounts/staff-admin'
import { createAgency, setAgencyActive, updateAgency } from '../../server/catalogue/agency-editor'
import { categoriesForEditor, updateCategory } from '../../server/catalogue/category-editor'
import { actOnDraft, createNewServiceDraft, readDraft, saveServiceDraft, startServiceDraft }
  from '../../server/catalogue/drafts'
import { archiveService, restoreVersion } from '../../server/catalogue/lifecycle'
import { publishServiceSnapshot } from '../../server/catalogue/publish'
import { snapshotOf } from '../../server/catalogue/snapshot'
import { AgencySchema } from '../../server/database/entities/agency'
import { CategorySchema } from '../../server/database/entities/category'
import { ServiceSchema } from '../../server/database/entities/service'
import type { Role, User } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { makeTestUser } from '../support/accounts'
import { auditReader, type AuditEntryRow } from '../support/audit'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let capilHead: User
let admin: User
let citizen: User

const em = () => seeded.database.orm.em.fork()
const { entriesOf, count } = auditReader(() => execute)

/** Nothing of `secrets` appears anywhere in the entries' before and after. */
function expectNone(entries: AuditEntryRow[], secrets: string[]) {
  const json = JSON.stringify(entries.map(entry => [entry.before, entry.after])).toLowerCase()
  for (const secret of secrets) expect(json).not.toContain(secret.toLowerCase())
}

const makeUser = (role: Role, agency?: string) => makeTestUser(em(), role, { agency, phone: '081234560000',
  emailDomain: 'audit.test' })

beforeAll(async () => {
  seeded = await openSeededDatabase('catalogue_audit')
  execute = sqlExecutor(seeded.database.orm)
  capilHead = await makeUser('head', 'disdukcapil')
  admin = await makeUser('admin')
  citizen = await makeUser('citizen')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('the catalogue\'s writes in the audit trail', () => {
  it('records a draft\'s every step with its actor, status and slug, and not an admin\'s reason', async () => {
    const { id } = await startServiceDraft(em(), capilHead, 'ktp-el')
    const draft = await readDraft(em(), capilHead, id)
    await saveServiceDraft(em(), capilHead, id, { ...draft.snapshot, durationDays: 3 })
    // The same save again changes nothing ("Simpan dan ajukan" on an unchanged draft): no entry for it.
    await saveServiceDraft(em(), capilHead, id, { ...draft.snapshot, durationDays: 3 })
    await saveServiceDraft(em(), capilHead, id, { ...draft.snapshot, durationDays: 3,
      requirements: [...draft.snapshot.requirements, 'Surat keterangan dari kepala pekon'] })
    await actOnDraft(em(), capilHead, id, { action: 'submit' })
    await actOnDraft(em(), admin, id, { action: 'return', reason: 'Alasan rahasia dari admin.' })
    await actOnDraft(em(), capilHead, id, { action: 'discard' })

    const entries = await entriesOf('service_draft', id)
    expect(entries.map(entry => [entry.action, entry.actor_id])).toEqual([
      ['service_draft.start', capilHead.id], ['service_draft.save', capilHead.id],
      ['service_draft.save', capilHead.id], ['service_draft.submit', capilHead.id], ['service_draft.return', admin.id],
      ['service_draft.discard', capilHead.id],
    ])
    expect(entries[0]).toMatchObject({ actor_role: 'head', actor_agency_id: capilHead.agency!.id,
      before: null, after: { status: 'draft', slug: 'ktp-el', agency: 'disdukcapil' } })
    // A save keeps the values of the fields it changed, before and after, and nothing of the fields it left.
    expect(entries[1]).toMatchObject({ before: { status: 'draft', durationDays: draft.snapshot.durationDays },
      after: { status: 'draft', durationDays: 3 } })
    expect(entries[2]).toMatchObject({ before: { status: 'draft', requirements: draft.snapshot.requirements },
      after: { status: 'draft',
        requirements: [...draft.snapshot.requirements, 'Surat keterangan dari kepala pekon'] } })
    expect(Object.keys(entries[2]!.after!).sort()).toEqual(['requirements', 'status'])
    expect(entries[3]).toMatchObject({ before: { status: 'draft', slug: 'ktp-el' },
      after: { status: 'in_review', slug: 'ktp-el' } })
    expect(entries[4]).toMatchObject({ actor_role: 'admin', actor_agency_id: null,
      before: { status: 'in_review' }, after: { status: 'draft' } })
    expect(entries[5]!.after).toMatchObject({ status: 'discarded' })
    expectNone(entries, ['Alasan rahasia', '@audit.test', '081234560000'])
  })

  it('records a new service\'s draft and its publishing, with the snapshot\'s fields as they became', async () => {
    const base = snapshotOf(await em().findOneOrFail(ServiceSchema, { slug: 'ktp-el' },
      { populate: ['category', 'agency'] }))
    const { id } = await createNewServiceDraft(em(), capilHead, { ...base, slug: 'ktp-el-audit', spbeId: '',
      name: 'Perekaman KTP-el untuk audit', aliases: ['ktp audit'] })
    await actOnDraft(em(), capilHead, id, { action: 'submit' })
    await actOnDraft(em(), admin, id, { action: 'publish' })

    const [created] = await entriesOf('service_draft', id)
    expect(created).toMatchObject({ action: 'service_draft.create', actor_id: capilHead.id, before: null,
      after: { status: 'draft', slug: 'ktp-el-audit', agency: 'disdukcapil' } })
    const [published, ...more] = await entriesOf('service', 'ktp-el-audit')
    expect(more).toEqual([])
    expect(published).toMatchObject({ action: 'service.publish', actor_id: admin.id, actor_role: 'admin',
      before: null, after: { slug: 'ktp-el-audit', name: 'Perekaman KTP-el untuk audit', version: 1 } })
  })

  it('records archiving, restoring an old version and publishing it again', async () => {
    await archiveService(em(), admin, 'akta-kematian')
    const { id } = await restoreVersion(em(), admin, 'akta-kematian', 1)
    await actOnDraft(em(), admin, id, { action: 'submit' })
    await actOnDraft(em(), admin, id, { action: 'publish' })

    const entries = await entriesOf('service', 'akta-kematian')
    expect(entries.map(entry => [entry.action, entry.actor_id])).toEqual([['service.archive', admin.id],
      ['service.restore', admin.id], ['service.publish', admin.id]])
    expect(entries[0]).toMatchObject({ before: { status: 'published' }, after: { status: 'archived' } })
    // No draft before it; the restored snapshot is the one archived, so it changes no field.
    expect(entries[1]!.before).toEqual({ draft: null })
    expect(entries[1]!.after).toEqual({ draft: id, restoredFrom: 1, baseVersion: 1 })
    // Only the version number moved.
    expect(entries[2]).toMatchObject({ before: { version: 1 }, after: { version: 2 } })
  })

  it('records what a restored version changes from the live one, before and after', async () => {
    const { id: changing } = await startServiceDraft(em(), admin, 'akta-perceraian')
    const live = (await readDraft(em(), admin, changing)).snapshot
    await saveServiceDraft(em(), admin, changing, { ...live, durationDays: 9 })
    await actOnDraft(em(), admin, changing, { action: 'submit' })
    await actOnDraft(em(), admin, changing, { action: 'publish' })
    const { id } = await restoreVersion(em(), admin, 'akta-perceraian', 1)

    const restored = (await entriesOf('service', 'akta-perceraian')).at(-1)!
    expect(restored.action).toBe('service.restore')
    expect(restored.before).toEqual({ draft: null, durationDays: 9 })
    expect(restored.after).toEqual({ draft: id, restoredFrom: 1, baseVersion: 2, durationDays: live.durationDays })
  })

  it('records a stale draft carried over to a new one: the old discarded, the new with the fields it carried',
    async () => {
      const { id: old } = await startServiceDraft(em(), capilHead, 'pindah-datang-luar-negeri')
      const draft = await readDraft(em(), capilHead, old)
      await saveServiceDraft(em(), capilHead, old, { ...draft.snapshot, durationNote: 'Selesai hari itu juga.' })
      const service = await em().findOneOrFail(ServiceSchema, { slug: 'pindah-datang-luar-negeri' },
        { populate: ['category', 'agency'] })
      await publishServiceSnapshot(em(), service, { ...draft.snapshot, output: 'Surat pindah (versi 2).' }, admin)
      const renewed = await actOnDraft(em(), capilHead, old, { action: 'carry_over' })

      const [discarded] = (await entriesOf('service_draft', old)).slice(-1)
      expect(discarded).toMatchObject({ action: 'service_draft.discard', actor_id: capilHead.id,
        before: { status: 'draft' }, after: { status: 'discarded', replacedBy: renewed.id } })
      const [started, ...more] = await entriesOf('service_draft', renewed.id)
      expect(more).toEqual([])
      expect(started).toMatchObject({ action: 'service_draft.start', actor_id: capilHead.id,
        before: { durationNote: draft.snapshot.durationNote } })
      expect(started!.after).toEqual({ status: 'draft', slug: 'pindah-datang-luar-negeri', agency: 'disdukcapil',
        baseVersion: 2, replaces: old, durationNote: 'Selesai hari itu juga.' })
    })

  it('records a RAL category\'s changed description, and not the OPDs it left as they were', async () => {
    const [category] = await categoriesForEditor(em())
    const agencies = category!.agencies.map(agency => agency.slug)
    await updateCategory(em(), admin, category!.code, { description: 'Uraian baru untuk audit.', agencies })

    const [entry, ...more] = await entriesOf('category', category!.code)
    expect(more).toEqual([])
    expect(entry).toMatchObject({ action: 'category.update', actor_id: admin.id })
    expect(entry!.before).toEqual({ description: category!.description })
    expect(entry!.after).toEqual({ description: 'Uraian baru untuk audit.' })
  })

  it('records an OPD\'s creation, edits and deactivation, saying only that its contact changed', async () => {
    const input = { slug: 'dinas-audit', name: 'Dinas Uji Jejak Audit', shortName: 'Disaudit',
      phone: '0722 21000', email: 'kontak@dinas-audit.test', address: 'Jl. Ir. H. Juanda, Kota Agung' }
    await createAgency(em(), admin, input)
    await updateAgency(em(), admin, 'dinas-audit', { ...input, phone: '0722 21999', openingHours: 'Senin–Jumat' })
    await setAgencyActive(em(), admin, 'dinas-audit', false)
    await setAgencyActive(em(), admin, 'dinas-audit', true)

    const entries = await entriesOf('agency', 'dinas-audit')
    expect(entries.map(entry => [entry.action, entry.actor_id])).toEqual([['agency.create', admin.id],
      ['agency.update', admin.id], ['agency.deactivate', admin.id], ['agency.activate', admin.id]])
    expect(entries[0]!.after).toMatchObject({ name: 'Dinas Uji Jejak Audit', active: true, contactChanged: true })
    expect(entries[1]!.before).toEqual({ openingHours: null })
    expect(entries[1]!.after).toEqual({ openingHours: 'Senin–Jumat', contactChanged: true })
    expect(entries[2]).toMatchObject({ before: { active: true }, after: { active: false } })
    expectNone(entries, ['0722', 'kontak@', 'phone', 'email'])
  })
})

describe('staff accounts in the audit trail', () => {
  it('records a new account once, and each change with its role, OPD, activity and session version', async () => {
    const before = await count()
    const { account } = await createStaffAccount(em(), admin, { role: 'officer', agency: 'disdukcapil',
      name: 'Petugas Jejak Audit', email: 'petugas.jejak@audit.test' })
    expect(await count()).toBe(before + 1)
    await actOnStaff(em(), admin, account.id, { action: 'change_role', role: 'head', agency: 'dinkes' })
    await actOnStaff(em(), admin, account.id, { action: 'deactivate' })
    await actOnStaff(em(), admin, account.id, { action: 'activate' })
    await actOnStaff(em(), admin, account.id, { action: 'end_sessions' })

    const entries = await entriesOf('account', account.id)
    expect(entries.map(entry => [entry.action, entry.actor_id])).toEqual([['account.create', admin.id],
      ['account.change_role', admin.id], ['account.deactivate', admin.id], ['account.activate', admin.id],
      ['account.end_sessions', admin.id]])
    expect(entries[1]).toMatchObject({ before: { role: 'officer', agency: 'disdukcapil', sessionVersion: 1 },
      after: { role: 'head', agency: 'dinkes', sessionVersion: 2 } })
    expect(entries[2]).toMatchObject({ before: { active: true }, after: { active: false, sessionVersion: 3 } })
    expect(entries[4]).toEqual(expect.objectContaining({ before: { sessionVersion: 4 },
      after: { sessionVersion: 5 } }))
    expectNone(entries, ['petugas.jejak', '@audit.test', 'password', 'passwordHash'])
  })
})

describe('a write that cannot be recorded', () => {
  it('is rolled back with its entry, whether flushed on the request\'s EntityManager or in a transaction',
    async () => {
      const before = await count()
      // The trail refuses a citizen as actor (server/audit/record.ts), after the write's rows were flushed.
      await expect(setAgencyActive(em(), citizen, 'dinas-audit', false)).rejects.toThrow(/not of citizens/)
      const [category] = await categoriesForEditor(em())
      await expect(updateCategory(em(), citizen, category!.code, { description: 'Tidak boleh tersimpan.',
        agencies: category!.agencies.map(agency => agency.slug) })).rejects.toThrow(/not of citizens/)

      expect(await count()).toBe(before)
      expect((await em().findOneOrFail(AgencySchema, { slug: 'dinas-audit' })).active).toBe(true)
      expect((await em().findOneOrFail(CategorySchema, { code: category!.code })).description)
        .toBe(category!.description)
    })

  it('leaves no entry when the transaction around it rolls back', async () => {
    const before = await count()
    await expect(em().transactional(async (tx) => {
      await archiveService(tx, admin, 'kartu-keluarga')
      throw new Error('rolled back on purpose')
    })).rejects.toThrow(/on purpose/)

    expect(await count()).toBe(before)
    expect((await em().findOneOrFail(ServiceSchema, { slug: 'kartu-keluarga' })).status).toBe('published')
  })
})
