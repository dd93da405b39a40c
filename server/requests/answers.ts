/**
 * Checks a citizen's answers and documents against a service's form (server/catalogue/form-schema.ts) and turns
 * them into what is stored: trimmed text, numbers, booleans, kecamatan codes, and NIKs sealed (personal-data.ts).
 * Every field's problem is reported at once, so one correction round suffices (GOV.UK error summary pattern).
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import type { FormQuestion, ServiceForm } from '../catalogue/form-schema'
import { KecamatanSchema } from '../database/entities/kecamatan'
import type { StoredAnswer, StoredAnswers } from '../database/entities/request'
import { UploadSchema, type Upload } from '../database/entities/upload'
import type { User } from '../database/entities/user'
import { formatSize } from '../uploads/errors'
import { validateNik } from './nik'
import { sealAnswer } from './personal-data'
import { todayInJakarta } from './working-days'

const MAX_TEXT = 200
const MAX_TEXTAREA = 2000
/** Older than any living person's documents; later than any plan a form asks about. */
const EARLIEST_DATE = '1900-01-01'
const LATEST_YEARS_AHEAD = 5
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface CheckedApplication {
  answers: StoredAnswers
  /** Requirement key → the applicant's upload. */
  documents: Map<string, Upload>
}

export interface ApplicationInput {
  answers: Record<string, unknown>
  /** Requirement key → upload public id. */
  documents: Record<string, unknown>
}

/**
 * The value a citizen gave for a question or document key, read from the object's own fields only: a key that is
 * also a built-in name (`constructor`, `toString`) would otherwise read the built-in function as an answer. The form
 * schema refuses such keys; this keeps forms stored before that, and any posted object, from reaching the built-ins.
 */
export function ownValue(given: Record<string, unknown> | undefined, key: string): unknown {
  return given && Object.hasOwn(given, key) ? given[key] : undefined
}

/** The errors of every field, keyed by question or requirement key; empty when all is well. */
export async function checkApplication(em: EntityManager, form: ServiceForm, applicant: User, input: ApplicationInput,
  now: Date): Promise<{ errors: Record<string, string>, checked: CheckedApplication }> {
  const { errors, answers } = await checkQuestions(em, form, input.answers, now)

  const documents = new Map<string, Upload>()
  const given = Object.fromEntries(form.documents.map(doc => [doc.key, ownValue(input.documents, doc.key)]))
  const ids = Object.values(given).filter((id): id is string => typeof id === 'string' && UUID.test(id))
  const uploads = ids.length
    ? await em.find(UploadSchema, { publicId: { $in: ids }, owner: applicant.id })
    : []
  for (const doc of form.documents) {
    const id = ownValue(given, doc.key)
    if (isBlank(id)) {
      if (doc.required) errors[doc.key] = `Unggah ${lowerFirst(doc.label)}.`
      continue
    }
    // Another citizen's upload reads as missing: its existence is not confirmed to a stranger.
    const upload = uploads.find(candidate => candidate.publicId === id)
    if (!upload) errors[doc.key] = `Berkas untuk ${lowerFirst(doc.label)} tidak ditemukan; unggah lagi.`
    else if (!(doc.accept as string[]).includes(upload.contentType)) {
      errors[doc.key] = `Berkas untuk ${lowerFirst(doc.label)} harus ${acceptList(doc.accept)}.`
    }
    else if (upload.size > doc.maxBytes) {
      errors[doc.key] = `Berkas untuk ${lowerFirst(doc.label)} paling besar ${formatSize(doc.maxBytes)}.`
    }
    else documents.set(doc.key, upload)
  }
  return { errors, checked: { answers, documents } }
}

/** The questions alone (the first page of the flow): every problem at once, and the answers as stored. */
export async function checkQuestions(em: EntityManager, form: ServiceForm, given: Record<string, unknown> | undefined,
  now: Date): Promise<{ errors: Record<string, string>, answers: StoredAnswers }> {
  const errors: Record<string, string> = {}
  const answers: StoredAnswers = {}
  const kecamatanCodes = await kecamatanCodesOf(em, form)
  for (const question of form.questions) {
    const raw = ownValue(given, question.key)
    if (isBlank(raw)) {
      if (question.required) errors[question.key] = missingAnswer(question)
      continue
    }
    const result = checkAnswer(question, raw, { now, kecamatanCodes })
    if ('error' in result) errors[question.key] = result.error
    else answers[question.key] = result.value
  }
  return { errors, answers }
}

interface AnswerContext {
  now: Date
  kecamatanCodes: Map<string, string>
}

type AnswerResult = { value: StoredAnswer } | { error: string }

