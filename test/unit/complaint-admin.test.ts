import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedCatalogue } from '../../server/catalogue/seed'
import { actOnComplaint } from '../../server/complaints/act'
import { findComplaintType, saveComplaintType } from '../../server/complaints/complaint-types'
import { ComplaintError } from '../../server/complaints/errors'
import { fileComplaint } from '../../server/complaints/file'
import { publicComplaints } from '../../server/complaints/public'
import { applyRedaction, redactionOf } from '../../server/complaints/redaction'
import { suggestComplaintTargets } from '../../server/complaints/suggest'
import { complaintForViewer } from '../../server/complaints/view'
import { recordWbsRead, WBS_READ_HOURS } from '../../server/complaints/whistleblowing'
import { AgencySchema } from '../../server/database/entities/agency'
import { ComplaintTypeSchema } from '../../server/database/entities/complaint-type'
import { UploadSchema } from '../../server/database/entities/upload'
import { UserSchema, type Role, type User } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { buildSynonymIndex, parseSynonyms } from '../../server/search/analyse'
import { openSeededDatabase } from '../support/database'

/** Diskominfo's complaint tools as domain functions: redaction, reading whistleblowing, complaint types. */
let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let synonyms: Map<string, string[]>
const users: Record<string, User> = {}
const em = () => seeded.database.orm.em.fork()
const HOUR = 60 * 60 * 1000

async function makeUser(name: string, role: Role, agencySlug?: string): Promise<User> {
  const fork = em()
  const agency = agencySlug ? await fork.findOneOrFail(AgencySchema, { slug: agencySlug }) : null
  const user = fork.create(UserSchema, { email: `${name}@uji.test`, name: `Staf ${name}`, phone: null,
    passwordHash: 'unused', role, agency, active: true, sessionVersion: 1, lastLoginAt: null })
  await fork.flush()
  return fork.findOneOrFail(UserSchema, user.id, { populate: ['agency'] })
}

async function photoOf(owner: User) {
  const fork = em()
  const upload = fork.create(UploadSchema, { publicId: randomUUID(), owner: owner.id, fileName: 'jalan.jpg',
    size: 100, contentType: 'image/jpeg', storageKey: randomBytes(16).toString('hex'), sha256: 'b'.repeat(64) })
  await fork.flush()
  return upload.publicId
}

async function refusal(work: Promise<unknown>): Promise<ComplaintError> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(ComplaintError)
  return error as ComplaintError
}

const asker = (user: User) => ({ user, pin: null })

