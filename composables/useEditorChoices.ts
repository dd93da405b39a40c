import type { CategorySummary } from '~/stores/catalogue'

/**
 * The categories and OPDs a service editor chooses from: every active OPD for an admin, their own for an OPD head.
 * Every fetch starts before the first await, so the Nuxt context is still there for each.
 */
export async function useEditorChoices(enabled: boolean, role: string | undefined) {
  const [{ data: categories }, { data: agencies }, { data: me }] = await Promise.all([
    useFetch<CategorySummary[]>('/api/v1/categories', { key: 'categories', immediate: enabled }),
    useFetch<{ slug: string, shortName: string }[]>('/api/v1/agencies', { key: 'agencies', immediate: enabled }),
    useFetch<{ user: { agency: string | null } }>('/api/v1/auth/me', { key: 'me', immediate: enabled }),
  ])
  const ownAgency = computed(() => me.value?.user.agency ?? null)
  const agencyChoices = computed(() => (agencies.value ?? [])
    .filter(agency => role === 'admin' || agency.slug === ownAgency.value))
  return { categories: computed(() => categories.value ?? []), agencies: agencyChoices, ownAgency }
}
