import type { z } from 'zod'

/**
 * zod's message for a check that carries none of its own, in plain Bahasa Indonesia. zod's Indonesian locale speaks
 * of types and operators ("diharapkan string memiliki <=40 karakter"); a citizen, an officer or the developer of
 * another system reads which part is at fault and what it should hold.
 */
type RawIssue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0]

const KINDS: Record<string, string> = {
  string: 'teks', number: 'angka', int: 'bilangan bulat', boolean: 'ya atau tidak (true/false)', array: 'daftar',
  object: 'objek', record: 'objek', date: 'tanggal', bigint: 'angka',
}

const count = (value: number | bigint) => Number(value).toLocaleString('id-ID')

function part(issue: RawIssue): string {
  const path = (issue.path ?? []).map(String).join('.')
  return path ? `Bagian "${path}"` : 'Isian'
}

export function plainIssueMessage(issue: RawIssue): string {
  const subject = part(issue)
  switch (issue.code) {
    case 'invalid_type': {
      if (!issue.path?.length && issue.expected === 'object') {
        return 'Isian yang dikirim harus berupa objek JSON, misalnya {"nama": "…"}.'
      }
      if (issue.input === undefined) return `${subject} wajib diisi.`
      return `${subject} harus berisi ${KINDS[issue.expected] ?? 'nilai yang sesuai'}.`
    }
    case 'too_big':
      if (issue.origin === 'string') return `${subject} paling banyak ${count(issue.maximum)} huruf.`
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `${subject} paling banyak ${count(issue.maximum)} butir.`
      }
      return `${subject} paling besar ${count(issue.maximum as number)}.`
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? `${subject} wajib diisi.`
          : `${subject} paling sedikit ${count(issue.minimum)} huruf.`
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `${subject} paling sedikit ${count(issue.minimum)} butir.`
      }
      return `${subject} paling kecil ${count(issue.minimum as number)}.`
    case 'invalid_format':
      return issue.format === 'email'
        ? `${subject} harus berisi alamat surel yang benar.`
        : `${subject} bentuk tulisannya tidak sesuai.`
    case 'invalid_value':
      return `${subject} harus salah satu dari: ${issue.values.map(String).join(', ')}.`
    case 'unrecognized_keys':
      return `Bagian ini tidak dikenal: ${issue.keys.join(', ')}.`
    case 'not_multiple_of':
      return `${subject} harus kelipatan ${String(issue.divisor)}.`
    default:
      return `${subject} tidak sesuai.`
  }
}
