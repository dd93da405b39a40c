import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AgencySchema, type Agency } from '../../server/database/entities/agency'
import { ServiceSchema } from '../../server/database/entities/service'
import { UploadSchema, type Upload } from '../../server/database/entities/upload'
import type { Role, User } from '../../server/database/entities/user'
import { sqlExecutor, type Execute } from '../../server/database/sql'
import { requestFileGrant } from '../../server/requests/document-access'
import { actOnRequest, requestForViewer, submitRequest } from '../../server/requests/requests'
import { makeTestUser } from '../support/accounts'
import { openSeededDatabase } from '../support/database'

let seeded: Awaited<ReturnType<typeof openSeededDatabase>>
let execute: Execute
let disdukcapil: Agency
let citizen: User
let stranger: User
let officer: User
let foreignOfficer: User
let admin: User

const em = () => seeded.database.orm.em.fork()

const makeUser = (role: Role, agency: Agency | null = null) => makeTestUser(em(), role, { agency })

async function upload(owner: User): Promise<Upload> {
  const fork = em()
  const file = fork.create(UploadSchema, { publicId: randomUUID(), owner: owner.id, fileName: 'kk.pdf', size: 1000,
    contentType: 'application/pdf', storageKey: randomBytes(16).toString('hex'), sha256: 'a'.repeat(64) })
  await fork.flush()
  return file
}

async function submitted() {
  const kartuKeluarga = await upload(citizen)
  const { trackingCode } = await submitRequest(em(), { applicant: citizen, serviceSlug: 'akta-kelahiran',
    answers: { namaAnak: 'Rara Anjani', jenisKelaminAnak: 'perempuan', tanggalLahirAnak: '2026-11-20',
      tempatLahirAnak: 'Tanggamus', anakKe: '2', nikIbu: '1806015505900001', orangTuaPunyaBukuNikah: 'ya',
      kecamatan: '18.06.20', nomorHp: '0812 3456 7890' },
    documents: { kartuKeluarga: kartuKeluarga.publicId }, idempotencyKey: randomUUID(),
    now: new Date('2026-12-07T03:00:00Z') })
  const [row] = await execute<{ id: number }>('select "id" from "request" where "tracking_code" = $1', [trackingCode])
  return { trackingCode, id: row!.id, kartuKeluarga }
}

interface ViewRow {
  viewer_id: number
  viewer_role: string
  viewer_agency_id: number | null
  seen: string
}
const views = (requestId: number) => execute<ViewRow>(`select "viewer_id", "viewer_role", "viewer_agency_id",
  "seen" from "personal_data_view" where "request_id" = $1 order by "id"`, [requestId])

beforeAll(async () => {
  process.env.PERSONAL_DATA_KEY = randomBytes(32).toString('base64')
  seeded = await openSeededDatabase('staff_views')
  execute = sqlExecutor(seeded.database.orm)
  const fork = em()
  disdukcapil = (await fork.findOneOrFail(ServiceSchema, { slug: 'akta-kelahiran' }, { populate: ['agency'] })).agency
  const otherAgency = (await fork.find(AgencySchema, { id: { $ne: disdukcapil.id } }, { limit: 1 }))[0]!
  citizen = await makeUser('citizen')
  stranger = await makeUser('citizen')
  officer = await makeUser('officer', disdukcapil)
  foreignOfficer = await makeUser('officer', otherAgency)
  admin = await makeUser('admin')
})
afterAll(async () => {
  await seeded?.database.close()
})

describe('staff views of a request', () => {
  it('are recorded with who looked, in which role and OPD, and what was seen', async () => {
    const { trackingCode, id } = await submitted()
    expect(await requestForViewer(em(), trackingCode, officer)).not.toBeNull()
    expect(await requestForViewer(em(), trackingCode, admin)).not.toBeNull()

    expect(await views(id)).toEqual([
      { viewer_id: officer.id, viewer_role: 'officer', viewer_agency_id: disdukcapil.id, seen: 'request' },
      { viewer_id: admin.id, viewer_role: 'admin', viewer_agency_id: null, seen: 'request' },
    ])
  })

  it('are not recorded for the applicant, nor for anyone turned away', async () => {
    const { trackingCode, id } = await submitted()
    expect(await requestForViewer(em(), trackingCode, citizen)).not.toBeNull()
    expect(await requestForViewer(em(), trackingCode, stranger)).toBeNull()
    expect(await requestForViewer(em(), trackingCode, foreignOfficer)).toBeNull()
    expect(await views(id)).toEqual([])
  })

  it('are counted for an admin on the request, and the count is shown to admins only', async () => {
    const { trackingCode } = await submitted()
    const forOfficer = await requestForViewer(em(), trackingCode, officer)
    expect(forOfficer).not.toHaveProperty('staffViews')
    const forAdmin = await requestForViewer(em(), trackingCode, admin)
    expect(forAdmin!.staffViews).toBe(2)
  })

  it('cannot be changed or removed, not even by the database owner', async () => {
    const { trackingCode, id } = await submitted()
    await requestForViewer(em(), trackingCode, officer)
    await expect(execute('update "personal_data_view" set "seen" = \'output\' where "request_id" = $1', [id]))
      .rejects.toThrow(/append-only/)
    await expect(execute('delete from "personal_data_view" where "request_id" = $1', [id]))
      .rejects.toThrow(/append-only/)
    await expect(execute('truncate "personal_data_view"')).rejects.toThrow(/append-only/)
    expect(await views(id)).toHaveLength(1)
  })
})

describe('reading a request\'s files', () => {
  it('lets the handling OPD and admins read its documents, recording each download', async () => {
    const { id, kartuKeluarga } = await submitted()
    const fork = em()
    expect(await requestFileGrant(fork, officer)(kartuKeluarga, officer)).toBe(true)
    expect(await requestFileGrant(fork, admin)(kartuKeluarga, admin)).toBe(true)
    expect((await views(id)).map(view => `${view.viewer_role}:${view.seen}`))
      .toEqual(['officer:document:kartuKeluarga', 'admin:document:kartuKeluarga'])
  })

  it('keeps another OPD and other citizens out, recording nothing', async () => {
    const { id, kartuKeluarga } = await submitted()
    expect(await requestFileGrant(em(), foreignOfficer)(kartuKeluarga, foreignOfficer)).toBe(false)
    expect(await requestFileGrant(em(), stranger)(kartuKeluarga, stranger)).toBe(false)
    expect(await views(id)).toEqual([])
  })

  it('gives the applicant the output document the officer uploaded, and the OPD\'s other staff too', async () => {
    const { trackingCode, id } = await submitted()
    const act = (action: string, input = {}) => actOnRequest(em(), { trackingCode, actor: officer, action, input,
      now: new Date('2026-12-08T03:00:00Z') })
    await act('verify')
    await act('start_processing')
    const output = await upload(officer)
    await act('complete', { outputDocumentId: output.publicId })
    const colleague = await makeUser('head', disdukcapil)

    expect(await requestFileGrant(em(), citizen)(output, citizen)).toBe(true)
    expect(await requestFileGrant(em(), stranger)(output, stranger)).toBe(false)
    expect(await requestFileGrant(em(), foreignOfficer)(output, foreignOfficer)).toBe(false)
    expect(await requestFileGrant(em(), colleague)(output, colleague)).toBe(true)
    expect((await views(id)).map(view => view.seen)).toEqual(['output'])
  })
})
