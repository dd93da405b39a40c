import { UserSchema } from '../database/entities/user'

/**
 * nuxt-auth-utils' own session routes (GET/DELETE /api/_auth/session, used by useUserSession for the page header)
 * get the same check as ours: a session whose version is older than the account's is no session, and clearing a
 * still-valid session ends the account's other sessions too, as our logout does.
 */
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (_session, event) => {
    if (!(await currentUser(event))) {
      throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Silakan masuk dulu.' })
    }
  })
  sessionHooks.hook('clear', async (session, event) => {
    const data = session as { user?: { id: number }, version?: number }
    if (!data.user?.id) return
    const em = await useEm(event)
    const user = await em.findOne(UserSchema, { id: data.user.id })
    if (user && user.sessionVersion === data.version) {
      user.sessionVersion += 1
      await em.flush()
    }
  })
})
