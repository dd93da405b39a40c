/** Pages for signed-in people only: anyone else is sent to sign in, then brought back here (303). */
export async function useSignedIn() {
  const { loggedIn } = useUserSession()
  const localePath = useLocalePath()
  const route = useRoute()
  if (!loggedIn.value) {
    const lanjut = route.fullPath.replace(/^\/en(?=\/|$)/, '') || '/'
    await navigateTo(localePath({ path: '/masuk', query: { lanjut } }), { redirectCode: 303 })
  }
  return loggedIn
}
