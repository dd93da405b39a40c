/**
 * The forms of /admin/open311: issue a key (the page comes back once with the key, which is never stored and so
 * never in a URL or a redirect) and revoke one (303 back to the list). Signed out: to the sign-in page and back;
 * not an admin: 403.
 */
import { z } from 'zod'
import { DuplicateKeyNameError, issueOpen311Key, keyNameSchema, revokeOpen311Key } from '../open311/keys'
import type { FormHandler } from './registry'

export const OPEN311_PAGE = '/admin/open311'

const formSchema = z.discriminatedUnion('tindakan', [
  z.object({ tindakan: z.literal('terbitkan'), nama: keyNameSchema }),
  z.object({ tindakan: z.literal('cabut'), kunci: z.coerce.number().int().positive() }),
])

export const open311KeyForm: FormHandler = async (event, body) => {
  if (!await currentUser(event)) return { redirect: `/masuk?lanjut=${OPEN311_PAGE}` }
  const admin = await requireUser(event, ['admin'])
  const parsed = formSchema.safeParse(body)
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Isian tidak dikenal.'
    return { errors: { nama: message }, values: { nama: String(body.nama ?? '') }, message }
  }
  const em = await useEm(event)
  if (parsed.data.tindakan === 'cabut') {
    const revoked = await revokeOpen311Key(em, admin, parsed.data.kunci)
    return { redirect: `${OPEN311_PAGE}?${revoked ? 'dicabut' : 'tidakDicabut'}=1` }
  }
  try {
    const issued = await issueOpen311Key(em, admin, parsed.data.nama)
    return { status: 200, shown: { key: issued.key, name: issued.name } }
  }
  catch (error) {
    if (!(error instanceof DuplicateKeyNameError)) throw error
    return { status: 409, errors: { nama: error.message }, values: { nama: parsed.data.nama }, message: error.message }
  }
}
