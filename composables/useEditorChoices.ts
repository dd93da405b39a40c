import type { CategorySummary } from '~/stores/catalogue'

/**
 * The categories and OPDs a service editor chooses from: every category and active OPD for an admin; for an OPD head
 * their own OPD and the categories that list it (the server refuses any other, server/catalogue/publish.ts). Every
 * fetch starts before the first await, so the Nuxt context is still there for each.
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
  const categoryChoices = computed(() => (categories.value ?? [])
    .filter(category => role === 'admin' || category.agencies.some(agency => agency.slug === ownAgency.value)))
  return { categories: categoryChoices, agencies: agencyChoices, ownAgency }
}
