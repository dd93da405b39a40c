import { z } from 'zod'

/** Query-string shapes of the public API, with the messages a person reads when a value is refused. */

export const SEARCH_QUERY_MAX = 200

const single = (schema: z.ZodType<string>) => z.preprocess(v => Array.isArray(v) ? v[0] : v, schema)

const optionalText = (max: number, message: string) => single(z.string().trim().max(max, { message }))
  .optional().transform(v => v || undefined)

export const categoryCodeSchema = z.string().regex(/^01\.\d{2}$/)
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80)

export const searchQuerySchema = z.object({
  q: single(z.string().max(SEARCH_QUERY_MAX, {
    message: `Kata pencarian terlalu panjang. Gunakan paling banyak ${SEARCH_QUERY_MAX} huruf.`,
  })).optional().default(''),
  category: optionalText(10, 'Kategori tidak dikenal.'),
  agency: optionalText(80, 'OPD tidak dikenal.'),
  limit: z.coerce.number().int().min(1).max(50, { message: 'Jumlah hasil paling banyak 50.' }).optional(),
})

export const servicesQuerySchema = z.object({
  category: optionalText(10, 'Kategori tidak dikenal.'),
  agency: optionalText(80, 'OPD tidak dikenal.'),
  cursor: optionalText(200, 'Penanda halaman (cursor) tidak valid.'),
  limit: z.coerce.number().int().min(1, { message: 'Jumlah per halaman paling sedikit 1.' })
    .max(100, { message: 'Jumlah per halaman paling banyak 100.' }).optional().default(50),
})

/** Cursors are opaque to clients: the last slug of the page, base64url-encoded. */
export function encodeCursor(slug: string): string {
  return Buffer.from(slug, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): string | null {
  if (!/^[\w-]+$/.test(cursor)) return null
  const slug = Buffer.from(cursor, 'base64url').toString('utf8')
  return slugSchema.safeParse(slug).success ? slug : null
}
