import { auditQuerySchema, listAudit } from '../../../../audit'

/**
 * The audit trail for Diskominfo's admins (docs/audit.md): entries newest first, filtered by actor, action, entity
 * and date range (WIB days), in keyset pages (`nextCursor` back as `cursor`), each with its field-by-field changes.
 */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  const query = await validQuery(event, auditQuerySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return listAudit(await useEm(event), query)
})
