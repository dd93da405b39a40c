import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServiceForm } from '../../server/catalogue/form-schema'
import { AgencySchema, type Agency } from '../../server/database/entities/agency'
import { RequestSchema } from '../../server/database/entities/request'
import { ServiceSchema } from '../../server/database/entities/service'
import { UploadSchema, type Upload } from '../../server/database/entities/upload'
import type { Role, User } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { checkApplication } from '../../server/requests/answers'
import {
  actOnRequest, draftsOfApplicant, officerInbox, RequestError, requestForViewer, requestsOfApplicant, saveDraft,
  submitRequest, trackPublic,
} from '../../server/requests/requests'
import { makeTestUser } from '../support/accounts'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let disdukcapil: Agency
let otherAgency: Agency
let citizen: User
let stranger: User
let officer: User
let head: User
let foreignOfficer: User
let admin: User

const em = () => seeded.database.orm.em.fork()
const NIK_IBU = '1806015505900001'
/** Monday 7 December 2026, 10:00 WIB. */
const MONDAY = new Date('2026-12-07T03:00:00Z')
const day = (date: string) => new Date(`${date}T03:00:00Z`)

const makeUser = (role: Role, agency: Agency | null = null) => makeTestUser(em(), role, { agency })

async function upload(owner: User, contentType: Upload['contentType'] = 'application/pdf'): Promise<string> {
  const fork = em()
  const file = fork.create(UploadSchema, { publicId: randomUUID(), owner: owner.id, fileName: 'kk.pdf', size: 1000,
    contentType, storageKey: randomBytes(16).toString('hex'), sha256: 'a'.repeat(64) })
  await fork.flush()
  return file.publicId
}

async function application(owner: User, overrides: Record<string, unknown> = {}) {
  return {
    applicant: owner,
    serviceSlug: 'akta-kelahiran',
    answers: { namaAnak: 'Rara Anjani', jenisKelaminAnak: 'perempuan', tanggalLahirAnak: '2026-11-20',
      tempatLahirAnak: 'Tanggamus', anakKe: '2', nikIbu: NIK_IBU, orangTuaPunyaBukuNikah: 'ya',
      kecamatan: '18.06.20', nomorHp: '0812 3456 7890' },
    documents: { kartuKeluarga: await upload(owner) },
    idempotencyKey: randomUUID(),
    now: MONDAY,
    ...overrides,
  }
}

async function refusal(work: Promise<unknown>): Promise<RequestError> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(RequestError)
  return error as RequestError
}

const outbox = (code: string) => execute<{ recipient: string, subject: string, text_body: string }>(
  `select "recipient", "subject", "text_body" from "outbox_message" where "subject" like $1 order by "id"`,
  [`%${code}%`])

