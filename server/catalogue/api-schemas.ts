import { z } from 'zod'

/** Query-string shapes of the public API, with the messages a person reads when a value is refused. */

export const SEARCH_QUERY_MAX = 200
export const SEARCH_LIMIT_MAX = 50
export const SERVICES_LIMIT_MAX = 100

export const categoryCodeSchema = z.string().regex(/^01\.\d{2}$/)
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80)

/** A repeated parameter (`?q=a&q=b`) counts once: the first value. */
const first = (value: unknown) => Array.isArray(value) ? value[0] : value
const blankToUndefined = (value: unknown) => {
  const text = first(value)
  return typeof text === 'string' && text.trim() === '' ? undefined : text
}

const filter = (pattern: RegExp, message: string) =>
  z.preprocess(blankToUndefined, z.string({ message }).trim().regex(pattern, { message }).optional())

const limit = (max: number, fallback: number) => {
  const message = `Jumlah hasil (limit) harus bilangan bulat dari 1 sampai ${max}.`
  return z.preprocess(blankToUndefined, z.string({ message }).regex(/^\d{1,4}$/, { message })
    .transform(Number).pipe(z.number().min(1, { message }).max(max, { message })).optional().default(fallback))
}

export const searchQuerySchema = z.object({
  q: z.preprocess(first, z.string({ message: 'Kata pencarian harus berupa teks.' }).max(SEARCH_QUERY_MAX, {
    message: `Kata pencarian terlalu panjang. Gunakan paling banyak ${SEARCH_QUERY_MAX} huruf.`,
  }).optional().default(''))
    // Control characters (a NUL byte among them) can never be part of a search and PostgreSQL refuses them.
    // eslint-disable-next-line no-control-regex
    .transform(q => q.replace(/[\u0000-\u001F\u007F]/g, ' ')),
  category: filter(/^01\.\d{2}$/, 'Kategori tidak dikenal. Kode kategori berbentuk 01.01 sampai 01.40.'),
  agency: filter(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'OPD tidak dikenal.'),
  limit: limit(SEARCH_LIMIT_MAX, 20),
})

export const servicesQuerySchema = z.object({
  category: filter(/^01\.\d{2}$/, 'Kategori tidak dikenal. Kode kategori berbentuk 01.01 sampai 01.40.'),
  agency: filter(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'OPD tidak dikenal.'),
  cursor: filter(/^[\w-]{1,200}$/, 'Penanda halaman (cursor) tidak valid. Mulai lagi dari halaman pertama.'),
  limit: limit(SERVICES_LIMIT_MAX, 50),
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
