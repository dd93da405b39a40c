import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../server/accounts/password-hash'
import { actOnComplaint } from '../../server/complaints/act'
import { runDeadlinePass } from '../../server/complaints/deadline-task'
import { fileComplaint } from '../../server/complaints/file'
import { ComplaintError } from '../../server/complaints/errors'
import { AgencySchema } from '../../server/database/entities/agency'
import { ComplaintEventSchema, ComplaintSchema } from '../../server/database/entities/complaint'
import { UserSchema, type User } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { buildSynonymIndex, parseSynonyms } from '../../server/search/analyse'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let synonyms: Map<string, string[]>
let warga: User
const em = () => seeded.database.orm.em.fork()
/** Monday 7 December 2026, 10:00 WIB. */
const MONDAY = new Date('2026-12-07T03:00:00Z')

const base = {
  title: 'Sampah tidak diangkut', privacy: 'biasa', kecamatan: 'Kota Agung',
  description: 'Sampah di pasar sudah seminggu menumpuk dan tidak diangkut petugas, baunya sampai ke rumah warga.',
}

function file(complaint: Record<string, unknown>, reporter: User | null = warga, key = randomUUID()) {
  return fileComplaint(em(), { reporter, complaint, idempotencyKey: key, now: MONDAY }, synonyms)
}

async function refusal(work: Promise<unknown>): Promise<ComplaintError> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(ComplaintError)
  return error as ComplaintError
}

beforeAll(async () => {
  seeded = await openSeededDatabase('complaints_file')
  execute = sqlExecutor(seeded.database.orm)
  synonyms = buildSynonymIndex(parseSynonyms(seeded.files.synonyms))
  const fork = em()
  warga = fork.create(UserSchema, { email: 'pelapor@contoh.test', name: 'Rina Pelapor', phone: null,
    passwordHash: 'unused', role: 'citizen', agency: null, active: true, sessionVersion: 1, lastLoginAt: null })
  await fork.flush()
})
afterAll(async () => {
  await seeded?.database.close()
})

const stored = (code: string) => em().findOneOrFail(ComplaintSchema, { trackingCode: code },
  { populate: ['agency', 'category', 'service'] })
const timeline = (code: string) => execute<{ action: string, to_status: string, actor_name: string }>(
  `select e."action", e."to_status", e."actor_name" from "complaint_event" e join "complaint" c
    on c."id" = e."complaint_id" where c."tracking_code" = $1 order by e."id"`, [code])

describe('routing a new pengaduan', () => {
  it('sends it to the OPD of the chosen service, with five working days to answer', async () => {
    const filed = await file({ ...base, service: 'akta-kelahiran', title: 'Akta belum jadi',
      description: 'Sudah sebulan mengurus akta kelahiran anak tetapi belum jadi juga, disuruh kembali terus.' })
    expect(filed).toMatchObject({ status: 'didisposisikan', dueDate: '2026-12-14', created: true })
    expect(filed.trackingCode).toMatch(/^ADU-[2-9AFKMRTWXY]{4}-[2-9AFKMRTWXY]{4}-[2-9AFKMRTWXY]{4}$/)
    expect(filed.pin).toBeUndefined()
    const complaint = await stored(filed.trackingCode)
    expect([complaint.agency?.slug, complaint.routedBy]).toEqual(['disdukcapil', 'layanan'])
    expect(await timeline(filed.trackingCode)).toEqual([
      { action: 'file', to_status: 'diterima', actor_name: 'Rina Pelapor' },
      { action: 'dispose', to_status: 'didisposisikan', actor_name: 'Sistem MPP Digital' },
    ])
  })

  it('sends it to the first OPD of the chosen category', async () => {
    const filed = await file({ ...base, category: '01.03', title: 'Saluran tersumbat',
      description: 'Gorong-gorong di depan pasar tersumbat sampah, air meluap ke jalan tiap hujan turun.' })
    expect((await stored(filed.trackingCode)).agency?.slug).toBe('dinas-pupr')
  })

  it('follows a confident suggestion, and leaves a vague complaint to Diskominfo with three days', async () => {
    const rubbish = await stored((await file(base)).trackingCode)
    expect(rubbish.routedBy).toBe('saran')
    expect(rubbish.agency).not.toBeNull()
    const vague = await file({ ...base, title: 'Tolong diperhatikan',
      description: 'Mohon bapak ibu memperhatikan keadaan di tempat kami, sudah lama kami menunggu perhatian.' })
    expect(vague).toMatchObject({ status: 'diterima', dueDate: '2026-12-10' })
    expect((await stored(vague.trackingCode)).agency).toBeNull()
  })

  it('sends whistleblowing to the Inspektorat and aspirasi to the Sekretariat DPRD', async () => {
    const wbs = await file({ ...base, channel: 'wbs', privacy: 'rahasia', title: 'Pungutan di loket',
      description: 'Petugas loket meminta uang pelicin agar berkas cepat diproses, tanpa kuitansi apa pun.' })
    expect((await stored(wbs.trackingCode)).agency?.slug).toBe('inspektorat')
    const aspirasi = await file({ ...base, channel: 'aspirasi', title: 'Usul jembatan gantung',
      description: 'Warga mengusulkan jembatan gantung di atas sungai agar anak sekolah tidak menyeberang arus.' })
    expect((await stored(aspirasi.trackingCode)).agency?.slug).toBe('setwan')
  })
})

