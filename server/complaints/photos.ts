/**
 * A pengaduan's photo, for whoever may see it. Anyone sees a photo of a complaint on /pengaduan that no admin hid
 * (redaction.ts), without the camera's metadata and without its file name (server/uploads/strip-metadata.ts); the
 * reporter (by session, or `pinGiven`: this browser gave the PIN lately, asker.ts), the OPD handling it and admins
 * see every photo as it was sent. Anyone else, and an unknown photo, get null, as for an unknown code.
 */
import { buffer } from 'node:stream/consumers'
import type { Readable } from 'node:stream'
import type { EntityManager } from '@mikro-orm/postgresql'
import { ComplaintPhotoSchema } from '../database/entities/complaint'
import type { User } from '../database/entities/user'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import type { FileStorage } from '../uploads/storage'
import { stripImageMetadata } from '../uploads/strip-metadata'
import { isPublicComplaint } from './public'
import { complaintAccess } from './view'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface ComplaintPhotoFile {
  /** The public's copy, metadata removed; or the stored file as sent, for those who may read the complaint. */
  body: Buffer | Readable
  headers: Record<string, string>
}

export async function openComplaintPhoto(em: EntityManager, storage: FileStorage, trackingCode: string,
  photoId: string, user: User | null, pinGiven = false): Promise<ComplaintPhotoFile | null> {
  const code = normaliseTrackingCode(trackingCode, COMPLAINT_CODE_PREFIX)
  if (!code || !UUID.test(photoId)) return null
  const photo = await em.findOne(ComplaintPhotoSchema,
    { complaint: { trackingCode: code }, upload: { publicId: photoId.toLowerCase() } },
    { populate: ['complaint', 'upload'] })
  if (!photo) return null

  const mayReadComplaint = pinGiven || Boolean(user && await complaintAccess(em, code, { user, pin: null }))
  const forPublic = !mayReadComplaint && isPublicComplaint(photo.complaint) && !photo.hidden
  if (!mayReadComplaint && !forPublic) return null
  const stored = await storage.get(photo.upload.storageKey)
  const body = forPublic ? stripImageMetadata(await buffer(stored), photo.upload.contentType) : stored
  if (!body) return null
  return {
    body,
    headers: {
      'Content-Type': photo.upload.contentType,
      // Shown in the browser, under no name: the reporter's file name is not the public's to read.
      'Content-Disposition': 'inline',
      'X-Content-Type-Options': 'nosniff',
      // A photo hidden by an admin must not linger in a cache.
      'Cache-Control': forPublic ? 'no-cache' : 'private, no-store',
      'Content-Security-Policy': 'default-src \'none\'; sandbox',
    },
  }
}
