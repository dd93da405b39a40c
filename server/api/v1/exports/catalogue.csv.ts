/** The published catalogue as open data, in the admins' CSV format (docs/catalogue-files.md). */
export default defineReadHandler(event => catalogueFileResponse(event, 'csv', 'public'))
