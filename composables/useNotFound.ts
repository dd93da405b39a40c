import type { Ref } from 'vue'

/** Turns a 404 from the API into the portal's friendly 404 page, and any other failure into its error page. */
export function useNotFound(error: Ref<{ statusCode?: number } | null | undefined>) {
  if (error.value) {
    const statusCode = error.value.statusCode === 404 ? 404 : 500
    throw createError({ statusCode, statusMessage: statusCode === 404 ? 'Not Found' : 'Server Error', fatal: true })
  }
}
