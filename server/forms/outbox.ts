import { retryFailedForAdmin } from '../outbox'
import type { FormHandler } from './registry'

export const OUTBOX_PAGE = '/petugas/surel'

/**
 * "Kirim ulang surel gagal" on the admin outbox page. Signed out: to the sign-in page and back; not an admin: 403.
 * Nothing failed (another admin was quicker, or the page was old): the page comes back saying so.
 */
export const retryOutboxForm: FormHandler = async (event) => {
  if (!await currentUser(event)) return { redirect: `/masuk?lanjut=${OUTBOX_PAGE}` }
  const admin = await requireUser(event, ['admin'])
  const requeued = await retryFailedForAdmin(await useEm(event), admin)
  if (requeued > 0) return { redirect: `${OUTBOX_PAGE}?status=pending&diulang=${requeued}` }
  const message = 'Tidak ada surel gagal yang bisa dikirim ulang; mungkin sudah dikirim ulang oleh admin lain.'
  return { errors: { 'kirim-ulang': message }, message }
}
