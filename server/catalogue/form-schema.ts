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

const key = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'keys are camelCase identifiers')
const label = z.string().trim().min(3).max(200)

export const questionSchema = z.object({
  key,
  label,
  type: z.enum(QUESTION_TYPES),
  required: z.boolean(),
  hint: z.string().trim().min(3).max(300).optional(),
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9-]+$/), label })).min(2).optional(),
  /** number: the smallest and largest value, and whether only whole numbers make sense (a count, a year). */
  min: z.number().min(0).optional(),
  max: z.number().positive().optional(),
  integer: z.boolean().optional(),
  /** date: a day that has happened (a birth, a death, an event); not later than today. */
  notFuture: z.boolean().optional(),
}).refine(q => (q.type === 'choice') === Boolean(q.options), {
  message: 'a choice question has options, and only a choice question has them',
}).refine(q => q.type === 'number' || (q.min === undefined && q.max === undefined && q.integer === undefined), {
  message: 'min, max and integer belong to number questions',
}).refine(q => q.type === 'date' || q.notFuture === undefined, { message: 'notFuture belongs to date questions' })

export const documentSchema = z.object({
  key,
  label,
  required: z.boolean(),
  hint: z.string().trim().min(3).max(300).optional(),
  accept: z.array(z.enum(UPLOAD_TYPES)).min(1).default([...UPLOAD_TYPES]),
  maxBytes: z.number().int().positive().max(20 * 1024 * 1024).default(DEFAULT_MAX_UPLOAD_BYTES),
})

export const formSchema = z.object({
  questions: z.array(questionSchema).min(1),
  documents: z.array(documentSchema),
}).refine(form => new Set([...form.questions, ...form.documents].map(field => field.key)).size
  === form.questions.length + form.documents.length, { message: 'every question and document key is unique' })

export type ServiceForm = z.infer<typeof formSchema>
export type FormQuestion = z.infer<typeof questionSchema>