beforeAll(async () => {
  // A key of the test's own, so the run writes no key file into .data/.
  process.env.PERSONAL_DATA_KEY = randomBytes(32).toString('base64')
  seeded = await openSeededDatabase('requests')
  execute = sqlExecutor(seeded.database.orm)
  const fork = em()
  const service = await fork.findOneOrFail(ServiceSchema, { slug: 'akta-kelahiran' }, { populate: ['agency'] })
  // The seed leaves the jangka waktu unknown; three working days give the due dates below something to count.
  service.durationDays = 3
  disdukcapil = service.agency
  disdukcapil.email = 'layanan@disdukcapil.contoh.test'
  await fork.flush()
  otherAgency = (await fork.find(AgencySchema, { id: { $ne: disdukcapil.id } }, { limit: 1 }))[0]!
  citizen = await makeUser('citizen')
  stranger = await makeUser('citizen')
  officer = await makeUser('officer', disdukcapil)
  head = await makeUser('head', disdukcapil)
  foreignOfficer = await makeUser('head', otherAgency)
  admin = await makeUser('admin')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('a permohonan from submission to completion', () => {
  it('goes through verification, a fix, processing and completion, with its timeline and e-mails', async () => {
    const sent = await submitRequest(em(), await application(citizen))
    expect(sent).toMatchObject({ status: 'diajukan', dueDate: '2026-12-10', created: true })
    const code = sent.trackingCode

    const act = (actor: User, action: string, date: string, extra: object = {}) =>
      actOnRequest(em(), { trackingCode: code, actor, action, now: day(date), ...extra })
    await act(officer, 'verify', '2026-12-07')
    await act(officer, 'request_fix', '2026-12-08', { note: 'Foto KK buram; unggah ulang yang jelas.' })
    const newScan = await upload(citizen, 'image/jpeg')
    const resubmitted = await act(citizen, 'resubmit', '2026-12-10',
      { note: 'Sudah saya unggah ulang.', input: { documents: { kartuKeluarga: newScan } } })
    // Paused from Tuesday to Thursday: two working days added to Thursday the 10th.
    expect(resubmitted).toMatchObject({ status: 'dilengkapi', dueDate: '2026-12-14' })
    await act(officer, 'start_processing', '2026-12-10')
    await act(officer, 'add_note', '2026-12-10', { note: 'Cek register kelahiran.' })
    const output = await upload(officer)
    const done = await act(officer, 'complete', '2026-12-11', { input: { outputDocumentId: output } })
    expect(done.status).toBe('selesai')

    const forCitizen = await requestForViewer(em(), code, citizen)
    expect(forCitizen!.timeline.map(step => `${step.action}:${step.to}`)).toEqual(['submit:diajukan',
      'verify:diverifikasi', 'request_fix:perlu_perbaikan', 'resubmit:dilengkapi', 'start_processing:diproses',
      'complete:selesai'])
    expect(forCitizen!.documents[0]!.upload.id).toBe(newScan)
    expect(forCitizen!.outputDocumentId).toBe(output)
    const forOfficer = await requestForViewer(em(), code, officer)
    expect(forOfficer!.timeline.find(step => step.action === 'add_note')).toMatchObject({ internal: true })

    const mails = await outbox(code)
    expect(mails.map(mail => [mail.recipient, mail.subject])).toEqual([
      [citizen.email, `Permohonan ${forCitizen!.service.name} diterima: ${code}`],
      ['layanan@disdukcapil.contoh.test', `Permohonan baru ${forCitizen!.service.name}: ${code}`],
      [citizen.email, `Permohonan ${code} perlu perbaikan`],
      [citizen.email, `Permohonan ${code} selesai`],
    ])
    expect(mails[0]!.text_body).toContain('10 Desember 2026')
    expect(mails[2]!.text_body).toContain('Foto KK buram')
    expect(mails.map(mail => mail.text_body).join()).not.toContain(NIK_IBU)
  })

  it('counts the due date past the Christmas holiday and its cuti bersama', async () => {
    const sent = await submitRequest(em(), await application(citizen, { now: day('2026-12-21') }))
    expect(sent.dueDate).toBe('2026-12-28')
  })

  it('refuses an illegal step with the state machine\'s message', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const error = await refusal(actOnRequest(em(), { trackingCode, actor: officer, action: 'complete', now: MONDAY,
      input: { outputDocumentId: randomUUID() } }))
    expect(error).toMatchObject({ kind: 'refused', refusal: 'state' })
    expect(error.message).toMatch(/^Permohonan berstatus diajukan tidak bisa diselesaikan/)
    const noReason = await refusal(actOnRequest(em(), { trackingCode, actor: officer, action: 'reject', now: MONDAY }))
    expect(noReason).toMatchObject({ kind: 'invalid-input', errors: { note: 'Tuliskan alasan penolakan.' } })
  })

  it('moves to another OPD on a head\'s forward, which then handles it alone', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const forwarded = await actOnRequest(em(), { trackingCode, actor: head, action: 'forward', now: MONDAY,
      note: 'Salah OPD.', input: { toAgency: otherAgency.slug } })
    expect(forwarded.agency).toBe(otherAgency.slug)
    expect(await requestForViewer(em(), trackingCode, officer)).toBeNull()
    expect(await requestForViewer(em(), trackingCode, foreignOfficer)).not.toBeNull()
  })
})

