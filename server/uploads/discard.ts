import type { EntityManager } from '@mikro-orm/core'
import { UploadSchema, type Upload } from '../database/entities/upload'
import { logger } from '../utils/logger'
import type { FileStorage } from './storage'

/**
 * Removes an upload that was received for one purpose and then refused (an output document for a completion the
 * state machine turned down): its row first, so nothing can point at the file any more, then its bytes.
 */
export async function discardUpload(em: EntityManager, storage: FileStorage, upload: Upload): Promise<void> {
  await em.fork().nativeDelete(UploadSchema, { id: upload.id })
  try {
    await storage.delete(upload.storageKey)
  }
  catch (error) {
    logger.warn({ upload: upload.id, error: (error as Error).message }, 'a discarded upload stayed in storage')
  }
}