describe('a reporter without an account', () => {
  it('gets a PIN once, kept only as a hash; a retry within a day shows the same code and PIN', async () => {
    const key = randomUUID()
    const first = await file({ ...base, privacy: 'anonim' }, null, key)
    expect(first.pin).toMatch(/^\d{8}$/)
    const complaint = await stored(first.trackingCode)
    expect(await verifyPassword(complaint.pinHash!, first.pin!)).toBe(true)
    expect(complaint.pinSealed).not.toContain(first.pin)
    expect(await file({ ...base, privacy: 'anonim' }, null, key)).toEqual({ ...first, created: false })
    const other = await refusal(file({ ...base, privacy: 'anonim', title: 'Judul lain sama sekali' }, null, key))
    expect(other.kind).toBe('conflict')
    expect((await timeline(first.trackingCode))[0]!.actor_name).toBe('Pelapor')
  })

  it('files once when the same post arrives many times at once', async () => {
    const key = randomUUID()
    const results = await Promise.all(Array.from({ length: 6 }, () => file(base, null, key)))
    expect(new Set(results.map(result => result.trackingCode)).size).toBe(1)
    expect(results.filter(result => result.created)).toHaveLength(1)
    expect(new Set(results.map(result => result.pin)).size).toBe(1)
  })
})

describe('bad input', () => {
  it('names every wrong field in plain Indonesian and writes nothing', async () => {
    const count = async () => (await execute<{ n: string }>('select count(*) as n from "complaint"'))[0]!.n
    const before = await count()
    const error = await refusal(file({ title: 'ab', description: 'x'.repeat(4001), kecamatan: 'Bandung',
      privacy: 'terbuka', location: { lat: -6.9, long: 107.6 }, email: 'bukan-email' }))
    expect(error.kind).toBe('invalid-input')
    expect(Object.keys(error.errors).sort()).toEqual(['description', 'email', 'location', 'privacy', 'title'])
    const place = await refusal(file({ ...base, kecamatan: 'Bandung', service: 'tidak-ada' }))
    expect(place.errors).toMatchObject({ kecamatan: expect.stringContaining('Tanggamus'),
      service: expect.any(String) })
    expect(await count()).toBe(before)
  })
})

describe('the timeline of a pengaduan', () => {
  it('refuses UPDATE and DELETE in PostgreSQL itself', async () => {
    const filed = await file(base)
    await expect(execute(`update "complaint_event" set "note" = 'diubah' where "complaint_id" =
      (select "id" from "complaint" where "tracking_code" = $1)`, [filed.trackingCode])).rejects.toThrow(/append-only/)
    await expect(em().nativeDelete(ComplaintEventSchema, {})).rejects.toThrow(/append-only/)
  })
})

describe('the deadline pass', () => {
  it('closes an answered complaint after ten working days and tells the OPD head of a late answer once', async () => {
    const fork = em()
    const head = fork.create(UserSchema, { email: 'kepala@dishub.test', name: 'Kepala Dishub', phone: null,
      passwordHash: 'unused', role: 'head', agency: (await fork.findOneOrFail(AgencySchema, { slug: 'dishub' })).id,
      active: true, sessionVersion: 1, lastLoginAt: null })
    await fork.flush()
    const late = await file({ ...base, category: '01.15', title: 'Rambu hilang' })
    const answered = await file({ ...base, category: '01.15', title: 'Lampu lalu lintas mati' })
    await actOnComplaint(em(), { trackingCode: answered.trackingCode, asker: { user: head, pin: null },
      action: 'answer', input: { note: 'Sudah diperbaiki petugas kemarin sore.' }, now: MONDAY })

    // Monday 28 December 2026: both deadlines (answer by 14 December, objection window to 21 December) are past.
    const later = new Date('2026-12-28T03:00:00Z')
    expect(await runDeadlinePass(em(), later)).toMatchObject({ closed: 1 })
    expect((await stored(answered.trackingCode)).status).toBe('selesai')
    const notices = () => execute<{ recipient: string }>(`select "recipient" from "outbox_message"
      where "subject" like $1`, [`Pengaduan ${late.trackingCode} melewati batas%`])
    expect((await notices()).map(row => row.recipient)).toEqual(['kepala@dishub.test'])
    expect(await runDeadlinePass(em(), later)).toEqual({ closed: 0, lateNotices: 0 })
    expect(await notices()).toHaveLength(1)
  })
})
