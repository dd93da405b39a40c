/**
 * The filters of the audit list, shared by `GET /api/v1/admin/audit` and the page /admin/audit (whose filter form
 * is a GET with the same names), so both refuse the same input with the same words.
 */
import { z } from 'zod'
import { pageLimitSchema } from '../validation/page-limit'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const isDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
  && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
const optionalText = (max: number, message: string) => z.string().trim().max(max, message).optional()
  .transform(value => value || undefined)
const optionalDate = (message: string) => z.string().trim().optional().transform(value => value || undefined)
  .refine(value => value === undefined || isDate(value), message)

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(120, 'Nama atau surel pelaku paling panjang 120 huruf.').optional()
    .transform(value => value || undefined)
    .refine(value => value === undefined || value.length >= 2,
      'Tulis paling sedikit 2 huruf dari nama atau surel pelaku, nomor akunnya, atau "system".'),
  action: optionalText(80, 'Tindakan paling panjang 80 huruf.'),
  entityType: optionalText(40, 'Jenis objek paling panjang 40 huruf.'),
  entityId: optionalText(80, 'Nomor objek paling panjang 80 huruf.'),
  from: optionalDate('Tulis tanggal mulai sebagai TTTT-BB-HH, misalnya 2026-12-01.'),
  to: optionalDate('Tulis tanggal akhir sebagai TTTT-BB-HH, misalnya 2026-12-31.'),
  cursor: z.string().regex(/^[1-9]\d{0,15}$/, 'Penunjuk halaman tidak valid.').optional(),
  limit: pageLimitSchema,
}).refine(query => !query.from || !query.to || query.from <= query.to,
  { message: 'Tanggal akhir tidak boleh sebelum tanggal mulai.', path: ['to'] })

export type AuditQuery = z.infer<typeof auditQuerySchema>

/** The first problem of each field, keyed by the field's name (the form's input ids). */
export function auditQueryErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'action')] ??= issue.message
  return errors
}
