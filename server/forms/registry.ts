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
  /** The status of a failed post: 422 unless the handler says otherwise (413 for a file over the limit). */
  status?: number
  /** What a successful post shows once on the page that answers it (a new API key): never put in a URL. */
  shown?: Record<string, string>
  /** A structured answer the page renders (the report of a catalogue import), typed by that page. */
  result?: unknown
}

/**
 * The key in `errors` of a problem of the whole form rather than of one field (a body the portal could not read):
 * the error summary shows it first and without a link.
 */
export const WHOLE_FORM = 'kiriman'

export interface FormContext {
  /** The page path's parameters, decoded (`/layanan/:slug/ajukan` → { slug }). */
  params: Record<string, string>
  query: Record<string, string>
}

/**
 * `body` is the parsed url-encoded form; for a multipart post (a file) it is empty and the handler streams the
 * request itself (server/uploads/receive.ts), so a file is never buffered whole.
 */
export type FormHandler = (event: H3Event, body: Record<string, string>, context: FormContext) => Promise<FormOutcome>

export interface FormRoute {
  /** A page path without its locale prefix; `:name` matches one path segment. */
  path: string
  handler: FormHandler
  /**
   * The page's one-file form (multipart/form-data): it reads the body itself (server/uploads/receive.ts streams it
   * to storage), so `body` is empty. Without it a multipart post reaches `handler` with an empty body.
   */
  fileHandler?: FormHandler
  /** The largest form body the page takes (64 KB unless said): a whole service with its form needs more. */
  maxBytes?: number
}

export interface MatchedForm {
  route: FormRoute
  params: Record<string, string>
}

/** The route whose path matches `pathname`, with its decoded parameters; null when no page form is there. */
export function matchFormRoute(routes: readonly FormRoute[], pathname: string): MatchedForm | null {
  const segments = pathname.split('/')
  for (const route of routes) {
    const pattern = route.path.split('/')
    if (pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    const matches = pattern.every((part, index) => {
      const segment = segments[index]!
      if (!part.startsWith(':')) return part === segment
      try {
        params[part.slice(1)] = decodeURIComponent(segment)
      }
      catch {
        return false
      }
      return segment.length > 0
    })
    if (matches) return { route, params }
  }
  return null
}

/**
 * A path on this site only (open-redirect guard): relative, not protocol-relative, no backslash or control
 * character; without its locale prefix (the form adds the current one), and percent-encoded for the Location header.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 300) return fallback
  // The locale prefix comes off first: "/en//elsewhere" must not become the protocol-relative "//elsewhere".
  const path = value.replace(/^\/en(?=\/|$)/, '') || '/'
  // eslint-disable-next-line no-control-regex
  if (!/^\/(?![/\\])[^\\\u0000-\u001F\u007F]*$/.test(path)) return fallback
  try {
    return encodeURI(decodeURI(path))
  }
  catch {
    return fallback
  }
}