describe('checking an application', () => {
  it('reports every wrong field with a plain Indonesian message', async () => {
    const theirs = await upload(stranger)
    const error = await refusal(submitRequest(em(), await application(citizen, {
      answers: { namaAnak: '', jenisKelaminAnak: 'lainnya', tanggalLahirAnak: '2026-02-30', anakKe: 'dua',
        nikIbu: '1806019999900001', orangTuaPunyaBukuNikah: 'mungkin', kecamatan: '18.71.01', nomorHp: '12345' },
      documents: { kartuKeluarga: theirs, suratKeteranganLahir: 'bukan-id' },
    })))
    expect(error.kind).toBe('invalid-input')
    expect(error.errors).toEqual({
      namaAnak: 'Isi nama lengkap anak.',
      jenisKelaminAnak: 'Pilih salah satu pilihan yang ada.',
      tanggalLahirAnak: expect.stringMatching(/^Tanggal belum benar/),
      tempatLahirAnak: 'Isi tempat lahir anak.',
      anakKe: 'Isi dengan angka. Contoh: 2',
      nikIbu: 'Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak valid.',
      orangTuaPunyaBukuNikah: 'Pilih Ya atau Tidak.',
      kecamatan: 'Pilih kecamatan di Kabupaten Tanggamus.',
      nomorHp: 'Nomor HP belum benar. Contoh: 0812 3456 7890',
      kartuKeluarga: 'Berkas untuk Kartu Keluarga (KK) tidak ditemukan; unggah lagi.',
      suratKeteranganLahir: 'Berkas untuk surat keterangan lahir tidak ditemukan; unggah lagi.',
    })
  })

  it('reads a key named like a built-in (constructor) as unanswered, not as an unreadable answer', async () => {
    // The schema now refuses such keys; a form stored before it, and any posted object, must still read own fields.
    const form = { questions: [
      { key: 'constructor', label: 'Nama panggilan', type: 'text', required: false },
      { key: 'toString', label: 'Nama lengkap anak', type: 'text', required: true },
    ], documents: [{ key: 'valueOf', label: 'Kartu Keluarga (KK)', required: true, accept: ['application/pdf'],
      maxBytes: 1024 * 1024 }] } as ServiceForm
    const { errors, checked } = await checkApplication(em(), form, citizen, { answers: {}, documents: {} }, MONDAY)
    expect(errors).toEqual({ toString: 'Isi nama lengkap anak.', valueOf: 'Unggah Kartu Keluarga (KK).' })
    expect(checked.answers).toEqual({})
  })

  it('asks for a required document and refuses a date a century off', async () => {
    const base = await application(citizen)
    const error = await refusal(submitRequest(em(), { ...base, documents: {},
      answers: { ...base.answers, tanggalLahirAnak: '1850-01-01' } }))
    expect(error.errors).toEqual({ kartuKeluarga: 'Unggah Kartu Keluarga (KK).',
      tanggalLahirAnak: 'Tanggal harus antara tahun 1900 dan 2031.' })
  })
})

describe('who may see and act', () => {
  it('keeps another citizen and another OPD out, as if the request did not exist', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    expect(await requestForViewer(em(), trackingCode, stranger)).toBeNull()
    expect(await requestForViewer(em(), trackingCode, foreignOfficer)).toBeNull()
    expect(await requestForViewer(em(), trackingCode, admin)).not.toBeNull()
    for (const [actor, action] of [[stranger, 'resubmit'], [foreignOfficer, 'verify'], [foreignOfficer, 'forward']]) {
      const error = await refusal(actOnRequest(em(), { trackingCode, actor: actor as User, action: action as string,
        note: 'x', input: { toAgency: otherAgency.slug }, now: MONDAY }))
      expect(error).toMatchObject({ kind: 'not-found', message: 'Permohonan dengan kode itu tidak ditemukan.' })
    }
    expect((await requestsOfApplicant(em(), stranger)).map(r => r.trackingCode)).not.toContain(trackingCode)
  })

  it('lets the owner act only as a citizen may', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const error = await refusal(actOnRequest(em(), { trackingCode, actor: citizen, action: 'verify', now: MONDAY }))
    expect(error).toMatchObject({ kind: 'refused', refusal: 'role' })
  })
})

describe('sending twice', () => {
  it('gives one request for the same key, also when the calls race', async () => {
    const input = await application(citizen)
    const results = await Promise.all(Array.from({ length: 8 }, () => submitRequest(em(), input)))
    expect(new Set(results.map(result => result.trackingCode)).size).toBe(1)
    expect(results.filter(result => result.created)).toHaveLength(1)
    const rows = await execute('select "id" from "request" where "idempotency_key" = $1', [input.idempotencyKey])
    expect(rows).toHaveLength(1)
    expect(await outbox(results[0]!.trackingCode)).toHaveLength(2)
  })
})

describe('the timeline', () => {
  it('refuses UPDATE and DELETE in PostgreSQL itself', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const [request] = await execute<{ id: number }>('select "id" from "request" where "tracking_code" = $1',
      [trackingCode])
    await expect(execute('update "request_event" set "note" = \'diubah\' where "request_id" = $1', [request!.id]))
      .rejects.toThrow(/append-only/)
    await expect(execute('delete from "request_event" where "request_id" = $1', [request!.id]))
      .rejects.toThrow(/append-only/)
    const events = await execute('select "note" from "request_event" where "request_id" = $1', [request!.id])
    expect(events).toEqual([{ note: null }])
  })
})

