import { z } from 'zod'
import { serviceForEditor } from '../../../../../catalogue/drafts'
import { diffVersions } from '../../../../../catalogue/versions'

const version = z.coerce.number({ message: 'Versi berupa angka.' }).int().min(1, { message: 'Versi mulai dari 1.' })
const querySchema = z.object({ from: version, to: version })

/** What changed between two published versions, field by field (admins only): `{ from, to, changes }`. */
export default defineReadHandler(async (event) => {
  const admin = await requireEditor(event, ['admin'])
  const query = await validQuery(event, querySchema)
  const em = await useEm(event)
  const service = await serviceForEditor(em, admin, getRouterParam(event, 'slug') ?? '')
  return diffVersions(em, service, query.from, query.to)
})
