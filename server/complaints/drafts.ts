/**
 * A pengaduan filed from the page without JavaScript takes two steps, because a form post carries one file: the
 * text, then the photos one per post. Between them the complaint is a draft under a random token (the path's only
 * key; it names no person), its fields sealed like other personal data and never logged. A draft lasts a day. The
 * photos of a reporter without an account belong to the draft (an upload without an owner), and only the draft's
 * filing may attach them (fileComplaint's `draftPhotos`).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { z } from 'zod'
import { countAttempt, throttleKey } from '../accounts/throttle'
import { ComplaintDraftPhotoSchema, ComplaintDraftSchema, type ComplaintDraft }
  from '../database/entities/complaint-draft'
import type { Upload } from '../database/entities/upload'
import type { User } from '../database/entities/user'
import { sqlExecutor } from '../database/sql'
import { open, seal } from '../requests/personal-data'
import { receiveUpload, type UploadRequest } from '../uploads/receive'
import type { FileStorage } from '../uploads/storage'
import { ComplaintError } from './errors'
import { complaintInputSchema, fileComplaint, MAX_PHOTOS, resolveReferences, type FiledComplaint } from './file'
import { countFiling, TooManyComplaintsError } from './limits'

const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000
const TOKEN = /^[\w-]{43}$/
export const DRAFT_GONE = 'Draf pengaduan ini tidak ada lagi (lewat sehari atau sudah dikirim). Mulai lagi dari awal.'
const PHOTO_TYPES = ['image/jpeg', 'image/png']

type ComplaintFields = z.output<typeof complaintInputSchema>

function invalid(errors: Record<string, string>) {
  return new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
}

/** Step 1: the text checked whole (a bad field saves nothing), then kept as a draft; its token. */
export async function startComplaintDraft(em: EntityManager, reporter: User | null, fields: unknown,
  now = new Date()): Promise<string> {
  const parsed = complaintInputSchema.safeParse(fields)
  if (!parsed.success) {
    throw invalid(Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0] ?? 'pengaduan'),
      issue.message])))
  }
  const data = { ...parsed.data, photos: [] }
  await resolveReferences(em, data, reporter, now)

  const token = randomBytes(32).toString('base64url')
  const fork = em.fork()
  await fork.nativeDelete(ComplaintDraftSchema, { expiresAt: { $lt: now } })
  fork.create(ComplaintDraftSchema, { token, reporter: reporter?.id ?? null,
    fieldsSealed: seal(JSON.stringify(data), `complaint-draft:${token}`), idempotencyKey: randomUUID(),
    expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS), createdAt: now, updatedAt: now })
  await fork.flush()
  return token
}

export interface DraftView {
  title: string
  photos: { id: string, name: string, size: number }[]
  expiresAt: Date
}

/** The draft under `token` if it is still there and the asker is who started it (an account, or nobody). */
export async function complaintDraftOf(em: EntityManager, token: string, user: User | null, now = new Date()):
Promise<ComplaintDraft | null> {
  if (!TOKEN.test(token)) return null
  const draft = await em.findOne(ComplaintDraftSchema, { token, expiresAt: { $gt: now } })
  if (!draft) return null
  if (draft.reporter && draft.reporter.id !== user?.id) return null
  return draft
}

async function photosOf(em: EntityManager, draft: ComplaintDraft): Promise<Upload[]> {
  const links = await em.find(ComplaintDraftPhotoSchema, { draft: draft.id }, { populate: ['upload'],
    orderBy: { id: 'asc' } })
  return links.map(link => link.upload)
}

export async function viewComplaintDraft(em: EntityManager, draft: ComplaintDraft): Promise<DraftView> {
  const fields = JSON.parse(open(draft.fieldsSealed, `complaint-draft:${draft.token}`)) as ComplaintFields
  const photos = await photosOf(em, draft)
  return { title: fields.title, expiresAt: draft.expiresAt,
    photos: photos.map(photo => ({ id: photo.publicId, name: photo.fileName, size: photo.size })) }
}

/** Step 2, once per photo: a JPEG or PNG streamed to storage (server/uploads/receive.ts), up to three. */
export interface DraftPhotoInput {
  draft: ComplaintDraft
  body: UploadRequest
  storage: FileStorage
  clientAddress: string
  now?: Date
}

export async function attachDraftPhoto(em: EntityManager, input: DraftPhotoInput): Promise<Upload> {
  const now = input.now ?? new Date()
  const count = await em.count(ComplaintDraftPhotoSchema, { draft: input.draft.id })
  if (count >= MAX_PHOTOS) throw invalid({ file: `Paling banyak ${MAX_PHOTOS} foto. Hapus satu dulu.` })
  const until = await countAttempt(sqlExecutor(em), 'photo', throttleKey('photo', input.clientAddress), now)
  if (until) throw new TooManyComplaintsError(until)
  const upload = await receiveUpload(input.body, { em, storage: input.storage,
    ownerId: input.draft.reporter?.id ?? null, types: PHOTO_TYPES })
  const fork = em.fork()
  fork.create(ComplaintDraftPhotoSchema, { draft: input.draft.id, upload: upload.id, createdAt: now,
    updatedAt: now })
  await fork.flush()
  return upload
}

/** Takes a photo out of the draft (the file stays until the draft's uploads are cleaned up). */
export async function removeDraftPhoto(em: EntityManager, draft: ComplaintDraft, publicId: string) {
  const links = await em.find(ComplaintDraftPhotoSchema, { draft: draft.id }, { populate: ['upload'] })
  const link = links.find(row => row.upload.publicId === publicId)
  if (link) await em.fork().nativeDelete(ComplaintDraftPhotoSchema, { id: link.id })
}

/** "Kirim pengaduan": files the draft with its photos (fileComplaint), then the draft is gone. */
export interface DraftFilingInput {
  draft: ComplaintDraft
  synonyms: Map<string, string[]>
  clientAddress: string
  now?: Date
}

export async function fileComplaintDraft(em: EntityManager, input: DraftFilingInput): Promise<FiledComplaint> {
  const { draft } = input
  await countFiling(sqlExecutor(em), input.clientAddress, input.now)
  const fields = JSON.parse(open(draft.fieldsSealed, `complaint-draft:${draft.token}`)) as ComplaintFields
  const photos = (await photosOf(em, draft)).map(photo => photo.publicId)
  const filed = await fileComplaint(em, { reporter: draft.reporter ?? null, complaint: { ...fields, photos },
    idempotencyKey: draft.idempotencyKey, draftPhotos: photos, now: input.now }, input.synonyms)
  await em.fork().nativeDelete(ComplaintDraftSchema, { id: draft.id })
  return filed
}
