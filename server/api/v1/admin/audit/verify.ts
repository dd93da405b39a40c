import { verifyAuditChain } from '../../../../audit'
import { sqlExecutor } from '../../../../database/sql'

/** Recomputes every hash of the audit chain, in batches: ok, or the first broken entry and why; admins only. */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return verifyAuditChain(sqlExecutor(await useEm(event)))
})
