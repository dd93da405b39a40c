import { z } from 'zod'

/**
 * The online application form of a service: typed questions and one upload per required document. Seeded from
 * `server/catalogue/seed/forms/<service slug>.json`; served as `form` by `GET /api/v1/services/:slug`.
 */

export const QUESTION_TYPES = ['text', 'textarea', 'number', 'date', 'choice', 'yesno', 'nik', 'phone',
  'kecamatan'] as const

export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const

/** 5 MB: a phone photo or a scanned page; the default, configurable per document. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/**
 * The schema's own messages in plain Indonesian, written to follow the name of what they are about: the editing page
 * puts "Pertanyaan 2: " before them, the JSON API the path ("form.questions[1].options: "), an import its row.
 */
export const FORM_MESSAGES = {
  key: 'kuncinya hanya huruf dan angka tanpa spasi, diawali huruf kecil (camelCase), contoh namaLengkap.',
  questionLabel: 'pertanyaannya perlu 3 sampai 200 huruf.',
  documentLabel: 'nama dokumennya perlu 3 sampai 200 huruf.',
  hint: 'petunjuknya perlu 3 sampai 300 huruf, atau dikosongkan.',
  type: 'pilih jenis jawaban dari daftar.',
  optionValue: 'kode pilihan hanya huruf kecil, angka dan tanda hubung, contoh ktp-baru.',
  optionLabel: 'setiap pilihan jawaban perlu 3 sampai 200 huruf.',
  options: 'pilihan jawaban perlu paling sedikit dua baris.',
  choiceOnly: 'hanya pertanyaan berjenis Pilihan yang punya pilihan jawaban, dan pertanyaan Pilihan wajib punya.',
  min: 'nilai terkecil tidak boleh kurang dari 0.',
  max: 'nilai terbesar harus lebih dari 0.',
  minAboveMax: 'nilai terbesar tidak boleh kurang dari nilai terkecil.',
  numberOnly: 'nilai terkecil, nilai terbesar dan "bilangan bulat" hanya untuk pertanyaan berjenis Angka.',
  dateOnly: '"tidak boleh lewat hari ini" hanya untuk pertanyaan berjenis Tanggal.',
  accept: 'pilih paling sedikit satu jenis berkas: PDF, JPEG atau PNG.',
  maxBytes: 'ukuran berkas paling besar harus lebih dari 0 dan tidak lebih dari 20 MB.',
  questions: 'formulir perlu paling sedikit satu pertanyaan; tanpa pertanyaan dan dokumen, layanan tidak punya '
    + 'formulir daring.',
  uniqueKeys: 'setiap kunci pertanyaan dan dokumen di formulir harus berbeda.',
  reservedKey: 'kunci ini dipakai sistem (nama bawaan JavaScript, contoh constructor atau toString); pilih kunci lain, '
    + 'contoh constructor2.',
} as const

/**
 * The names every JavaScript object already answers to (`constructor`, `toString`, `hasOwnProperty`…). Answers and
 * uploads are looked up by key, so a question keyed `constructor` would read an unanswered question as the built-in
 * function; such keys are refused here and the editor never makes them (form-fields.ts adds a number).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))

/** The largest upload a document may allow: 20 MB. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

const key = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, FORM_MESSAGES.key)
  .refine(value => !RESERVED_KEYS.has(value), FORM_MESSAGES.reservedKey)
const text = (min: number, max: number, message: string) => z.string({ error: message }).trim().min(min, message)
  .max(max, message)

export const questionSchema = z.object({
  key,
  label: text(3, 200, FORM_MESSAGES.questionLabel),
  type: z.enum(QUESTION_TYPES, { error: FORM_MESSAGES.type }),
  required: z.boolean(),
  hint: text(3, 300, FORM_MESSAGES.hint).optional(),
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9-]+$/, FORM_MESSAGES.optionValue),
    label: text(3, 200, FORM_MESSAGES.optionLabel) })).min(2, FORM_MESSAGES.options).optional(),
  /** number: the smallest and largest value, and whether only whole numbers make sense (a count, a year). */
  min: z.number().min(0, FORM_MESSAGES.min).optional(),
  max: z.number().positive(FORM_MESSAGES.max).optional(),
  integer: z.boolean().optional(),
  /** date: a day that has happened (a birth, a death, an event); not later than today. */
  notFuture: z.boolean().optional(),
}).refine(q => (q.type === 'choice') === Boolean(q.options), { message: FORM_MESSAGES.choiceOnly, path: ['options'] })
  .refine(q => q.type === 'number' || (q.min === undefined && q.max === undefined && q.integer === undefined), {
    message: FORM_MESSAGES.numberOnly, path: ['min'],
  })
  .refine(q => q.type === 'date' || q.notFuture === undefined, { message: FORM_MESSAGES.dateOnly, path: ['notFuture'] })
  .refine(q => q.min === undefined || q.max === undefined || q.min <= q.max, {
    message: FORM_MESSAGES.minAboveMax, path: ['max'],
  })

export const documentSchema = z.object({
  key,
  label: text(3, 200, FORM_MESSAGES.documentLabel),
  required: z.boolean(),
  hint: text(3, 300, FORM_MESSAGES.hint).optional(),
  accept: z.array(z.enum(UPLOAD_TYPES, { error: FORM_MESSAGES.accept })).min(1, FORM_MESSAGES.accept)
    .default([...UPLOAD_TYPES]),
  maxBytes: z.number().int(FORM_MESSAGES.maxBytes).positive(FORM_MESSAGES.maxBytes)
    .max(MAX_UPLOAD_BYTES, FORM_MESSAGES.maxBytes).default(DEFAULT_MAX_UPLOAD_BYTES),
})

export const formSchema = z.object({
  questions: z.array(questionSchema).min(1, FORM_MESSAGES.questions),
  documents: z.array(documentSchema),
}).refine(form => new Set([...form.questions, ...form.documents].map(field => field.key)).size
  === form.questions.length + form.documents.length, { message: FORM_MESSAGES.uniqueKeys })

export type ServiceForm = z.infer<typeof formSchema>
export type FormQuestion = z.infer<typeof questionSchema>
