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

/** `params`: the named groups of a `FormRoute` pattern (the tracking code of /petugas/:kode); empty otherwise. */
export type FormHandler = (event: H3Event, body: Record<string, string>, params: Record<string, string>) =>
Promise<FormOutcome>

/** The form of a page whose path has a parameter; `pattern` matches the path without its locale prefix. */
export interface FormRoute {
  pattern: RegExp
  handler: FormHandler
  /**
   * For a multipart/form-data post, the one-file form of the page: it reads the body itself (server/uploads/
   * receive.ts streams it to storage), so `body` is empty. Without it such a post goes to `handler` unread.
   */
  fileHandler?: FormHandler
}

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
