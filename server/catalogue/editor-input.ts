import type { z } from 'zod'

/** A textarea of one item per line, blank lines left out. */
export function listLines(text: unknown): string[] {
  return String(text ?? '').split(/\r?\n/).map(line => line.trim()).filter(Boolean)
}

/** zod's problems as one message per field (the first), a list item's with its line number. */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const [field, index] = issue.path
    const line = typeof index === 'number' ? `Baris ${index + 1}: ` : ''
    errors[String(field ?? 'form')] ??= `${line}${issue.message}`
  }
  return errors
}

/** An optional text box: blank is null. */
export const blankToNull = (value: unknown) => typeof value === 'string' && value.trim() === '' ? null : value
