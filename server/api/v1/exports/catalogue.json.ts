/** The published catalogue as open data, in the admins' JSON format (docs/catalogue-files.md). */
export default defineReadHandler(event => catalogueFileResponse(event, 'json', 'public'))
