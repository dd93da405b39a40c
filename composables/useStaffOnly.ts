import type { Role } from '~~/server/requests/state-machine'

/**
 * Pages for staff: anyone signed out is sent to sign in and back (useSignedIn); a signed-in account of another
 * role gets the 403 page. Officers, heads and admins by default; `['admin']` for Diskominfo's own pages.
 */
export async function useStaffOnly(roles: readonly Role[] = ['officer', 'head', 'admin']) {
  const { user } = useUserSession()
  const signedIn = await useSignedIn()
  if (signedIn.value && !roles.includes(user.value?.role as Role)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', fatal: true })
  }
  return { signedIn, user }
}
