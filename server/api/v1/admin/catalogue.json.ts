/** The whole catalogue as the seed-format JSON file (docs/catalogue-files.md), for Diskominfo's admins. */
export default defineReadHandler(async (event) => {
  await requireUser(event, ['admin'])
  return catalogueFileResponse(event, 'json', 'admin')
})