export function checkAnswer(question: FormQuestion, raw: unknown, context: AnswerContext): AnswerResult {
  const isScalar = typeof raw === 'number' || typeof raw === 'boolean'
  const text = typeof raw === 'string' ? raw.trim() : isScalar ? String(raw) : null
  if (text === null) return { error: `Jawaban untuk ${lowerFirst(question.label)} tidak dapat dibaca.` }

  switch (question.type) {
    case 'text':
    case 'textarea': {
      const max = question.type === 'text' ? MAX_TEXT : MAX_TEXTAREA
      // Counted in characters as a reader sees them (an emoji is one), not in UTF-16 units.
      return [...text].length > max ? { error: `Paling banyak ${max} karakter.` } : { value: text }
    }
    case 'number':
      return checkNumber(question, text)
    case 'date':
      return checkDate(text, context.now, question.notFuture === true)
    case 'choice': {
      const option = question.options?.find(candidate => candidate.value === text)
      return option ? { value: option.value } : { error: 'Pilih salah satu pilihan yang ada.' }
    }
    case 'yesno':
      if (['ya', 'true', 'yes'].includes(text.toLowerCase())) return { value: true }
      if (['tidak', 'false', 'no'].includes(text.toLowerCase())) return { value: false }
      return { error: 'Pilih Ya atau Tidak.' }
    case 'nik': {
      const nik = validateNik(text, { now: context.now })
      return nik.ok ? { value: sealAnswer(question.key, nik.nik) } : { error: nik.message }
    }
    case 'phone': {
      const phone = text.replace(/[\s.-]/g, '').replace(/^\+?62/, '0')
      return /^08\d{7,12}$/.test(phone) ? { value: phone } : { error: 'Nomor HP belum benar. Contoh: 0812 3456 7890' }
    }
    case 'kecamatan': {
      const code = context.kecamatanCodes.get(text.toLowerCase())
      return code ? { value: code } : { error: 'Pilih kecamatan di Kabupaten Tanggamus.' }
    }
  }
}

/** At most twelve digits before the decimal comma and four after: a count, an area, a sum in rupiah. */
const NUMBER = /^\d{1,12}(?:[.,]\d{1,4})?$/

function checkNumber(question: FormQuestion, text: string): AnswerResult {
  const plain = text.replace(/\s/g, '')
  if (!NUMBER.test(plain)) return { error: 'Isi dengan angka. Contoh: 2' }
  const value = Number(plain.replace(',', '.'))
  if (question.integer && !Number.isInteger(value)) return { error: 'Isi dengan bilangan bulat, tanpa koma.' }
  if (question.min !== undefined && value < question.min) return { error: `Paling kecil ${question.min}.` }
  if (question.max !== undefined && value > question.max) return { error: `Paling besar ${question.max}.` }
  return { value }
}

function checkDate(text: string, now: Date, notFuture = false): AnswerResult {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  if (!date || date.toISOString().slice(0, 10) !== text) {
    return { error: 'Tanggal belum benar. Tulis tanggal yang ada di kalender, contoh: 2024-05-12' }
  }
  const today = todayInJakarta(now)
  const latest = `${Number(today.slice(0, 4)) + LATEST_YEARS_AHEAD}${today.slice(4)}`
  if (text < EARLIEST_DATE || text > latest) {
    return { error: `Tanggal harus antara tahun 1900 dan ${latest.slice(0, 4)}.` }
  }
  if (notFuture && text > today) return { error: 'Tanggal ini tidak boleh lewat dari hari ini.' }
  return { value: text }
}

/** Kecamatan by code and by slug (lower case), to the code; read only when the form asks for one. */
async function kecamatanCodesOf(em: EntityManager, form: ServiceForm): Promise<Map<string, string>> {
  if (!form.questions.some(question => question.type === 'kecamatan')) return new Map()
  const rows = await em.find(KecamatanSchema, {})
  return new Map(rows.flatMap(row => [[row.code.toLowerCase(), row.code], [row.slug, row.code]]))
}

function missingAnswer(question: FormQuestion): string {
  // "Anak ke berapa?" is asked, not named: "Isi anak ke berapa?." would read badly.
  if (question.label.endsWith('?')) return `Jawab pertanyaan ini: ${question.label}`
  const label = lowerFirst(question.label)
  if (question.type === 'choice' || question.type === 'yesno' || question.type === 'kecamatan') return `Pilih ${label}.`
  return `Isi ${label}.`
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function lowerFirst(label: string): string {
  // Abbreviations (NIK ibu) and names (Kartu Keluarga) keep their capitals; "Nama lengkap anak" reads in a sentence.
  return /^[A-Z][a-z]+ [a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label
}

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' }

function acceptList(types: readonly string[]): string {
  const names = types.map(type => TYPE_NAMES[type] ?? type)
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} atau ${names.at(-1)}`
}
