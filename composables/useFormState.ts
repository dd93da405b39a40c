import type { FormOutcome } from '~~/server/forms/registry'

/**
 * What the form middleware left for this page after a failed POST: the values typed and a message per field. On
 * a plain GET it is empty.
 */
export function useFormState() {
  const event = useRequestEvent()
  const state = (event?.context.form ?? {}) as FormOutcome
  return { values: state.values ?? {}, errors: state.errors ?? {}, message: state.message ?? null }
}
