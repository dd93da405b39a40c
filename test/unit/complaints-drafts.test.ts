import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attachDraftPhoto, complaintDraftOf, fileComplaintDraft, NO_SUGGESTION, startComplaintDraft }
  from '../../server/complaints/drafts'
import { ComplaintError } from '../../server/complaints/errors'
import { MAX_PHOTOS } from '../../server/complaints/file'
import { ComplaintSchema } from '../../server/database/entities/complaint'
import { ComplaintDraftPhotoSchema } from '../../server/database/entities/complaint-draft'
import { UploadSchema } from '../../server/database/entities/upload'
import { buildSynonymIndex, parseSynonyms } from '../../server/search/analyse'
import { LocalDiskStorage } from '../../server/uploads/local-disk-storage'
import type { UploadRequest } from '../../server/uploads/receive'
import { openSeededDatabase } from '../support/database'

/** The two steps of a pengaduan filed from the page: a draft, its photos, the suggestion picked (issue 4). */
let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let synonyms: Map<string, string[]>
let storage: LocalDiskStorage
let root: string
const em = () => seeded.database.orm.em.fork()

const BOUNDARY = '----MppTanggamusDraftBoundary'
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082',
  'hex')
const HEAD = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="foto.png"\r\n`
  + 'Content-Type: image/png\r\n\r\n')
const CLOSING = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)

/** A photo post whose body arrives only when `arrive` resolves, as from a slow phone. */
function photoPost(arrive: Promise<void> = Promise.resolve(), onRead = () => {}): UploadRequest {
  async function* body() {
    onRead()
    await arrive
    yield Buffer.concat([HEAD, PNG, CLOSING])
  }
  return Object.assign(Readable.from(body()), { headers: {
    'content-type': `multipart/form-data; boundary=${BOUNDARY}` } }) as UploadRequest
}

const lamp = { title: 'Lampu jalan mati', kecamatan: 'Kota Agung', privacy: 'biasa',
  description: 'Lampu jalan di gang kami mati sudah dua minggu, gelap total dan motor tetangga hilang.' }

async function draftOf(fields: Record<string, string> = lamp, pick?: string) {
  const token = await startComplaintDraft(em(), { reporter: null, fields, pick, synonyms })
  return (await complaintDraftOf(em(), token, null))!
}

let address = 0
const attach = (draft: Awaited<ReturnType<typeof draftOf>>, body = photoPost()) =>
  attachDraftPhoto(em(), { draft, body, storage, clientAddress: `192.0.2.${++address}` })

beforeAll(async () => {
  seeded = await openSeededDatabase('complaint_drafts')
  synonyms = buildSynonymIndex(parseSynonyms(seeded.files.synonyms))
  root = await mkdtemp(join(tmpdir(), 'mpp-drafts-'))
  storage = new LocalDiskStorage(root)
})
afterAll(async () => {
  await seeded?.database.close()
  await rm(root, { recursive: true, force: true })
})

describe('photos of a draft', () => {
  it(`never become more than ${MAX_PHOTOS}, even when the last place is taken by two posts at once`, async () => {
    const draft = await draftOf()
    for (let i = 1; i < MAX_PHOTOS; i++) await attach(draft)
    const uploadsBefore = await em().count(UploadSchema, {})

    // Both posts are counted before either photo has arrived: the early count lets both through.
    let reading = 0
    let release = () => {}
    const arrive = new Promise<void>((resolve) => {
      release = resolve
    })
    const posts = [1, 2].map(() => attach(draft, photoPost(arrive, () => {
      if (++reading === 2) release()
    })))
    const outcomes = await Promise.allSettled(posts)

    expect(outcomes.filter(outcome => outcome.status === 'fulfilled')).toHaveLength(1)
    const refused = outcomes.find(outcome => outcome.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(ComplaintError)
    expect((refused.reason as ComplaintError).errors.file).toContain(`Paling banyak ${MAX_PHOTOS} foto`)
    expect(await em().count(ComplaintDraftPhotoSchema, { draft: draft.id })).toBe(MAX_PHOTOS)
    // The refused photo's row is gone, not left behind without an owner.
    expect(await em().count(UploadSchema, {})).toBe(uploadsBefore + 1)
  })
})

describe('the suggestion picked on the form', () => {
  const file = async (pick?: string, fields = lamp) => {
    const draft = await draftOf(fields, pick)
    const filed = await fileComplaintDraft(em(), { draft, synonyms, clientAddress: `198.51.100.${++address}` })
    return em().findOneOrFail(ComplaintSchema, { trackingCode: filed.trackingCode },
      { populate: ['agency', 'complaintType', 'service'] })
  }
  const roads = { ...lamp, title: 'Jalan dan rambu rusak',
    description: 'Jalan berlubang dan rambu lalu lintas roboh di depan pasar, sudah sebulan dibiarkan begitu.' }

  it('sends the complaint to the OPD picked, the second as well as the first', async () => {
    for (const agency of ['dishub', 'dinas-pupr']) {
      const complaint = await file(agency, roads)
      expect([complaint.agency?.slug, complaint.status], agency).toEqual([agency, 'didisposisikan'])
    }
  })

  it('files under the complaint type of a suggestion that has no service', async () => {
    const complaint = await file('disdik', { ...lamp, title: 'Ijazah ditahan',
      description: 'Ijazah anak saya ditahan sekolah karena belum bayar uang komite, padahal sudah lulus.' })
    expect([complaint.agency?.slug, complaint.service, complaint.complaintType?.key, complaint.routedBy])
      .toEqual(['disdik', null, 'pungutan-sekolah', 'kategori'])
  })

  it('leaves it to Diskominfo after "none of these", though the text alone would have routed it', async () => {
    const dark = { ...lamp, title: 'Sampah tidak diangkut',
      description: 'Sampah di pasar sudah seminggu menumpuk dan tidak diangkut petugas, baunya sampai ke rumah warga.' }
    expect((await file(undefined, dark)).routedBy).toBe('saran')
    const none = await file(NO_SUGGESTION, dark)
    expect([none.agency, none.status, none.routedBy]).toEqual([null, 'diterima', 'verifikasi'])
  })

  it('is refused when the text no longer suggests that OPD, and nothing is saved', async () => {
    const drafts = () => seeded.database.orm.em.fork().getConnection()
      .execute('select count(*)::int as n from complaint_draft').then(rows => rows[0]!.n as number)
    const before = await drafts()
    const error = await draftOf(lamp, 'disdukcapil').then(() => null, (e: unknown) => e)
    expect(await drafts()).toBe(before)
    expect(error).toBeInstanceOf(ComplaintError)
    expect((error as ComplaintError).errors).toEqual({
      saran: 'Saran itu tidak cocok lagi dengan isi pengaduan. Pilih lagi dari daftar.' })
  })
})
