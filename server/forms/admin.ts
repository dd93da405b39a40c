/**
 * What every /admin page form shares: who may post (signed out: to the sign-in page and back; another role: 403),
 * and a refusal of the catalogue or account code shown on the page again with what was typed. A thing the editor may
 * not see (another OPD's draft) is a 404, as on a plain visit.
 */
import type { H3Event } from 'h3'
import { AccountError } from '../accounts/errors'
import { CatalogueError } from '../catalogue/errors'
import type { Role, User } from '../database/entities/user'
import type { FormOutcome } from './registry'

/** The signed-in editor, or the outcome that sends the signed-out to sign in first. */
export async function editorOrSignIn(event: H3Event, page: string, roles: Role[]): Promise<User | FormOutcome> {
  if (!await currentUser(event)) return { redirect: `/masuk?lanjut=${encodeURIComponent(page)}` }
  return requireUser(event, roles)
}

export const isOutcome = (value: User | FormOutcome): value is FormOutcome => 'redirect' in value

/**
 * Runs `work`; a refusal becomes the page again (422, or 409 for a state that changed under the editor) with
 * `values` and a message per field, or at `anchor` when it names no field.
 */
export async function refusalOrRedirect(work: () => Promise<string>, values: Record<string, string>,
  anchor: string): Promise<FormOutcome> {
  try {
    return { redirect: await work() }
  }
  catch (error) {
    if (!(error instanceof CatalogueError || error instanceof AccountError)) throw error
    if (error.kind === 'not-found') throw notFound(error.message)
    if (error.kind === 'forbidden') throw createError({ statusCode: 403, statusMessage: 'Forbidden' })
    const errors = Object.keys(error.fields).length ? error.fields : { [anchor]: error.message }
    return { values, errors, message: error.message, status: error.kind === 'conflict' ? 409 : 422 }
  }
}

/** What was typed, to show again: each field cut to `max` characters. */
export function keptValues(body: Record<string, string>, fields: readonly string[], max = 4000) {
  return Object.fromEntries(fields.map(field => [field, String(body[field] ?? '').slice(0, max)]))
}
