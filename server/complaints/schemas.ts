import { z } from 'zod'
import { COMPLAINT_TEXT_MAX } from './suggest'

/** A repeated parameter (`?text=a&text=b`) counts once: the first value. */
const first = (value: unknown) => Array.isArray(value) ? value[0] : value

const emptyMessage = 'Tuliskan dulu apa yang ingin Anda adukan.'
const longMessage = 'Teks pengaduan terlalu panjang. Gunakan paling banyak 4.000 huruf.'

/**
 * `GET /api/v1/complaints/suggest?text=` and the body of `POST /api/v1/complaints/suggest`: the title and
 * description typed so far.
 */
export const complaintSuggestSchema = z.object({
  text: z.preprocess(first, z.string({ message: emptyMessage }).max(COMPLAINT_TEXT_MAX, { message: longMessage })
    // Control characters (a NUL byte among them) mean nothing in a complaint and PostgreSQL refuses them.
    // eslint-disable-next-line no-control-regex
    .transform(text => text.replace(/[\u0000-\u001F\u007F]/g, ' ').trim())
    .pipe(z.string().min(1, { message: emptyMessage }))),
})
