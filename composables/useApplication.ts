import type { FormQuestion } from '~~/server/catalogue/form-schema'
import type { ServiceJson } from '~~/server/catalogue/queries'
import type { DraftView } from '~~/server/requests/requests'

/**
 * What every page of the application flow needs: the service with its form (404 when it has none), the signed-in
 * citizen's draft (null before the first save) and the kecamatan when the form asks for one.
 */
export async function useApplication(slug: string, signedIn: Ref<boolean>) {
  // Composables first: after an await the Nuxt context is gone.
  const localePath = useLocalePath()
  const { t } = useI18n()
  const [{ data: service, error }, { data: draft }, { data: kecamatan }] = await Promise.all([
    useFetch<ServiceJson>(`/api/v1/services/${encodeURIComponent(slug)}`, { key: `service-${slug}` }),
    useFetch<DraftView | null>(`/api/v1/drafts/${encodeURIComponent(slug)}`, { key: `draft-${slug}`,
      immediate: signedIn.value, default: () => null }),
    useFetch<{ code: string, name: string }[]>('/api/v1/kecamatan', { key: 'kecamatan', default: () => [] }),
  ])
  useNotFound(error)
  if (service.value && !service.value.form) useNotFound(ref({ statusCode: 404 }))
  const breadcrumbs = computed(() => service.value
    ? [{ label: service.value.name, to: localePath(`/layanan/${service.value.slug}`) },
        { label: t('action.apply') }]
    : [])
  return { service, draft, kecamatan, breadcrumbs }
}

/** A question's value as the form shows it: what was typed in a failed post, else the draft's answer. */
export function shownAnswer(question: FormQuestion, typed: Record<string, string>,
  saved: string | number | boolean | undefined): { value: string, dateParts: [string, string, string] } {
  if (question.type === 'date') {
    const parts = ['hari', 'bulan', 'tahun'].map(part => typed[`${question.key}-${part}`])
    if (parts.some(part => part !== undefined)) {
      return { value: '', dateParts: parts.map(part => part ?? '') as [string, string, string] }
    }
    const [year = '', month = '', day = ''] = typeof saved === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(saved)
      ? saved.split('-')
      : []
    return { value: '', dateParts: [day.replace(/^0/, ''), month.replace(/^0/, ''), year] }
  }
  const value = typed[question.key] ?? (saved === true ? 'ya' : saved === false ? 'tidak' : String(saved ?? ''))
  return { value, dateParts: ['', '', ''] }
}
