/**
 * Catalogue editing errors, free of HTTP: server/utils/api.ts maps each kind to a status code in one place
 * (invalid-input → 422, not-found → 404, forbidden → 403, conflict → 409). Every message is what the editor
 * reads; `fields` puts a message beside each field of the page's form.
 */
export type CatalogueErrorKind = 'invalid-input' | 'not-found' | 'forbidden' | 'conflict'

export class CatalogueError extends Error {
  override name = 'CatalogueError'

  constructor(readonly kind: CatalogueErrorKind, message: string, readonly fields: Record<string, string> = {}) {
    super(message)
  }
}

export const INVALID_CATALOGUE_INPUT = 'Ada isian yang perlu diperbaiki.'

export function invalidCatalogueInput(fields: Record<string, string>): CatalogueError {
  return new CatalogueError('invalid-input', INVALID_CATALOGUE_INPUT, fields)
}

/** The same for a thing that does not exist and one of another OPD, so nothing can be probed. */
export function catalogueNotFound(message = 'Data itu tidak ditemukan.'): CatalogueError {
  return new CatalogueError('not-found', message)
}
