import type { Readable } from 'node:stream'
import type { EntityManager } from '@mikro-orm/core'
import { UploadSchema, type Upload } from '../database/entities/upload'
import { UploadNotFoundError } from './errors'
import { contentDisposition } from './file-name'
import type { FileStorage } from './storage'

/** Who is asking: the signed-in user, or null for nobody signed in. */
export interface Viewer {
  id: number
}

/**
 * A further way to be allowed to read an upload besides owning it. This is the hook for staff: the requests work
 * passes a grant that lets the officers of the OPD handling a request read the documents attached to it (and
 * records each such view, as the personal-data rules ask).
 */
export type ReadGrant = (upload: Upload, viewer: Viewer) => boolean | Promise<boolean>

/** The owner may read an upload; anyone else only through a grant. Nobody signed in never may. */
export async function canRead(upload: Upload, viewer: Viewer | null, grants: readonly ReadGrant[] = []) {
  if (!viewer) return false
  if (upload.owner?.id === viewer.id) return true
  for (const grant of grants) {
    if (await grant(upload, viewer)) return true
  }
  return false
}

export interface Download {
  fileName: string
  contentType: Upload['contentType']
  size: number
  /** The headers to answer with: the type judged at upload, a download name, and no sniffing or caching. */
  headers: Record<string, string>
  stream: Readable
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Opens the upload named `publicId` for `viewer`. An unknown id and a forbidden one get the same
 * `UploadNotFoundError`, so that guessing ids tells nothing; the answer never carries the storage key.
 */
export async function openDownload(em: EntityManager, storage: FileStorage, publicId: string, viewer: Viewer | null,
  grants: readonly ReadGrant[] = []): Promise<Download> {
  if (!UUID_PATTERN.test(publicId)) throw new UploadNotFoundError('not a uuid')
  const upload = await em.findOne(UploadSchema, { publicId: publicId.toLowerCase() })
  if (!upload) throw new UploadNotFoundError('no such upload')
  if (!(await canRead(upload, viewer, grants))) throw new UploadNotFoundError('not allowed to read it')

  const stream = await storage.get(upload.storageKey)
  return {
    fileName: upload.fileName,
    contentType: upload.contentType,
    size: upload.size,
    stream,
    headers: {
      'Content-Type': upload.contentType,
      'Content-Length': String(upload.size),
      'Content-Disposition': contentDisposition(upload.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      // Opened directly, the file runs no script and loads nothing, whatever a crafted PDF or image holds.
      'Content-Security-Policy': 'default-src \'none\'; sandbox',
    },
  }
}
