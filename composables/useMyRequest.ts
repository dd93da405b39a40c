import type { RequestView } from '~~/server/requests/requests'

/**
 * The request named by the page's `kode`, for a page of the signed-in citizen (or staff): anyone signed out is sent
 * to sign in and back; a code they may not see is the friendly 404.
 */
export async function useMyRequest() {
  // Composables first: after an await the Nuxt context is gone, so the fetch runs in the app's context.
  const nuxtApp = useNuxtApp()
  const code = String(useRoute().params.kode)
  const signedIn = await useSignedIn()
  const { data: request, error } = await nuxtApp.runWithContext(() => useFetch<RequestView>(
    `/api/v1/requests/${encodeURIComponent(code)}`, { key: `request-${code}`, immediate: signedIn.value }))
  if (signedIn.value) useNotFound(error)
  return { code, signedIn, request }
}
