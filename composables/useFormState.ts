import type { FormOutcome } from '~~/server/forms/registry'

/**
 * What the form middleware left for this page after a failed POST: the values typed and a message per field. On
 * a plain GET it is empty.
 */
export function useFormState() {
  const event = useRequestEvent()
  const state = (event?.context.form ?? {}) as FormOutcome
  const values = state.values ?? {}
  const route = useRoute()
  // Where to go after the form succeeds: carried through a failed attempt, else from ?lanjut= of the link.
  const next = computed(() => values.lanjut ?? (typeof route.query.lanjut === 'string' ? route.query.lanjut : ''))
  return { values, errors: state.errors ?? {}, message: state.message ?? null, next, shown: state.shown ?? {},
    result: state.result }
}
