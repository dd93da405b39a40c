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
