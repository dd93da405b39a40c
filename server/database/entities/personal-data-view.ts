import { defineEntity, p, type InferEntity } from '@mikro-orm/core'
import { AgencySchema } from './agency'
import { RequestSchema } from './request'
import { UserSchema } from './user'

export const STAFF_ROLES = ['officer', 'head', 'admin'] as const

/**
 * One staff view of a request's personal data (server/requests/audit.ts). `seen` names what was shown: 'request'
 * (answers, applicant), 'document:<persyaratan key>' or 'output'. Append-only: PostgreSQL refuses UPDATE and DELETE
 * (migration Migration20261204230000StaffViews). The viewer's role and OPD are copied in, as they were at the time.
 */
export const PersonalDataViewSchema = defineEntity({
  name: 'PersonalDataView',
  tableName: 'personal_data_view',
  indexes: [{ properties: ['request', 'at'] }, { properties: ['viewer', 'at'] }],
  properties: {
    id: p.bigint().primary(),
    at: p.datetime(),
    viewer: () => p.manyToOne(UserSchema),
    viewerRole: p.enum(STAFF_ROLES),
    viewerAgency: () => p.manyToOne(AgencySchema).nullable(),
    request: () => p.manyToOne(RequestSchema),
    seen: p.string().length(80),
  },
})

export type PersonalDataView = InferEntity<typeof PersonalDataViewSchema>
