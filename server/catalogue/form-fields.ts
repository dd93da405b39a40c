/**
 * The application form (form-schema.ts) as the editing page's plain fields and back (issue 6), so an admin or an OPD
 * head edits it with JavaScript off: one row of fields per question (`form.q.0.label`) and per document
 * (`form.d.0.label`), plus blank rows to add new ones. Keys are carried in hidden fields and never change once given,
 * because stored answers and uploads refer to them; a new row's key is made from its label.
 */
import { listLines } from './editor-input'
import { DEFAULT_MAX_UPLOAD_BYTES, FORM_MESSAGES, formSchema, RESERVED_KEYS, UPLOAD_TYPES, type FormQuestion,
  type ServiceForm } from './form-schema'

/** Blank rows the page offers for new questions and documents; a row left blank is ignored. */
export const BLANK_QUESTIONS = 2
export const BLANK_DOCUMENTS = 1

const MEGABYTE = 1024 * 1024
/** More rows than any form needs: past it a post is cut, not read. */
const MAX_ROWS = 100

/** The document checkboxes of the accepted file types. */
export const FILE_TYPES = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' } as const satisfies
Record<string, typeof UPLOAD_TYPES[number]>
type FileType = keyof typeof FILE_TYPES

/** A row's fields in the order the page shows them (AdminFormDefinitionFields.vue): the errors follow it. */
export const QUESTION_FIELDS = ['key', 'label', 'type', 'required', 'hint', 'options', 'optionValues', 'min', 'max',
  'integer', 'notFuture', 'order', 'remove'] as const
export const DOCUMENT_FIELDS = ['key', 'label', 'required', 'hint', 'pdf', 'jpeg', 'png', 'maxMb', 'order',
  'remove'] as const
type QuestionField = typeof QUESTION_FIELDS[number]
type DocumentField = typeof DOCUMENT_FIELDS[number]

/** The page's name (and id) of one field of a row: `form.q.2.label`, `form.d.0.maxMb`. */
export type FormFieldName = `form.${'q' | 'd'}.${number}.${string}`
export const questionField = (row: number, field: QuestionField): FormFieldName => `form.q.${row}.${field}`
export const documentField = (row: number, field: DocumentField): FormFieldName => `form.d.${row}.${field}`

const CHECKED = 'ya'
const flag = (on: boolean | undefined) => on ? CHECKED : ''
const decimal = (value: number) => String(value).replace('.', ',')

function questionValues(question: FormQuestion | null, order: number): Record<QuestionField, string> {
  return {
    key: question?.key ?? '', label: question?.label ?? '', type: question?.type ?? 'text',
    required: flag(question?.required ?? true), hint: question?.hint ?? '',
    options: (question?.options ?? []).map(option => option.label).join('\n'),
    optionValues: (question?.options ?? []).map(option => `${option.value}=${option.label}`).join('\n'),
    order: question ? String(order) : '', remove: '', min: question?.min === undefined ? '' : decimal(question.min),
    max: question?.max === undefined ? '' : decimal(question.max), integer: flag(question?.integer),
    notFuture: flag(question?.notFuture),
  }
}

type FormDocument = ServiceForm['documents'][number]

function documentValues(document: FormDocument | null, order: number): Record<DocumentField, string> {
  const accept: readonly string[] = document?.accept ?? UPLOAD_TYPES
  return {
    key: document?.key ?? '', label: document?.label ?? '', required: flag(document?.required ?? true),
    hint: document?.hint ?? '', pdf: flag(accept.includes(FILE_TYPES.pdf)),
    jpeg: flag(accept.includes(FILE_TYPES.jpeg)), png: flag(accept.includes(FILE_TYPES.png)),
    maxMb: decimal((document?.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES) / MEGABYTE),
    order: document ? String(order) : '', remove: '',
  }
}

/** The stored form as the page's fields, with the blank rows for new questions and documents. */
export function formToFields(form: ServiceForm | null): Record<FormFieldName, string> {
  const values: Record<FormFieldName, string> = {}
  const questions = [...form?.questions ?? [], ...Array<null>(BLANK_QUESTIONS).fill(null)]
  questions.forEach((question, row) => {
    for (const [field, value] of Object.entries(questionValues(question, row + 1))) {
      values[questionField(row, field as QuestionField)] = value
    }
  })
  const documents = [...form?.documents ?? [], ...Array<null>(BLANK_DOCUMENTS).fill(null)]
  documents.forEach((document, row) => {
    for (const [field, value] of Object.entries(documentValues(document, row + 1))) {
      values[documentField(row, field as DocumentField)] = value
    }
  })
  return values
}

