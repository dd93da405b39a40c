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

/**
 * A path on this site only (open-redirect guard): relative, not protocol-relative, no backslash or control
 * character; without its locale prefix (the form adds the current one), and percent-encoded for the Location header.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || value.length > 300 || !/^\/(?![/\\])[^\\\u0000-\u001F\u007F]*$/.test(value)) {
    return fallback
  }
  const path = value.replace(/^\/en(?=\/|$)/, '') || '/'
  try {
    return encodeURI(decodeURI(path))
  }
  catch {
    return fallback
  }
}
