import { z } from 'zod'
import { PASSWORD_MAX_LENGTH } from './password-policy'

/** Shapes of the account forms and JSON bodies, with the messages a citizen reads beside each field. */

const email = z.string({ message: 'Isi alamat e-mail.' }).trim().toLowerCase()
  .min(1, { message: 'Isi alamat e-mail.' })
  .max(254, { message: 'Alamat e-mail terlalu panjang.' })
  .email({ message: 'Alamat e-mail belum benar. Contoh: nama@contoh.com' })

/** Indonesian mobile numbers: 08…, +628… or 628…; stored as 08… */
export const phoneSchema = z.string({ message: 'Isi nomor HP.' }).trim()
  .transform(value => value.replace(/[\s.-]/g, '').replace(/^\+?62/, '0'))
  .pipe(z.string().regex(/^08\d{7,12}$/, { message: 'Nomor HP belum benar. Contoh: 0812 3456 7890' }))

export const registerSchema = z.object({
  name: z.string({ message: 'Isi nama lengkap.' }).trim().min(2, { message: 'Isi nama lengkap.' })
    .max(120, { message: 'Nama terlalu panjang (paling banyak 120 huruf).' })
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001F\u007F]+$/, { message: 'Nama hanya boleh berisi huruf, angka dan tanda baca.' }),
  email,
  phone: phoneSchema,
  password: z.string({ message: 'Isi kata sandi.' }).max(PASSWORD_MAX_LENGTH * 4, {
    message: 'Kata sandi terlalu panjang.',
  }),
})

export const loginSchema = z.object({
  email,
  password: z.string({ message: 'Isi kata sandi.' }).min(1, { message: 'Isi kata sandi.' })
    .max(PASSWORD_MAX_LENGTH * 4, { message: 'Kata sandi terlalu panjang.' }),
})

export type RegisterInput = z.infer<typeof registerSchema>
export type LoginInput = z.infer<typeof loginSchema>

/** Field messages from a zod error: the first problem of each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return errors
}
