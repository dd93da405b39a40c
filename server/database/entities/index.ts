import { AgencySchema } from './agency'
import { AuditEntrySchema } from './audit-entry'
import { BaseSchema } from './base'
import { CategoryAgencySchema, CategorySchema } from './category'
import { ComplaintEventSchema, ComplaintPhotoSchema, ComplaintSchema } from './complaint'
import { ComplaintDraftPhotoSchema, ComplaintDraftSchema } from './complaint-draft'
import { ComplaintRedactionEventSchema, ComplaintRedactionSchema } from './complaint-redaction'
import { ComplaintTypeSchema } from './complaint-type'
import { ComplaintWbsReadSchema } from './complaint-wbs-read'
import { KecamatanSchema } from './kecamatan'
import { Open311KeySchema } from './open311-key'
import { OutboxMessageSchema } from './outbox'
import { PersonalDataViewSchema } from './personal-data-view'
import { RequestDocumentSchema, RequestDraftSchema, RequestEventSchema, RequestSchema } from './request'
import { ServiceSchema } from './service'
import { UploadSchema } from './upload'
import { UserSchema } from './user'

export const entities = [BaseSchema, AgencySchema, CategorySchema, CategoryAgencySchema, KecamatanSchema, ServiceSchema,
  UserSchema, UploadSchema, OutboxMessageSchema, RequestSchema, RequestDocumentSchema, RequestEventSchema,
  RequestDraftSchema, PersonalDataViewSchema, ComplaintTypeSchema, ComplaintSchema, ComplaintPhotoSchema,
  ComplaintEventSchema, Open311KeySchema, ComplaintDraftSchema, ComplaintDraftPhotoSchema, ComplaintRedactionSchema,
  ComplaintRedactionEventSchema, ComplaintWbsReadSchema,
  AuditEntrySchema]
