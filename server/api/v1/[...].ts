/**
 * Any /api/v1 address no route answers: a 404 in the API's shape (server/error-handler.ts), answered here rather
 * than by the page renderer, which would look the path up among the pages first and log that none matched.
 */
export default defineEventHandler(() => {
  const message = 'Alamat atau data yang diminta tidak ditemukan.'
  throw createError({ statusCode: 404, statusMessage: 'Not Found', message, data: { message } })
})
