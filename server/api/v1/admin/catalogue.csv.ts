/** The whole catalogue as CSV, one row per service (docs/catalogue-files.md), for Diskominfo's admins. */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  return catalogueFileResponse(event, 'csv', 'admin')
})