describe('personal data', () => {
  it('stores a NIK only sealed, masks it for the applicant and shows it to the handling officer', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const [row] = await execute<{ answers: Record<string, unknown>, raw: string }>(
      'select "answers", "answers"::text as "raw" from "request" where "tracking_code" = $1', [trackingCode])
    expect(row!.raw).not.toContain(NIK_IBU)
    expect(row!.answers.nikIbu).toEqual({ sealed: expect.stringMatching(/^pd1\.[0-9a-f]{8}\./) })

    const nikFor = async (viewer: User) =>
      (await requestForViewer(em(), trackingCode, viewer))!.answers.find(answer => answer.key === 'nikIbu')!.value
    expect(await nikFor(citizen)).toBe('1806••••••••0001')
    expect(await nikFor(admin)).toBe('1806••••••••0001')
    expect(await nikFor(officer)).toBe(NIK_IBU)
  })

  it('answers a public lookup with the service, the status and the dates only', async () => {
    const { trackingCode } = await submitRequest(em(), await application(citizen))
    const tracked = await trackPublic(em(), trackingCode.toLowerCase().replaceAll('-', ' '))
    expect(Object.keys(tracked!).sort()).toEqual(['dueDate', 'service', 'status', 'submittedAt', 'trackingCode',
      'updatedAt'])
    expect(JSON.stringify(tracked)).not.toMatch(/1806|0812|Rara|citizen/)
    expect(await trackPublic(em(), 'TGM-2222-2222-2222')).toBeNull()
  })

  it('keeps a draft with its NIK sealed, for its citizen to resume', async () => {
    await saveDraft(em(), { applicant: stranger, serviceSlug: 'akta-kelahiran', answers: { nikIbu: NIK_IBU,
      namaAnak: 'Bayu' }, documents: {}, step: 'isian', now: MONDAY })
    const [draft] = await execute<{ raw: string }>('select "answers"::text as "raw" from "request_draft"')
    expect(draft!.raw).not.toContain(NIK_IBU)
    expect(await draftsOfApplicant(em(), stranger)).toMatchObject([{ step: 'isian',
      answers: { nikIbu: NIK_IBU, namaAnak: 'Bayu' } }])
    expect(await draftsOfApplicant(em(), citizen)).toEqual([])
  })
})

describe('the officer inbox', () => {
  it('lists its own OPD\'s requests, overdue first, page by page, with a capped count', async () => {
    const inboxCitizen = await makeUser('citizen')
    const fresh = await submitRequest(em(), await application(inboxCitizen, { now: day('2026-12-15') }))
    const old = await submitRequest(em(), await application(inboxCitizen, { now: day('2026-12-01') }))
    const now = day('2026-12-16')

    const all: string[] = []
    let cursor: string | undefined
    do {
      const page = await officerInbox(em(), officer, { limit: 2, cursor, now })
      all.push(...page.items.map(item => item.trackingCode))
      expect(page.count.capped).toBe(false)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(all.indexOf(old.trackingCode)).toBeLessThan(all.indexOf(fresh.trackingCode))
    expect(new Set(all).size).toBe(all.length)

    const overdue = await officerInbox(em(), officer, { overdue: true, now, limit: 100 })
    expect(overdue.items.map(item => item.trackingCode)).toContain(old.trackingCode)
    expect(overdue.items.map(item => item.trackingCode)).not.toContain(fresh.trackingCode)
    expect(overdue.items.every(item => item.overdue)).toBe(true)

    const foreign = await officerInbox(em(), foreignOfficer, { now, limit: 100 })
    expect(foreign.items.map(item => item.trackingCode)).not.toContain(old.trackingCode)
  })

  it('filters by one status, closed ones included, in the same order and with a count of that status', async () => {
    const now = day('2026-12-16')
    const submitted = await officerInbox(em(), officer, { status: 'diajukan', now, limit: 100 })
    expect(submitted.items.length).toBeGreaterThan(0)
    expect(submitted.items.every(item => item.status === 'diajukan')).toBe(true)
    expect(submitted.count.value).toBe(submitted.items.length)
    const dates = submitted.items.map(item => item.dueDate ?? 'infinity')
    expect(dates).toEqual([...dates].sort())
    const overdueSubmitted = await officerInbox(em(), officer, { status: 'diajukan', overdue: true, now, limit: 100 })
    expect(overdueSubmitted.items.every(item => item.overdue && item.status === 'diajukan')).toBe(true)
    expect((await officerInbox(em(), officer, { status: 'selesai', now })).count.value)
      .toBe(await em().count(RequestSchema, { status: 'selesai', agency: officer.agency!.id }))
  })
})

describe('telling the OPD', () => {
  it('writes to each officer and head of an OPD that has no address of its own', async () => {
    const sent = await submitRequest(em(), await application(citizen))
    await actOnRequest(em(), { trackingCode: sent.trackingCode, actor: head, action: 'forward',
      note: 'Bukan kewenangan kami.', input: { toAgency: otherAgency.slug }, now: MONDAY })
    const mails = await outbox(sent.trackingCode)
    expect(mails.filter(mail => mail.subject.startsWith('Permohonan baru')).map(mail => mail.recipient))
      .toEqual(['layanan@disdukcapil.contoh.test', foreignOfficer.email])
  })
})
