/** The signed-in account, or 401. */
export default defineReadHandler(async (event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { user: publicUser(await requireUser(event)) }
})
