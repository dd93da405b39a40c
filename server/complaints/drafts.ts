/**
 * A pengaduan filed from the page without JavaScript takes two steps, because a form post carries one file: the
 * text, then the photos one per post. Between them the complaint is a draft under a random token (the path's only
 * key; it names no person), its fields sealed like other personal data and never logged. A draft lasts a day. The
 * photos of a reporter without an account belong to the draft (an upload without an owner), and only the draft's
 * filing may attach them (fileComplaint's `draftPhotos`).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { z } from 'zod'
import { countAttempt, throttleKey } from '../accounts/throttle'
import { ComplaintDraftPhotoSchema, ComplaintDraftSchema, type ComplaintDraft }
  from '../database/entities/complaint-draft'
import { ComplaintTypeSchema } from '../database/entities/complaint-type'
import type { Upload } from '../database/entities/upload'
import type { User } from '../database/entities/user'
import { sqlExecutor } from '../database/sql'
import { open, seal } from '../requests/personal-data'
import { discardUpload } from '../uploads/discard'
import { receiveUpload, type UploadRequest } from '../uploads/receive'
import type { FileStorage } from '../uploads/storage'
import { ComplaintError } from './errors'
import { complaintInputSchema, fileComplaint, MAX_PHOTOS, resolveReferences, type FiledComplaint } from './file'
import { countFiling, TooManyComplaintsError } from './limits'
import { suggestComplaintTargets } from './suggest'

const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000
const TOKEN = /^[\w-]{43}$/
export const DRAFT_GONE = 'Draf pengaduan ini tidak ada lagi (lewat sehari atau sudah dikirim). Mulai lagi dari awal.'
const PHOTO_TYPES = ['image/jpeg', 'image/png']

type ComplaintFields = z.output<typeof complaintInputSchema>

function invalid(errors: Record<string, string>) {
  return new ComplaintError('invalid-input', 'Ada isian yang perlu diperbaiki.', errors)
}

/** The reporter's answer to the suggestions the form showed: "none of these, let Diskominfo decide". */
export const NO_SUGGESTION = 'verifikasi'

/** What the reporter chose among the suggestions, kept in the draft (sealed with its fields) until it is filed. */
interface DraftRouting {
  /** The key of the complaint type of the suggestion they picked: filed under it, so it reaches that OPD. */
  complaintType?: string
  /** False after "none of these": no suggestion routes the complaint (routing.ts). */
  bySuggestion?: boolean
}

export interface DraftStart {
  reporter: User | null
  fields: unknown
  /** The suggestion picked on the form, by its OPD's slug, or NO_SUGGESTION; absent when none was shown. */
  pick?: string
  synonyms: Map<string, string[]>
  now?: Date
}

/**
 * Step 1: the text checked whole (a bad field saves nothing), then kept as a draft; its token. A picked suggestion
 * is looked for again in what the text suggests now (a value posted from the form proves nothing), and sets the
 * complaint's service, category and type, so the complaint reaches the OPD the reporter picked.
 */
export async function startComplaintDraft(em: EntityManager, input: DraftStart): Promise<string> {
  const now = input.now ?? new Date()
  const parsed = complaintInputSchema.safeParse(input.fields)
  if (!parsed.success) {
    throw invalid(Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0] ?? 'pengaduan'),
      issue.message])))
  }
  const data = { ...parsed.data, photos: [] }
  const routing = await routingOf(em, data, input)
  await resolveReferences(em, data, input.reporter, now)

  const token = randomBytes(32).toString('base64url')
  const fork = em.fork()
  await fork.nativeDelete(ComplaintDraftSchema, { expiresAt: { $lt: now } })
  fork.create(ComplaintDraftSchema, { token, reporter: input.reporter?.id ?? null,
    fieldsSealed: seal(JSON.stringify({ ...data, routing }), `complaint-draft:${token}`), idempotencyKey: randomUUID(),
    expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS), createdAt: now, updatedAt: now })
  await fork.flush()
  return token
}

async function routingOf(em: EntityManager, data: ComplaintFields, input: DraftStart): Promise<DraftRouting> {
  if (!input.pick) return {}
  if (input.pick === NO_SUGGESTION) return { bySuggestion: false }
  const suggestions = await suggestComplaintTargets(sqlExecutor(em), input.synonyms,
    `${data.title}\n${data.description}`)
  const picked = suggestions.find(suggestion => suggestion.agency.slug === input.pick)
  if (!picked) throw invalid({ saran: 'Saran itu tidak cocok lagi dengan isi pengaduan. Pilih lagi dari daftar.' })
  data.service = picked.service?.slug
  data.category = picked.category.code
  return picked.complaintType ? { complaintType: picked.complaintType } : {}
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
  const full = invalid({ file: `Paling banyak ${MAX_PHOTOS} foto. Hapus satu dulu.` })
  if (await em.count(ComplaintDraftPhotoSchema, { draft: input.draft.id }) >= MAX_PHOTOS) throw full
  const until = await countAttempt(sqlExecutor(em), 'photo', throttleKey('photo', input.clientAddress), now)
  if (until) throw new TooManyComplaintsError(until)
  const upload = await receiveUpload(input.body, { em, storage: input.storage,
    ownerId: input.draft.reporter?.id ?? null, types: PHOTO_TYPES })

  // Counted again with the draft's row locked: of two photos posted at once for the last place, the second waits
  // for the first to be recorded and is refused, so a draft never holds a fourth photo.
  const refusal = await em.fork().transactional(async (tx) => {
    const draft = await tx.findOne(ComplaintDraftSchema, input.draft.id, { lockMode: LockMode.PESSIMISTIC_WRITE })
    if (!draft) return invalid({ file: DRAFT_GONE })
    if (await tx.count(ComplaintDraftPhotoSchema, { draft: draft.id }) >= MAX_PHOTOS) return full
    tx.create(ComplaintDraftPhotoSchema, { draft: draft.id, upload: upload.id, createdAt: now, updatedAt: now })
    return null
  })
  if (refusal) {
    await discardUpload(em, input.storage, upload)
    throw refusal
  }
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
  const { routing = {}, ...fields } = JSON.parse(open(draft.fieldsSealed, `complaint-draft:${draft.token}`)) as
    ComplaintFields & { routing?: DraftRouting }
  const photos = (await photosOf(em, draft)).map(photo => photo.publicId)
  // A type switched off since the draft was started no longer routes: its category does.
  const complaintType = routing.complaintType
    ? await em.findOne(ComplaintTypeSchema, { key: routing.complaintType, active: true })
    : null
  const filed = await fileComplaint(em, { reporter: draft.reporter ?? null, complaint: { ...fields, photos },
    idempotencyKey: draft.idempotencyKey, draftPhotos: photos, complaintTypeId: complaintType?.id,
    bySuggestion: routing.bySuggestion, now: input.now,
    beforeCreate: () => countFiling(sqlExecutor(em), input.clientAddress, input.now) }, input.synonyms)
  await em.fork().nativeDelete(ComplaintDraftSchema, { id: draft.id })
  return filed
}
