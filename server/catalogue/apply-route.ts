/**
 * Where a citizen applies for a service. One rule for the apply page and the seed test: a daring or hibrida service
 * is applied for through a portal form, unless another body or a national system takes the application (the
 * service names a `channelUrl` or an `externalProvider`) or the service is a complaint channel, which gets the
 * complaint form of its own (issue 4) rather than an application form.
 */

export type ApplyRoute = 'form' | 'elsewhere' | 'complaint' | 'counter'

interface ServiceChannel {
  slug: string
  /** daring, luring or hibrida (`serviceSeedSchema`); the entity keeps it as a plain string. */
  method: string
  channelUrl?: string | null
  externalProvider?: string | null
}

/** Complaint and report channels whose slug does not start with "pengaduan-". */
const OTHER_COMPLAINT_CHANNELS = new Set(['whistleblowing-system'])

export function isComplaintChannel(slug: string): boolean {
  return slug.startsWith('pengaduan-') || OTHER_COMPLAINT_CHANNELS.has(slug)
}

export function isAppliedElsewhere(service: Pick<ServiceChannel, 'channelUrl' | 'externalProvider'>): boolean {
  return Boolean(service.channelUrl || service.externalProvider)
}

/** Whether the catalogue owes this service an application form in `server/catalogue/seed/forms/`. */
export function needsApplicationForm(service: ServiceChannel): boolean {
  return service.method !== 'luring' && !isAppliedElsewhere(service) && !isComplaintChannel(service.slug)
}

/** The way the apply page sends the citizen: a form wins, then another body's channel, then complaints. */
export function applyRoute(service: Omit<ServiceChannel, 'method'> & { hasForm: boolean }): ApplyRoute {
  if (service.hasForm) return 'form'
  if (isAppliedElsewhere(service)) return 'elsewhere'
  if (isComplaintChannel(service.slug)) return 'complaint'
  return 'counter'
}
