/**
 * The record of staff views of personal data (issue 3: "Every staff view of a request's personal data is
 * recorded"). One insert per view, written before the data is handed over, so a view that could not be recorded is
 * not served either. Citizens' views of their own requests are not recorded: they are the data's subject.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { PersonalDataViewSchema } from '../database/entities/personal-data-view'
import type { User } from '../database/entities/user'

/** 'request': the answers and the applicant; a persyaratan's file; the output document. */
export type ViewedPart = 'request' | `document:${string}` | 'output'

export function isStaff(user: User): user is User & { role: 'officer' | 'head' | 'admin' } {
  return user.role === 'officer' || user.role === 'head' || user.role === 'admin'
}

export async function recordStaffView(em: EntityManager, viewer: User, requestId: number, seen: ViewedPart,
  now = new Date()): Promise<void> {
  if (!isStaff(viewer)) return
  await em.insert(PersonalDataViewSchema, { at: now, viewer: viewer.id, viewerRole: viewer.role,
    viewerAgency: viewer.agency?.id ?? null, request: requestId, seen })
}

/** How often staff have looked at a request's personal data, for the admin's view of the request. */
export async function staffViewCount(em: EntityManager, requestId: number): Promise<number> {
  return em.count(PersonalDataViewSchema, { request: requestId })
}
