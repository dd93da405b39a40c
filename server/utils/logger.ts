import { createConsola } from 'consola'

/**
 * The one logger of the server. Fields are structured; personal data (NIK, phone, address, e-mail) is never
 * passed to it.
 */
const base = createConsola({ level: process.env.LOG_LEVEL ? Number(process.env.LOG_LEVEL) : 3 })

function write(level: 'debug' | 'info' | 'warn' | 'error', fieldsOrMessage: object | string, message?: string) {
  if (typeof fieldsOrMessage === 'string') base[level](fieldsOrMessage)
  else base[level](message ?? '', fieldsOrMessage)
}

export const logger = {
  debug: (fields: object | string, message?: string) => write('debug', fields, message),
  info: (fields: object | string, message?: string) => write('info', fields, message),
  warn: (fields: object | string, message?: string) => write('warn', fields, message),
  error: (fields: object | string, message?: string) => write('error', fields, message),
}
