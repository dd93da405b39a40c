import { randomUUID } from 'node:crypto'
import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { ACCEPTED_TYPES } from '../../uploads/sniff'
import { BaseSchema } from './base'
import { UserSchema } from './user'

/**
 * A file a user sent (server/uploads/receive.ts). URLs and API answers name it by `publicId`, never by the numeric
 * id; `storageKey` is where the bytes are (server/uploads/storage.ts) and never leaves the server. `fileName` is the
 * sender's name made safe, for display only; `contentType` was judged from the content.
 */
export const UploadSchema = defineEntity({
  name: 'Upload',
  tableName: 'upload',
  extends: BaseSchema,
  indexes: [{ properties: ['owner', 'createdAt'] }],
  properties: {
    publicId: p.uuid().unique().defaultRaw('gen_random_uuid()').onCreate(() => randomUUID()),
    /** Null for a photo of a pengaduan draft sent without an account (it belongs to the draft). */
    owner: () => p.manyToOne(UserSchema).nullable(),
    fileName: p.string().length(255),
    size: p.integer(),
    contentType: p.enum(ACCEPTED_TYPES),
    storageKey: p.string().length(40).unique().hidden(),
    sha256: p.string().length(64),
  },
})

export type Upload = InferEntity<typeof UploadSchema>
