/**
 * Where a new pengaduan goes (issue 4): the OPD of the chosen service; otherwise the first OPD of the chosen
 * category (the decree's order, category_agency.position); otherwise the first suggestion when it is confident
 * (unless the reporter turned the suggestions down); otherwise Diskominfo's verification queue. A complaint type
 * (an Open311 service_code, or the type of the suggestion a reporter picked on the form) routes like its service
 * when it has one, else to the type's own OPD under its category. The two special channels have their own OPD
 * whatever the text says: whistleblowing to the Inspektorat, aspirasi to the Sekretariat DPRD.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { AgencySchema, type Agency } from '../database/entities/agency'
import { CategoryAgencySchema, CategorySchema, type Category } from '../database/entities/category'
import type { COMPLAINT_CHANNELS, COMPLAINT_ROUTES } from '../database/entities/complaint'
import type { ComplaintType } from '../database/entities/complaint-type'
import { ServiceSchema, type Service } from '../database/entities/service'
import type { Execute } from '../database/sql'
import { suggestComplaintTargets } from './suggest'

/** The OPD that alone receives each special channel. */
export const CHANNEL_AGENCY: Record<Exclude<typeof COMPLAINT_CHANNELS[number], 'umum'>, string> = {
  wbs: 'inspektorat',
  aspirasi: 'setwan',
}

export interface RouteInput {
  channel: typeof COMPLAINT_CHANNELS[number]
  service: Service | null
  category: Category | null
  /** The complaint type an Open311 client chose (its service_code): its OPD, like a chosen service's. */
  complaintType?: ComplaintType | null
  /** Title and description, for the suggestion. */
  text: string
  /**
   * False when the reporter, shown the suggestions, chose "none of these": then no suggestion routes it, and
   * without a service or category it goes to the verification queue.
   */
  bySuggestion?: boolean
}

export interface Route {
  agency: Agency | null
  category: Category | null
  service: Service | null
  routedBy: typeof COMPLAINT_ROUTES[number]
}

export async function routeComplaint(em: EntityManager, execute: Execute, synonyms: Map<string, string[]>,
  input: RouteInput): Promise<Route> {
  if (input.channel !== 'umum') {
    const agency = await em.findOneOrFail(AgencySchema, { slug: CHANNEL_AGENCY[input.channel] })
    return { agency, category: input.category, service: input.service, routedBy: 'kanal' }
  }
  if (input.service) {
    const service = await em.findOneOrFail(ServiceSchema, input.service.id, { populate: ['agency', 'category'] })
    return { agency: service.agency, category: service.category, service, routedBy: 'layanan' }
  }
  const type = input.complaintType
  if (type) {
    const agency = await em.findOneOrFail(AgencySchema, type.agency.id)
    const category = await em.findOneOrFail(CategorySchema, type.category.id)
    return { agency, category, service: null, routedBy: 'kategori' }
  }
  if (input.category) {
    const first = await em.findOne(CategoryAgencySchema, { category: input.category.id },
      { orderBy: { position: 'asc' }, populate: ['agency'] })
    if (first) return { agency: first.agency, category: input.category, service: null, routedBy: 'kategori' }
  }
  const [suggestion] = input.bySuggestion === false
    ? []
    : await suggestComplaintTargets(execute, synonyms, input.text, 1)
  if (suggestion?.confident) {
    const [agency, category, service] = await Promise.all([
      em.findOneOrFail(AgencySchema, { slug: suggestion.agency.slug }),
      em.findOneOrFail(CategorySchema, { code: suggestion.category.code }),
      suggestion.service ? em.findOne(ServiceSchema, { slug: suggestion.service.slug }) : null,
    ])
    return { agency, category, service, routedBy: 'saran' }
  }
  return { agency: null, category: input.category, service: null, routedBy: 'verifikasi' }
}
