import type { EntityManager } from '@mikro-orm/postgresql'
import type { H3Event } from 'h3'
import { sqlExecutor } from '../database/sql'
import { COMPLAINT_CODE_PREFIX, normaliseTrackingCode } from '../requests/tracking-code'
import { countPinAttempt } from './limits'
import type { ComplaintAsker } from './view'

/**
 * Who asks about complaint `code` over HTTP: the signed-in account, and the PIN of header X-Complaint-Pin (never a
 * URL or a cookie). A PIN attempt is counted before it is checked; `settle(true)` after a right one gives it back.
 */
export async function askerOf(event: H3Event, em: EntityManager, code: string) {
  const user = await currentUser(event)
  const pin = getRequestHeader(event, 'x-complaint-pin')?.trim().slice(0, 20) || null
  const normal = normaliseTrackingCode(code, COMPLAINT_CODE_PREFIX)
  const settle = pin && normal
    ? await countPinAttempt(sqlExecutor(em), normal, clientAddress(event))
    : async () => {}
  const asker: ComplaintAsker = { user, pin }
  return { asker, settle }
}

/** How long a right PIN lets this browser see the complaint's photos: a visit, not a standing key. */
const PHOTO_GRANT_MS = 2 * 60 * 60 * 1000
const PHOTO_GRANTS_KEPT = 5

/**
 * After a right PIN on /pengaduan/lacak: the session cookie (sealed, never readable by the browser) remembers the
 * code for a while, so the page's photo links open for this browser alone, with no PIN in their URL.
 */
export async function grantComplaintPhotos(event: H3Event, code: string, now = Date.now()) {
  const { id: _id, ...session } = await getUserSession(event) as SessionData & { id?: string }
  const kept = live(session, now).filter(grant => grant.code !== code).slice(-(PHOTO_GRANTS_KEPT - 1))
  // Replaced, not merged: a merge would append the list to the old one.
  await replaceUserSession(event, { ...session, complaintPhotos: [...kept, { code, until: now + PHOTO_GRANT_MS }] })
}

/** Whether this browser gave complaint `code`'s right PIN lately (grantComplaintPhotos). */
export async function photosGranted(event: H3Event, code: string, now = Date.now()) {
  const normal = normaliseTrackingCode(code, COMPLAINT_CODE_PREFIX)
  return Boolean(normal) && live(await getUserSession(event) as SessionData, now).some(grant => grant.code === normal)
}

function live(session: SessionData, now: number) {
  return (session.complaintPhotos ?? []).filter(grant => grant.until > now)
}