beforeAll(async () => {
  seeded = await openSeededDatabase('complaint_admin')
  execute = sqlExecutor(seeded.database.orm)
  synonyms = buildSynonymIndex(parseSynonyms(seeded.files.synonyms))
  users.warga = await makeUser('warga', 'citizen')
  users.admin = await makeUser('admin', 'admin')
  users.capil = await makeUser('capil', 'officer', 'disdukcapil')
  users.inspektorat = await makeUser('inspektorat', 'officer', 'inspektorat')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('redacting what the public reads of a complaint', () => {
  let code: string
  let photo: string
  const original = 'KTP saya belum jadi dua bulan. Hubungi saya di 0812 3456 7890, Budi Santoso, Gisting.'

  beforeAll(async () => {
    photo = await photoOf(users.warga!)
    code = (await fileComplaint(em(), { reporter: users.warga!, idempotencyKey: randomUUID(), complaint: {
      title: 'KTP elektronik belum jadi', description: original, kecamatan: 'Gisting', service: 'ktp-el',
      privacy: 'biasa', photos: [photo] } }, synonyms)).trackingCode
  })

  it('shows the public the redacted text while the reporter and the OPD read the original', async () => {
    const redacted = 'KTP saya belum jadi dua bulan. [disunting]'
    const view = await applyRedaction(em(), users.admin!, code, { action: 'redact', field: 'description',
      text: redacted, reason: 'Memuat nomor HP dan nama pelapor' })
    expect(view.fields.find(field => field.field === 'description')).toMatchObject({ original, shown: redacted,
      redacted: true })
    const listed = (await publicComplaints(em(), { agency: 'disdukcapil' })).items.find(i => i.trackingCode === code)
    expect(listed?.description).toBe(redacted)
    expect((await complaintForViewer(em(), code, asker(users.warga!)))?.description).toBe(original)
    expect((await complaintForViewer(em(), code, asker(users.capil!)))?.description).toBe(original)
  })

  it('hides and shows a photo to the public only, and records who did it and why', async () => {
    await applyRedaction(em(), users.admin!, code, { action: 'hide', photo, reason: 'Wajah anak terlihat jelas' })
    const listed = async () => (await publicComplaints(em(), {})).items.find(i => i.trackingCode === code)!
    expect((await listed()).photos).toEqual([])
    expect((await complaintForViewer(em(), code, asker(users.warga!)))?.photos).toEqual([photo])
    expect((await refusal(applyRedaction(em(), users.admin!, code, { action: 'hide', photo,
      reason: 'Sekali lagi, untuk uji' }))).kind).toBe('refused')
    await applyRedaction(em(), users.admin!, code, { action: 'show', photo, reason: 'Wajah sudah tidak terlihat' })
    expect((await listed()).photos).toEqual([`/api/v1/complaints/${code}/photos/${photo}`])

    const { log } = await redactionOf(em(), users.admin!, code)
    expect(log.map(entry => [entry.action, entry.field, entry.admin])).toEqual([['show', 'photo', 'Staf admin'],
      ['hide', 'photo', 'Staf admin'], ['redact', 'description', 'Staf admin']])
    expect(log.at(-1)).toMatchObject({ reason: 'Memuat nomor HP dan nama pelapor',
      publicText: 'KTP saya belum jadi dua bulan. [disunting]' })
  })

  it('keeps the record append-only: PostgreSQL refuses to change or delete it', async () => {
    await expect(execute('update "complaint_redaction_event" set "reason" = \'dihapus saja\''))
      .rejects.toThrow(/append-only/)
    await expect(execute('delete from "complaint_redaction_event"')).rejects.toThrow(/append-only/)
  })

  it('refuses a redaction without a reason, one equal to the original, and any by someone not an admin', async () => {
    const noReason = await refusal(applyRedaction(em(), users.admin!, code, { action: 'redact', field: 'title',
      text: 'KTP belum jadi', reason: 'x' }))
    expect(noReason.errors.reason).toMatch(/alasan/)
    const same = await refusal(applyRedaction(em(), users.admin!, code, { action: 'redact', field: 'title',
      text: 'KTP elektronik belum jadi', reason: 'tidak mengubah apa-apa' }))
    expect(same.errors.text).toMatch(/sama dengan aslinya/)
    expect((await refusal(applyRedaction(em(), users.capil!, code, { action: 'redact', field: 'title',
      text: 'KTP belum jadi', reason: 'petugas mencoba menyunting' }))).kind).toBe('not-found')
  })

  it('shows a later answer as given when the OPD answers again after its first answer was redacted', async () => {
    await actOnComplaint(em(), { trackingCode: code, asker: asker(users.capil!), action: 'answer',
      input: { note: 'KTP Bapak Budi Santoso sudah jadi, ambil di loket 3.' } })
    await applyRedaction(em(), users.admin!, code, { action: 'redact', field: 'answer',
      text: 'KTP sudah jadi, ambil di loket 3.', reason: 'Jawaban menyebut nama pelapor' })
    const answer = async () => (await publicComplaints(em(), {})).items.find(i => i.trackingCode === code)!.answer
    expect(await answer()).toBe('KTP sudah jadi, ambil di loket 3.')

    await actOnComplaint(em(), { trackingCode: code, asker: asker(users.warga!), action: 'object',
      input: { note: 'Di loket 3 katanya belum ada.' } })
    await actOnComplaint(em(), { trackingCode: code, asker: asker(users.capil!), action: 'answer',
      input: { note: 'Mohon maaf, KTP ada di loket 5.' } })
    expect(await answer()).toBe('Mohon maaf, KTP ada di loket 5.')
    const field = (await redactionOf(em(), users.admin!, code)).fields.find(f => f.field === 'answer')
    expect(field).toMatchObject({ redacted: true, outdated: true, shown: 'Mohon maaf, KTP ada di loket 5.' })
  })

  it('restores the original, and refuses complaints that are never public', async () => {
    await applyRedaction(em(), users.admin!, code, { action: 'restore', field: 'description',
      reason: 'Pelapor setuju nomornya dimuat' })
    expect((await publicComplaints(em(), {})).items.find(i => i.trackingCode === code)!.description).toBe(original)
    const secret = await fileComplaint(em(), { reporter: users.warga!, idempotencyKey: randomUUID(), complaint: {
      title: 'KK belum jadi', description: 'Kartu keluarga saya belum jadi sudah dua bulan lamanya.',
      kecamatan: 'Gisting', service: 'kartu-keluarga', privacy: 'rahasia' } }, synonyms)
    expect((await redactionOf(em(), users.admin!, secret.trackingCode)).publishable).toBe(false)
    expect((await refusal(applyRedaction(em(), users.admin!, secret.trackingCode, { action: 'redact',
      field: 'title', text: 'KK', reason: 'uji pengaduan rahasia' }))).kind).toBe('refused')
  })
})

describe('an admin reading whistleblowing', () => {
  let code: string
  const now = new Date()

  beforeAll(async () => {
    code = (await fileComplaint(em(), { reporter: users.warga!, idempotencyKey: randomUUID(), complaint: {
      channel: 'wbs', title: 'Pungutan liar di kantor', kecamatan: 'Kota Agung', privacy: 'rahasia',
      description: 'Oknum pegawai meminta uang pelicin Rp500.000 untuk mempercepat surat izin usaha.' } },
    synonyms)).trackingCode
  })

  it('reads nothing without a reason, then only reads, for eight hours, after the reason is recorded', async () => {
    expect(await complaintForViewer(em(), code, asker(users.admin!), now)).toBeNull()
    const short = await refusal(recordWbsRead(em(), users.admin!, code, 'perlu saja', now))
    expect(short.errors.reason).toMatch(/20 huruf/)

    const reason = 'Surat Inspektorat 700/123/2026: pemeriksaan bersama Diskominfo'
    const read = await recordWbsRead(em(), users.admin!, code, reason, now)
    expect(read.until.getTime() - now.getTime()).toBe(WBS_READ_HOURS * HOUR)
    const view = await complaintForViewer(em(), code, asker(users.admin!), now)
    expect(view).toMatchObject({ description: expect.stringContaining('uang pelicin'), as: 'admin', actions: [],
      reporter: null })
    expect(view!.timeline.map(step => step.actorName)).not.toContain('Staf warga')
    const note = await refusal(actOnComplaint(em(), { trackingCode: code, asker: asker(users.admin!),
      action: 'add_note', input: { note: 'catatan admin' } }))
    expect([note.kind, note.refusal]).toEqual(['refused', 'role'])
    expect(await complaintForViewer(em(), code, asker(users.admin!),
      new Date(now.getTime() + WBS_READ_HOURS * HOUR + 1000))).toBeNull()

    const inspektorat = await complaintForViewer(em(), code, asker(users.inspektorat!))
    expect(inspektorat?.adminReads).toEqual([{ at: expect.any(Date), admin: 'Staf admin', reason }])
  })

  it('keeps the record of reasons append-only, and other OPDs out', async () => {
    await expect(execute('delete from "complaint_wbs_read"')).rejects.toThrow(/append-only/)
    await expect(execute('update "complaint_wbs_read" set "reason" = \'lain\'')).rejects.toThrow(/append-only/)
    expect(await complaintForViewer(em(), code, asker(users.capil!))).toBeNull()
    expect((await refusal(recordWbsRead(em(), users.capil!, code, 'Saya juga ingin membaca pengaduan ini')))
      .kind).toBe('not-found')
  })
})

describe('complaint types edited by an admin', () => {
  it('takes an edit into the next suggestion at once, and keeps it through a later seed', async () => {
    const before = (await findComplaintType(em(), 'jalan-rusak'))!
    const text = 'Batu cadas berlumut menonjol di tengah lintasan, tolong segera ditangani'
    const agencies = async () => (await suggestComplaintTargets(execute, synonyms, text)).map(s => s.agency.slug)
    expect(await agencies()).not.toContain('dinas-pupr')

    const edited = await saveComplaintType(em(), users.admin!, 'jalan-rusak', {
      name: before.name, agency: before.agency.slug, category: before.category.code, service: before.service?.slug,
      keywords: [...before.keywords, 'batu cadas berlumut'].join('\n') })
    expect(edited).toMatchObject({ keywords: expect.arrayContaining(['batu cadas berlumut']), editedBy: 'Staf admin',
      service: before.service, active: true })
    expect((await agencies())[0]).toBe('dinas-pupr')

    const untouched = await em().findOneOrFail(ComplaintTypeSchema, { key: 'lampu-jalan' })
    await execute('update "complaint_type" set "name" = \'diubah langsung\' where "key" = \'lampu-jalan\'')
    await seedCatalogue(em(), seeded.files)
    expect((await findComplaintType(em(), 'jalan-rusak'))?.keywords).toContain('batu cadas berlumut')
    expect((await findComplaintType(em(), 'lampu-jalan'))?.name).toBe(untouched.name)
  })

  it('creates a type with a key of its own and checks its category and service belong to its OPD', async () => {
    const input = { name: 'Antrean rekam KTP terlalu panjang', agency: 'disdukcapil', category: '01.12',
      service: 'ktp-el', keywords: 'antrean rekam, Antrean Rekam, antre rekam ktp', active: 'ya' }
    const created = await saveComplaintType(em(), users.admin!, null, input)
    expect(created).toMatchObject({ key: 'antrean-rekam-ktp-terlalu-panjang', active: true,
      keywords: ['antrean rekam', 'antre rekam ktp'] })
    expect((await saveComplaintType(em(), users.admin!, null, input)).key)
      .toBe('antrean-rekam-ktp-terlalu-panjang-2')
    const wrong = await refusal(saveComplaintType(em(), users.admin!, null, { ...input, category: '01.03',
      service: 'persetujuan-bangunan-gedung', keywords: 'Kata (salah)' }))
    expect(Object.keys(wrong.errors)).toEqual(['keywords'])
    const otherOpd = await refusal(saveComplaintType(em(), users.admin!, null, { ...input, category: '01.03' }))
    expect(otherOpd.errors.category).toMatch(/bukan kategori/)
    const otherService = await refusal(saveComplaintType(em(), users.admin!, null,
      { ...input, service: 'persetujuan-bangunan-gedung' }))
    expect(otherService.errors.service).toMatch(/bukan layanan/)
  })
})

describe('the audit trail of the complaint tools', () => {
  interface Entry {
    actor_id: number
    entity_id: string
    before: Record<string, unknown>
    after: Record<string, unknown>
  }
  const entries = (action: string) => execute<Entry>(`select "actor_id", "entity_id", "before", "after"
    from "audit_entry" where "action" = $1 order by "id"`, [action])

  it('records redactions, photos, whistleblowing reads and type edits, without the texts themselves', async () => {
    const redactions = await entries('complaint.redact')
    expect(redactions.length).toBeGreaterThan(0)
    expect(redactions[0]).toMatchObject({ actor_id: users.admin!.id, after: { redacted: true } })
    expect(JSON.stringify(redactions)).not.toMatch(/0812|Budi|Gisting|disunting/)
    expect((await entries('complaint.hide_photo'))[0]).toMatchObject({ after: { hidden: true } })
    expect((await entries('complaint.show_photo'))[0]).toMatchObject({ after: { hidden: false } })
    expect((await entries('complaint.restore_text')).length).toBeGreaterThan(0)
    const read = (await entries('complaint.wbs_read'))[0]
    expect(read?.after).toHaveProperty('readUntil')
    expect(JSON.stringify(read)).not.toContain('700/123')
    const created = await entries('complaint_type.create')
    expect(created.map(row => row.entity_id)).toContain('antrean-rekam-ktp-terlalu-panjang')
    const updated = (await entries('complaint_type.update'))[0]
    expect(updated?.after.keywords).toContain('batu cadas berlumut')
    expect(Object.keys(updated!.after)).toEqual(['keywords'])
  })
})