/** The rows a post carries, in the order of their numbers (at most MAX_ROWS of each). */
function postedRows(body: Record<string, string>, kind: 'q' | 'd'): number[] {
  const rows = new Set<number>()
  for (const name of Object.keys(body)) {
    const row = new RegExp(`^form\\.${kind}\\.(\\d{1,3})\\.[a-zA-Z]+$`).exec(name)?.[1]
    if (row !== undefined) rows.add(Number(row))
  }
  return [...rows].sort((a, b) => a - b).slice(0, MAX_ROWS)
}

/** Plain ASCII words of a label: accents dropped, everything else a separator. */
const words = (label: string) => label.normalize('NFD').replace(/[\u0300-\u036F]/g, '').toLowerCase()
  .match(/[a-z0-9]+/g) ?? []

/**
 * The first of `base`, `base2`, `base3`… (or `base-2`…) that is neither taken nor a built-in name of JavaScript
 * objects (a label "Constructor" gets constructor2); it is taken from then on.
 */
function unique(base: string, taken: Set<string>, separator = ''): string {
  let candidate = base
  for (let suffix = 2; taken.has(candidate) || RESERVED_KEYS.has(candidate); suffix++) {
    candidate = `${base}${separator}${suffix}`
  }
  taken.add(candidate)
  return candidate
}

/** A camelCase key from a label ("Nama ayah kandung" → namaAyahKandung), starting with a letter. */
export function keyFromLabel(label: string, fallback: string, taken: Set<string>): string {
  const joined = words(label).map((word, index) => index ? `${word[0]!.toUpperCase()}${word.slice(1)}` : word).join('')
    .slice(0, 40)
  const base = /^[a-z]/.test(joined) ? joined : `${fallback}${joined.charAt(0).toUpperCase()}${joined.slice(1)}`
  return unique(base, taken)
}

/**
 * The options of a choice question from its lines. An option whose label is unchanged keeps its value; a new or
 * renamed line gets a new value made from its label, never one the question had before (a filed request shows the
 * labels of the version it was filed against, so a value need not survive a rename, but must not change meaning).
 */
export function optionsFromLines(lines: string[], previous: string): { value: string, label: string }[] {
  const before = listLines(previous).flatMap((line) => {
    const at = line.indexOf('=')
    return at > 0 ? [{ value: line.slice(0, at), label: line.slice(at + 1) }] : []
  })
  const used = new Set<string>()
  const kept = lines.map((label) => {
    const value = before.find(option => option.label === label && !used.has(option.value))?.value
    if (value) used.add(value)
    return value
  })
  const taken = new Set([...used, ...before.map(option => option.value)])
  return lines.map((label, index) => ({ label,
    value: kept[index] ?? unique(words(label).join('-').slice(0, 40).replace(/-$/, '') || 'pilihan', taken, '-') }))
}

/** A number typed with a comma or a point; blank is undefined, anything else not a number is NaN. */
function typedNumber(text: string): number | undefined {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  return /^\d{1,12}(?:[.,]\d{1,6})?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN
}

interface Row<T> {
  row: number
  /** The number typed in "Urutan"; undefined when blank. */
  order: number | undefined
  item: T
}

/** Smaller numbers first; equal numbers keep the page's order, and rows without a number come last (orderHint). */
function byOrder<T>(a: Row<T>, b: Row<T>): number {
  if (a.order === b.order) return a.row - b.row
  if (a.order === undefined) return 1
  return b.order === undefined ? -1 : a.order - b.order
}

/**
 * What the editor refuses rather than drops: a box filled in that the chosen type does not use. A stored form
 * never fills them (the schema allows them only for their type), so a round trip is unchanged.
 */
