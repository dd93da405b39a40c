import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import {
  AUDIT_ACTIONS, listAudit, recordAudit, verifyAuditChain,
} from '../../server/audit'
import { GENESIS_HASH } from '../../server/audit/hash'
import { actOnComplaint } from '../../server/complaints/act'
import { fileComplaint } from '../../server/complaints/file'
import { UploadSchema } from '../../server/database/entities/upload'
import { UserSchema, type User } from '../../server/database/entities/user'
import { OutsideTransactionError, sqlExecutor, type Execute } from '../../server/database/sql'
import { issueOpen311Key, revokeOpen311Key } from '../../server/open311/keys'
import { enqueueEmail, retryFailedForAdmin } from '../../server/outbox'
import { actOnRequest, submitRequest } from '../../server/requests/requests'
import { buildSynonymIndex, parseSynonyms } from '../../server/search/analyse'
import { auditReader } from '../support/audit'
import { openSeededDatabase } from '../support/database'
import { ROOT } from '../support/paths'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let citizen: User
let officer: User
let head: User
let admin: User

const em = () => seeded.database.orm.em.fork()
const { entriesOf, count } = auditReader(() => execute)
const PASSWORD = 'menara pandang teluk semaka'
const NIK_IBU = '1806015505900001'
/** Monday 7 December 2026, 10:00 WIB. */
const MONDAY = new Date('2026-12-07T03:00:00Z')

async function staff(role: 'officer' | 'head' | 'admin', agencySlug?: string): Promise<User> {
  const user = await createStaff(em(), { role, agencySlug, name: `Uji ${role}`, password: PASSWORD,
    email: `${role}-${randomUUID()}@uji.test` })
  return em().findOneOrFail(UserSchema, user.id, { populate: ['agency'] })
}

async function submitted(): Promise<string> {
  const fork = em()
  const file = fork.create(UploadSchema, { publicId: randomUUID(), owner: citizen.id, fileName: 'kk.pdf', size: 1000,
    contentType: 'application/pdf', storageKey: randomBytes(16).toString('hex'), sha256: 'a'.repeat(64) })
  await fork.flush()
  const { trackingCode } = await submitRequest(em(), { applicant: citizen, serviceSlug: 'akta-kelahiran',
    answers: { namaAnak: 'Rara Anjani', jenisKelaminAnak: 'perempuan', tanggalLahirAnak: '2026-11-20',
      tempatLahirAnak: 'Tanggamus', anakKe: '2', nikIbu: NIK_IBU, orangTuaPunyaBukuNikah: 'ya',
      kecamatan: '18.06.20', nomorHp: '0812 3456 7890' },
    documents: { kartuKeluarga: file.publicId }, idempotencyKey: randomUUID(), now: MONDAY })
  return trackingCode
}

