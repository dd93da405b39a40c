import type { H3Event } from 'h3'

/**
 * Pages whose forms post to themselves work with JavaScript switched off: the form middleware runs the form's
 * handler; success answers 303 to the next page, failure lets the page render again with what was typed and a
 * message per field (event.context.form). Values never leave the server: nothing is put in a URL or a cookie.
 */
export interface FormOutcome {
  redirect?: string
  values?: Record<string, string>
  errors?: Record<string, string>
  message?: string
}

export type FormHandler = (event: H3Event, body: Record<string, string>) => Promise<FormOutcome>

/** A path on this site only: relative, not protocol-relative, no backslashes (open-redirect guard). */
export function safeNextPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(value) && value.length <= 300 ? value : fallback
}
