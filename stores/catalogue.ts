import { defineStore } from 'pinia'

export interface CategorySummary {
  code: string
  name: string
  slug: string
  description: string
  agencies: { slug: string, name: string, shortName: string }[]
  serviceCount: number
}

export interface AgencySummary {
  slug: string
  name: string
  shortName: string
  categories: string[]
}

/** The 40 RAL categories, loaded once per request on the server and shared by the pages that list them. */
export const useCatalogueStore = defineStore('catalogue', () => {
  const categories = ref<CategorySummary[]>([])

  async function loadCategories() {
    if (!categories.value.length) categories.value = await $fetch<CategorySummary[]>('/api/v1/categories')
    return categories.value
  }

  const agencies = ref<AgencySummary[]>([])

  async function loadAgencies() {
    if (!agencies.value.length) agencies.value = await $fetch<AgencySummary[]>('/api/v1/agencies')
    return agencies.value
  }

  const categoryName = (code: string) => categories.value.find(c => c.code === code)?.name ?? code
  const agencyName = (slug: string) => agencies.value.find(a => a.slug === slug)?.shortName ?? slug

  return { categories, loadCategories, categoryName, agencies, loadAgencies, agencyName }
})