beforeAll(async () => {
  process.env.PERSONAL_DATA_KEY = randomBytes(32).toString('base64')
  seeded = await openSeededDatabase('audit')
  execute = sqlExecutor(seeded.database.orm)
  const fork = em()
  citizen = fork.create(UserSchema, { email: 'warga@contoh.test', name: 'Rina Warga', phone: '081200003333',
    passwordHash: 'unused', role: 'citizen', agency: null, active: true, sessionVersion: 1, lastLoginAt: null })
  await fork.flush()
  officer = await staff('officer', 'disdukcapil')
  head = await staff('head', 'disdukcapil')
  admin = await staff('admin')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('the entries each staff write leaves', () => {
  it('records a staff account made on the server as the system\'s: role, OPD and name, never e-mail or password',
    async () => {
      const [entry] = await entriesOf('account', officer.id)
      expect(entry).toMatchObject({ actor_id: null, actor_role: 'system', action: 'account.create', before: null,
        after: { name: 'Uji officer', role: 'officer', agency: 'disdukcapil', active: true } })
      expect(JSON.stringify(entry)).not.toMatch(/@uji\.test|menara|argon|\$/)
    })

  it('records an account an admin makes as the admin\'s', async () => {
    const made = await createStaff(em(), { role: 'head', agencySlug: 'dinsos', name: 'Kepala Dinsos',
      email: 'kepala@dinsos.test', password: PASSWORD }, admin)
    expect(await entriesOf('account', made.id)).toMatchObject([{ actor_id: admin.id, actor_role: 'admin',
      actor_agency_id: null, after: { role: 'head', agency: 'dinsos' } }])
  })

  it('records an officer\'s and a head\'s actions on a permohonan: status, OPD and assignee, never the note',
    async () => {
      const code = await submitted()
      const act = (actor: User, action: string, note?: string, input = {}) => actOnRequest(em(), { trackingCode: code,
        actor, action, note, input, now: MONDAY })
      await act(officer, 'verify')
      await act(head, 'assign', undefined, { assignee: String(officer.id) })
      await act(officer, 'request_fix', `Foto KK buram; NIK ibu ${NIK_IBU} tidak terbaca.`)
      await act(citizen, 'resubmit')
      await act(head, 'forward', 'Bukan wewenang kami, ke Dinsos.', { toAgency: 'dinsos' })

      const entries = await entriesOf('request', code)
      expect(entries.map(entry => [entry.action, entry.actor_role, entry.before, entry.after])).toEqual([
        ['request.verify', 'officer', { status: 'diajukan' }, { status: 'diverifikasi' }],
        ['request.assign', 'head', { status: 'diverifikasi', assignee: null },
          { status: 'diverifikasi', assignee: officer.id }],
        ['request.request_fix', 'officer', { status: 'diverifikasi' }, { status: 'perlu_perbaikan' }],
        ['request.forward', 'head', { status: 'dilengkapi', agency: 'disdukcapil', assignee: officer.id },
          { status: 'dilengkapi', agency: 'dinsos', assignee: null }],
      ])
      expect(entries[0]).toMatchObject({ actor_id: officer.id, actor_agency_id: officer.agency!.id })
      expect(JSON.stringify(entries)).not.toMatch(/buram|1806|Rara|0812/)
    })

  it('records the OPD\'s and Diskominfo\'s actions on a pengaduan, never its text or answer; the reporter\'s none',
    async () => {
      const synonyms = buildSynonymIndex(parseSynonyms(seeded.files.synonyms))
      const { trackingCode } = await fileComplaint(em(), { reporter: citizen, idempotencyKey: randomUUID(), now: MONDAY,
        complaint: { title: 'Mohon perhatian', privacy: 'biasa', kecamatan: 'Kota Agung',
          description: 'Mohon bapak ibu memperhatikan keadaan di tempat kami, sudah lama kami menunggu.' } }, synonyms)
      const act = (user: User, action: string, input = {}) => actOnComplaint(em(), { trackingCode, action, input,
        asker: { user, pin: null }, now: MONDAY })
      await act(admin, 'dispose', { toAgency: 'disdukcapil' })
      await act(officer, 'answer', { note: 'Sudah kami datangi, jalan diperbaiki pekan depan.' })
      await act(citizen, 'object', { note: 'Belum ada yang datang sama sekali.' })

      const entries = await entriesOf('complaint', trackingCode)
      expect(entries.map(entry => [entry.action, entry.actor_role, entry.before, entry.after])).toEqual([
        ['complaint.dispose', 'admin', { status: 'diterima', agency: null, dueDate: '2026-12-10' },
          { status: 'didisposisikan', agency: 'disdukcapil', dueDate: '2026-12-14' }],
        ['complaint.answer', 'officer', { status: 'didisposisikan', dueDate: '2026-12-14' },
          { status: 'dijawab', dueDate: '2026-12-21' }],
      ])
      expect(JSON.stringify(entries)).not.toMatch(/datangi|Mohon|Rina/)
    })

  it('records an Open311 key issued and revoked, never the key', async () => {
    const { id, key } = await issueOpen311Key(em(), admin, 'Aplikasi Lapor Pekon')
    expect(await revokeOpen311Key(em(), admin, id, MONDAY)).toBe(true)
    expect(await revokeOpen311Key(em(), admin, id)).toBe(false)

    const entries = await entriesOf('open311_key', id)
    expect(entries.map(entry => [entry.action, entry.before, entry.after])).toEqual([
      ['open311_key.issue', null, { name: 'Aplikasi Lapor Pekon', revokedAt: null }],
      ['open311_key.revoke', { name: 'Aplikasi Lapor Pekon', revokedAt: null },
        { name: 'Aplikasi Lapor Pekon', revokedAt: MONDAY.toISOString() }],
    ])
    expect(JSON.stringify(entries)).not.toContain(key.slice(7, 20))
  })

  it('records each failed e-mail an admin sends again, with the attempts it had failed', async () => {
    const ids = await em().transactional(async (tx) => {
      const enqueued = []
      for (const n of [1, 2]) {
        enqueued.push(await enqueueEmail(tx, { to: `penerima${n}@contoh.test`, subject: 'Uji', text: 'Isi',
          dedupeKey: `audit:${n}` }))
      }
      return enqueued.map(message => message.id)
    })
    await execute('update "outbox_message" set "status" = \'failed\', "attempts" = 180 where "id" = any($1)', [ids])

    expect(await retryFailedForAdmin(em(), admin)).toBe(2)
    for (const id of ids) {
      expect(await entriesOf('outbox_message', id)).toMatchObject([{ action: 'outbox_message.retry',
        actor_id: admin.id, before: { status: 'failed', attempts: 180 }, after: { status: 'pending', attempts: 0 } }])
    }
  })

  it('gives every action a label in both languages', () => {
    for (const code of ['id', 'en']) {
      const messages = JSON.parse(readFileSync(`${ROOT}/locales/${code}.json`, 'utf8'))
      const missing = AUDIT_ACTIONS.filter((action) => {
        const [entity, verb] = action.split('.') as [string, string]
        return !messages.audit.actions[entity]?.[verb] || !messages.audit.entityTypes[entity]
      })
      expect(missing, code).toEqual([])
    }
  })
})

describe('appending to the chain', () => {
  const entry = (entityId: string) => ({ actor: admin, action: 'open311_key.issue' as const,
    entityType: 'open311_key' as const, entityId, after: { name: entityId } })

  it('leaves no entry when the write rolls back, and refuses to write outside a transaction', async () => {
    const before = await count()
    await expect(em().transactional(async (tx) => {
      await recordAudit(tx, entry('rolled-back'))
      throw new Error('the write failed after its audit entry')
    })).rejects.toThrow('the write failed')
    await expect(recordAudit(em(), entry('no-transaction'))).rejects.toBeInstanceOf(OutsideTransactionError)
    expect(await count()).toBe(before)
    expect((await verifyAuditChain(execute)).ok).toBe(true)
  })

  it('leaves no entry for a refused action, nor a half-done one', async () => {
    const code = await submitted()
    const before = await count()
    await expect(actOnRequest(em(), { trackingCode: code, actor: officer, action: 'complete', now: MONDAY }))
      .rejects.toThrow()
    await expect(createStaff(em(), { role: 'officer', agencySlug: 'tidak-ada', name: 'X', email: 'x@uji.test',
      password: PASSWORD }, admin)).rejects.toThrow()
    expect(await count()).toBe(before)
  })

  it('keeps one chain when twenty writers append at once', async () => {
    const before = await count()
    await Promise.all(Array.from({ length: 20 }, (_, n) => em().transactional(async (tx) => {
      await recordAudit(tx, entry(`concurrent-${n}`))
      // Holding the transaction open a moment lets the others queue on the lock rather than run after it.
      await new Promise(resolve => setTimeout(resolve, 5))
    })))
    expect(await count()).toBe(before + 20)
    const [links] = await execute<{ entries: string, predecessors: string, orphans: string }>(`select
      count(*) as entries, count(distinct "prev_hash") as predecessors, (select count(*) from "audit_entry" e
      where e."prev_hash" <> $1 and not exists (select 1 from "audit_entry" p where p."hash" = e."prev_hash"))
      as orphans from "audit_entry"`, [GENESIS_HASH])
    expect(links).toEqual({ entries: links!.entries, predecessors: links!.entries, orphans: '0' })
    expect(await verifyAuditChain(execute)).toMatchObject({ ok: true, checked: before + 20 })
  })

  it('refuses a second successor of one entry, even from a writer that skipped the lock', async () => {
    const [last] = await execute<{ hash: string, prev_hash: string }>(
      'select "hash", "prev_hash" from "audit_entry" order by "id" desc limit 1')
    await expect(execute(`insert into "audit_entry" ("at", "actor_role", "action", "entity_type", "entity_id",
      "prev_hash", "hash") values (now(), 'system', 'account.create', 'account', '0', $1, $2)`,
    [last!.prev_hash, 'f'.repeat(64)])).rejects.toThrow(/audit_entry_prev_hash_unique/)
  })

  it('writes many entries of one write in order, each linked to the one before', async () => {
    const before = await count()
    const written = await em().transactional(tx => recordAudit(tx, Array.from({ length: 1200 },
      (_, n) => entry(`batch-${n}`))))
    expect(written).toHaveLength(1200)
    expect(written.map(row => row.id)).toEqual([...written.map(row => row.id)].sort((a, b) => a - b))
    expect(await count()).toBe(before + 1200)
    expect(await verifyAuditChain(execute, { batchSize: 7 })).toMatchObject({ ok: true, checked: before + 1200 })
  })
})

describe('reading the trail', () => {
  it('filters by actor, action, entity and WIB day, newest first, in keyset pages', async () => {
    const byAdmin = await listAudit(em(), { actor: String(admin.id), action: 'open311_key.revoke' })
    expect(byAdmin.entries).toHaveLength(1)
    expect(byAdmin.entries[0]).toMatchObject({ actor: { id: admin.id, name: 'Uji admin', role: 'admin', agency: null },
      entityType: 'open311_key', changes: [
        { field: 'name', before: 'Aplikasi Lapor Pekon', after: 'Aplikasi Lapor Pekon', changed: false },
        { field: 'revokedAt', before: null, after: MONDAY.toISOString(), changed: true }] })

    const system = await listAudit(em(), { actor: 'system', entityType: 'account' })
    expect(system.entries.map(entry => entry.actor.role)).toEqual(['system', 'system', 'system'])

    // MONDAY is 10:00 WIB on the 7th; the 7th in WIB runs from 17:00 UTC on the 6th.
    const monday = await listAudit(em(), { from: '2026-12-07', to: '2026-12-07', entityType: 'request' })
    expect(monday.entries.length).toBeGreaterThan(0)
    expect(await listAudit(em(), { from: '2026-12-08', to: '2026-12-31', entityType: 'request' }))
      .toEqual({ entries: [], nextCursor: null })

    const first = await listAudit(em(), { limit: 3 })
    const second = await listAudit(em(), { limit: 3, cursor: first.nextCursor! })
    const ids = [...first.entries, ...second.entries].map(entry => entry.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(new Set(ids).size).toBe(6)
  })
})

describe('the audit table in PostgreSQL', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even from the database owner', async () => {
    await expect(execute('update "audit_entry" set "entity_id" = \'x\'')).rejects.toThrow(/append-only/)
    await expect(execute('delete from "audit_entry"')).rejects.toThrow(/append-only/)
    await expect(execute('truncate "audit_entry"')).rejects.toThrow(/append-only/)
  })

  it('lets verification find an entry changed and one deleted behind the protection\'s back', async () => {
    const ids = (await execute<{ id: string }>('select "id" from "audit_entry" order by "id" limit 40'))
      .map(row => Number(row.id))
    const [changed, deleted, retimed, rehashed] = [ids[5]!, ids[20]!, ids[30]!, ids[35]!]
    // Ids are not consecutive (a rolled-back append used one up): the entry after another is the next one there.
    const [afterDeleted, afterRehashed] = [ids[21]!, ids[36]!]
    expect((await verifyAuditChain(execute)).ok).toBe(true)

    // Only the table's owner can switch the triggers off; this test connects as that owner.
    await execute('alter table "audit_entry" disable trigger "audit_entry_no_update_or_delete"')
    try {
      await execute(`update "audit_entry" set "after" = coalesce("after", '{}') || '{"role": "admin"}'
        where "id" = $1`, [changed])
      await execute('delete from "audit_entry" where "id" = $1', [deleted])
      await execute('update "audit_entry" set "at" = "at" + interval \'1 microsecond\' where "id" = $1', [retimed])
      await execute(`update "audit_entry" set "entity_id" = 'lain', "hash" = repeat('a', 64) where "id" = $1`,
        [rehashed])
    }
    finally {
      await execute('alter table "audit_entry" enable trigger "audit_entry_no_update_or_delete"')
    }

    const result = await verifyAuditChain(execute, { batchSize: 16 })
    expect(result).toMatchObject({ ok: false, firstBroken: { id: changed, reason: 'altered' }, more: false })
    expect(result.problems).toEqual([{ id: changed, reason: 'altered' }, { id: afterDeleted, reason: 'unlinked' },
      { id: retimed, reason: 'altered' }, { id: rehashed, reason: 'altered' },
      { id: afterRehashed, reason: 'unlinked' }])
  })
})
