import { findComplaintType, saveComplaintType } from '../../../../complaints/complaint-types'

/**
 * One complaint type, for Diskominfo's admins only: GET reads it; PUT `{ name, agency, category, service?, keywords,
 * active? }` replaces what an admin may edit (the key stays), and a later seed keeps the edit.
 */
export default defineApiHandler(['GET', 'HEAD', 'PUT'], async (event) => {
  const admin = await requireUser(event, ['admin'])
  const em = await useEm(event)
  const key = getRouterParam(event, 'key') ?? ''
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (event.method === 'PUT') return saveComplaintType(em, admin, key, await readLimitedBody(event))
  const type = await findComplaintType(em, key)
  if (!type) throw notFound('Jenis pengaduan itu tidak ditemukan.')
  return type
})
