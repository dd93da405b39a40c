/**
 * Who besides its owner may download a request's file (the `ReadGrant` hook of server/uploads/access.ts): the staff
 * of the OPD handling the request and admins read its documents and its output document; its applicant reads the
 * output document, which belongs to the officer who uploaded it. Every staff download is recorded first
 * (server/requests/audit.ts). Anyone else is refused, and the download route answers as for an unknown id.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { RequestDocumentSchema, RequestSchema } from '../database/entities/request'
import type { User } from '../database/entities/user'
import type { ReadGrant } from '../uploads/access'
import { isStaff, recordStaffView } from './audit'

export function requestFileGrant(em: EntityManager, user: User): ReadGrant {
  return async (upload) => {
    if (!isStaff(user)) {
      return (await em.count(RequestSchema, { outputDocument: upload.id, applicant: user.id })) > 0
    }
    if (user.role !== 'admin' && !user.agency) return false
    // A head is an officer too; an admin reads the files of every OPD's requests, as it reads the requests.
    const handledBy = user.role === 'admin' ? {} : { agency: user.agency!.id }

    const document = await em.findOne(RequestDocumentSchema, { upload: upload.id, request: handledBy },
      { fields: ['requirementKey', 'request'] })
    if (document) {
      await recordStaffView(em, user, document.request.id, `document:${document.requirementKey}`)
      return true
    }
    const output = await em.findOne(RequestSchema, { outputDocument: upload.id, ...handledBy }, { fields: ['id'] })
    if (!output) return false
    await recordStaffView(em, user, output.id, 'output')
    return true
  }
}