const OTHER_TYPE_MESSAGES = {
  options: 'pilihan jawaban hanya untuk jenis Pilihan. Kosongkan kotak ini atau ubah jenisnya.',
  min: 'nilai terkecil hanya untuk jenis Angka. Kosongkan kotak ini atau ubah jenisnya.',
  max: 'nilai terbesar hanya untuk jenis Angka. Kosongkan kotak ini atau ubah jenisnya.',
  integer: '"bilangan bulat" hanya untuk jenis Angka. Hapus centangnya atau ubah jenisnya.',
  notFuture: '"tidak boleh lewat hari ini" hanya untuk jenis Tanggal. Hapus centangnya atau ubah jenisnya.',
} as const

/** The boxes of a question row filled in although its type does not use them. */
function boxesOfOtherTypes(fields: Record<QuestionField, string>): (keyof typeof OTHER_TYPE_MESSAGES)[] {
  return [
    ...fields.type !== 'choice' && listLines(fields.options).length ? ['options' as const] : [],
    ...fields.type === 'number' ? [] : (['min', 'max'] as const).filter(bound => fields[bound].trim()),
    ...fields.type !== 'number' && fields.integer === CHECKED ? ['integer' as const] : [],
    ...fields.type !== 'date' && fields.notFuture === CHECKED ? ['notFuture' as const] : [],
  ]
}

/** Where an input's problem stands on the page: the form's own first, then questions, then documents, by row. */
function pagePlace(name: string): number[] {
  const [, kind, row, field] = /^form\.([qd])\.(\d+)\.(\w+)$/.exec(name) ?? []
  if (!kind) return [0, 0, 0]
  const fields: readonly string[] = kind === 'q' ? QUESTION_FIELDS : DOCUMENT_FIELDS
  return [kind === 'q' ? 1 : 2, Number(row), fields.indexOf(field!)]
}

/**
 * The problems in the order a reader meets their inputs, whatever order they were found in (the schema's checks
 * follow the sorted form, the editor's own the rows): the error summary keeps this order within the form.
 */
function inPageOrder(errors: Record<string, string>): Record<string, string> {
  const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => compare(pagePlace(a), pagePlace(b))))
}

/** The page's names of the questions and documents, as their fieldsets' legends number them. */
const questionName = (row: number) => `Pertanyaan ${row + 1}`
const documentName = (row: number) => `Dokumen ${row + 1}`

/** Which input a problem with a field of the schema belongs to. */
const QUESTION_INPUTS: Record<string, QuestionField> = { key: 'label', label: 'label', type: 'type', hint: 'hint',
  options: 'options', min: 'min', max: 'max', integer: 'integer', notFuture: 'notFuture', required: 'required' }
const DOCUMENT_INPUTS: Record<string, DocumentField> = { key: 'label', label: 'label', hint: 'hint', accept: 'pdf',
  maxBytes: 'maxMb', required: 'required' }

const sentence = (message: string) => `${message[0]!.toUpperCase()}${message.slice(1)}`

/**
 * The page's fields back into a form: null when no question and no document is left (the service has no online
 * form), else the form checked by formSchema. Every problem is a message at its input ("Pertanyaan 2: pilihan
 * jawaban perlu paling sedikit dua baris."); `values` are what was typed, every row's every field, to show again.
 */
