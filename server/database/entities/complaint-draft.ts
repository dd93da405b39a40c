import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { BaseSchema } from './base'
import { UploadSchema } from './upload'
import { UserSchema } from './user'

/**
 * A pengaduan between the page's two steps (server/complaints/drafts.ts): the typed fields, sealed, under a random
 * token that is the draft's only key; gone a day after it was started, or once it is filed.
 */
export const ComplaintDraftSchema = defineEntity({
  name: 'ComplaintDraft',
  tableName: 'complaint_draft',
  extends: BaseSchema,
  properties: {
    token: p.string().length(64).unique(),
    reporter: () => p.manyToOne(UserSchema).nullable(),
    fieldsSealed: p.text().hidden(),
    idempotencyKey: p.string().length(100),
    expiresAt: p.datetime().index(),
  },
})

export const ComplaintDraftPhotoSchema = defineEntity({
  name: 'ComplaintDraftPhoto',
  tableName: 'complaint_draft_photo',
  extends: BaseSchema,
  properties: {
    draft: () => p.manyToOne(ComplaintDraftSchema),
    upload: () => p.manyToOne(UploadSchema).unique(),
  },
})

export type ComplaintDraft = InferEntity<typeof ComplaintDraftSchema>