export function formFromFields(body: Record<string, string>) {
  const values: Record<FormFieldName, string> = {}
  const errors: Record<string, string> = {}
  const read = (name: FormFieldName) => values[name] = String(body[name] ?? '').slice(0, 4000)
  const fail = (name: FormFieldName, prefix: string, message: string) => errors[name] ??= `${prefix}: ${message}`

  const questionRows = postedRows(body, 'q')
  const documentRows = postedRows(body, 'd')
  const question = (row: number) => Object.fromEntries(QUESTION_FIELDS.map(field =>
    [field, read(questionField(row, field))])) as Record<QuestionField, string>
  const document = (row: number) => Object.fromEntries(DOCUMENT_FIELDS.map(field =>
    [field, read(documentField(row, field))])) as Record<DocumentField, string>
  const questionsTyped = questionRows.map(row => ({ row, fields: question(row) }))
  const documentsTyped = documentRows.map(row => ({ row, fields: document(row) }))

  // Existing keys are taken first, removed ones too: a new question never takes the key of one just removed.
  const taken = new Set([...questionsTyped, ...documentsTyped].map(({ fields }) => fields.key).filter(Boolean))
  const order = (text: string, name: FormFieldName, prefix: string) => {
    const number = typedNumber(text)
    if (number === undefined || Number.isInteger(number)) return number
    fail(name, prefix, 'urutan ditulis dengan angka bulat, contoh 3.')
    return undefined
  }

  const questions: Row<Record<string, unknown>>[] = []
  for (const { row, fields } of questionsTyped) {
    const lines = listLines(fields.options)
    if (fields.remove === CHECKED || (!fields.key && !fields.label.trim() && !fields.hint.trim() && !lines.length)) {
      continue
    }
    const prefix = questionName(row)
    for (const box of boxesOfOtherTypes(fields)) fail(questionField(row, box), prefix, OTHER_TYPE_MESSAGES[box])
    const item: Record<string, unknown> = {
      key: fields.key || keyFromLabel(fields.label, 'isian', taken), label: fields.label, type: fields.type,
      required: fields.required === CHECKED, ...fields.hint.trim() ? { hint: fields.hint } : {},
    }
    if (fields.type === 'choice') item.options = optionsFromLines(lines, fields.optionValues)
    if (fields.type === 'number') {
      for (const bound of ['min', 'max'] as const) {
        const value = typedNumber(fields[bound])
        const which = bound === 'min' ? 'terkecil' : 'terbesar'
        if (Number.isNaN(value)) fail(questionField(row, bound), prefix, `nilai ${which} ditulis dengan angka.`)
        else if (value !== undefined) item[bound] = value
      }
      if (fields.integer === CHECKED) item.integer = true
    }
    if (fields.type === 'date' && fields.notFuture === CHECKED) item.notFuture = true
    questions.push({ row, order: order(fields.order, questionField(row, 'order'), prefix), item })
  }

  const documents: Row<Record<string, unknown>>[] = []
  for (const { row, fields } of documentsTyped) {
    if (fields.remove === CHECKED || (!fields.key && !fields.label.trim() && !fields.hint.trim())) continue
    const prefix = documentName(row)
    const megabytes = typedNumber(fields.maxMb)
    if (Number.isNaN(megabytes)) {
      fail(documentField(row, 'maxMb'), prefix, 'ukuran ditulis dalam MB, contoh 5 atau 2,5.')
    }
    const item: Record<string, unknown> = {
      key: fields.key || keyFromLabel(fields.label, 'dokumen', taken), label: fields.label,
      required: fields.required === CHECKED, ...fields.hint.trim() ? { hint: fields.hint } : {},
      accept: (Object.keys(FILE_TYPES) as FileType[]).filter(type => fields[type] === CHECKED)
        .map(type => FILE_TYPES[type]),
      maxBytes: megabytes === undefined || Number.isNaN(megabytes)
        ? DEFAULT_MAX_UPLOAD_BYTES
        : Math.round(megabytes * MEGABYTE),
    }
    documents.push({ row, order: order(fields.order, documentField(row, 'order'), prefix), item })
  }

  questions.sort(byOrder)
  documents.sort(byOrder)
  if (!questions.length && !documents.length) return { form: null, values, errors: inPageOrder(errors) }

  const parsed = formSchema.safeParse({ questions: questions.map(({ item }) => item),
    documents: documents.map(({ item }) => item) })
  if (parsed.success && !Object.keys(errors).length) return { form: parsed.data, values, errors }
  for (const issue of parsed.error?.issues ?? []) {
    const [list, index, field] = issue.path
    if (list === 'questions' && typeof index === 'number') {
      const { row } = questions[index]!
      fail(questionField(row, QUESTION_INPUTS[String(field)] ?? 'label'), questionName(row), issue.message)
    }
    else if (list === 'documents' && typeof index === 'number') {
      const { row } = documents[index]!
      fail(documentField(row, DOCUMENT_INPUTS[String(field)] ?? 'label'), documentName(row), issue.message)
    }
    else if (issue.message === FORM_MESSAGES.questions) {
      errors[questionField(questionRows[0] ?? 0, 'label')] ??= sentence(issue.message)
    }
    else {
      errors.form ??= sentence(issue.message)
    }
  }
  return { form: null, values, errors: inPageOrder(errors) }
}
