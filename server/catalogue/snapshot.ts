/**
 * Service snapshots (issue 6): every catalogue field of a service as plain JSON (serviceSnapshotSchema, keyed as in
 * the seed files), read from a service row, written back to one, compared field by field, and carried by the editing
 * page's form as strings (lists one item per line, the application form as rows of fields: form-fields.ts).
 */
import type { z } from 'zod'
import type { Agency } from '../database/entities/agency'
import type { Category } from '../database/entities/category'
import type { Service } from '../database/entities/service'
import { listLines } from './editor-input'
import { editorFieldMessage } from './editor-messages'
import { formFromFields, formToFields, type FormFieldName } from './form-fields'
import { formSchema, type ServiceForm } from './form-schema'
import { serviceJson } from './queries'
import { serviceSeedSchema } from './seed-schema'

/**
 * A service snapshot: every catalogue field of one service as plain JSON, keyed as in the seed files, with its
 * application form (null: not applied for through the portal; the seed keeps forms in `forms/`). It is what a
 * published version keeps (service_version), what a draft proposes, and one row of a catalogue import.
 */
export const serviceSnapshotSchema = serviceSeedSchema.extend({ form: formSchema.nullable() })

export type ServiceSnapshot = z.infer<typeof serviceSnapshotSchema>

/**
 * The snapshot's fields in the order the editing page (AdminServiceForm) shows them, so that its error summary and
 * a difference list follow the page; the fee is two fields.
 */
export const SNAPSHOT_FIELDS = ['name', 'slug', 'spbeId', 'categoryCode', 'agencySlug', 'target', 'method',
  'purpose', 'function', 'benefits', 'economicPotential', 'risks', 'riskMitigation', 'relatedMinistry',
  'governmentAffair', 'relatedMetadataIds', 'requirements', 'procedure', 'durationDays', 'durationNote', 'feeAmount',
  'feeNote', 'output', 'legalBasis', 'complaintHandling', 'channelUrl', 'externalProvider', 'sources', 'form',
  'aliases', 'popular'] as const
export type SnapshotField = typeof SNAPSHOT_FIELDS[number]

/** The ids of the fields the editing page shows, in its order: a published service's slug and SPBE ID are fixed. */
export const editorFieldIds = (fixedIdentity: boolean): SnapshotField[] =>
  SNAPSHOT_FIELDS.filter(field => !fixedIdentity || (field !== 'slug' && field !== 'spbeId'))

/** Fields typed one item per line. */
export const LIST_FIELDS = ['aliases', 'relatedMetadataIds', 'requirements', 'procedure', 'legalBasis',
  'sources'] as const satisfies readonly SnapshotField[]
type ListField = typeof LIST_FIELDS[number]
const isListField = (field: string): field is ListField => (LIST_FIELDS as readonly string[]).includes(field)

/** JSON with object keys sorted: two values are the same when their canonical JSON is (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    : inner)
}

export function sameSnapshot(a: ServiceSnapshot, b: ServiceSnapshot): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/**
 * The stored form with its keys in the schema's order (PostgreSQL's jsonb keeps its own order), so a snapshot reads
 * the same whatever the database did. A form the schema no longer takes is given as stored.
 */
function orderedForm(form: ServiceForm | null | undefined): ServiceForm | null {
  if (!form) return null
  const parsed = formSchema.safeParse(form)
  return parsed.success ? parsed.data : form
}

const SNAPSHOT_KEYS = Object.keys(serviceSnapshotSchema.shape) as (keyof ServiceSnapshot)[]

/** The live service as a snapshot, its keys in the seed files' order; its category and OPD must be loaded. */
export function snapshotOf(service: Service): ServiceSnapshot {
  const json = serviceJson(service)
  const values: Record<keyof ServiceSnapshot, unknown> = { ...json, categoryCode: json.category.code,
    agencySlug: json.agency.slug, popular: service.popular, form: orderedForm(service.form) }
  return Object.fromEntries(SNAPSHOT_KEYS.map(key => [key, values[key]])) as ServiceSnapshot
}

/** A snapshot as the columns of a service row. */
export function serviceData(snapshot: ServiceSnapshot, category: Category, agency: Agency) {
  const { categoryCode: _code, agencySlug: _agency, fee, form, ...rest } = snapshot
  return { ...rest, category, agency, feeAmount: fee.amount, feeNote: fee.note, form: form as ServiceForm | null }
}

function flatten(snapshot: ServiceSnapshot): Record<SnapshotField, unknown> {
  const { fee, ...rest } = snapshot
  return { ...rest, feeAmount: fee.amount, feeNote: fee.note }
}

export interface FieldChange {
  field: SnapshotField
  /** How to show it: a value, a list (with the items added and removed), or the application form's JSON. */
  kind: 'value' | 'list' | 'json'
  before: unknown
  after: unknown
  added: string[]
  removed: string[]
}

/**
 * What changed from `before` to `after`, field by field in SNAPSHOT_FIELDS order; a new service (no `before`) changes
 * every field. A list whose items only moved is a change with nothing added or removed.
 */
export function diffSnapshots(before: ServiceSnapshot | null, after: ServiceSnapshot): FieldChange[] {
  const old = before ? flatten(before) : null
  const now = flatten(after)
  const changes: FieldChange[] = []
  for (const field of SNAPSHOT_FIELDS) {
    const was = old ? old[field] : null
    const is = now[field]
    if (old && canonicalJson(was) === canonicalJson(is)) continue
    if (isListField(field)) {
      const wasList = (was ?? []) as string[]
      const isList = is as string[]
      changes.push({ field, kind: 'list', before: was, after: is, added: isList.filter(item => !wasList.includes(item)),
        removed: wasList.filter(item => !isList.includes(item)) })
    }
    else {
      changes.push({ field, kind: field === 'form' ? 'json' : 'value', before: was, after: is, added: [],
        removed: [] })
    }
  }
  return changes
}

/** The editing page's form fields: strings, lists one item per line, the application form as rows of fields. */
export type SnapshotFormValues = Record<SnapshotField, string> & Record<FormFieldName, string>

export function snapshotToForm(snapshot: ServiceSnapshot): SnapshotFormValues {
  const flat = flatten(snapshot)
  const values = {} as SnapshotFormValues
  for (const field of SNAPSHOT_FIELDS) {
    const value = flat[field]
    if (isListField(field)) values[field] = (value as string[]).join('\n')
    else if (field === 'form') Object.assign(values, { form: '' }, formToFields(value as ServiceForm | null))
    else if (field === 'popular') values[field] = value ? 'ya' : ''
    else values[field] = value === null || value === undefined ? '' : String(value)
  }
  return values
}

const wholeNumber = (text: string) => text.trim() === '' ? null : /^\d{1,9}$/.test(text.trim()) ? Number(text) : text
/** Rupiah as Indonesians write them: 50000, 50.000 or Rp 50.000 (dots group thousands). */
const rupiah = (text: string) => {
  const digits = /^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)$/i.exec(text.trim())?.[1]
  return digits === undefined ? wholeNumber(text) : wholeNumber(digits.replaceAll('.', ''))
}
const orNull = (text: string) => text.trim() === '' ? null : text.trim()

/**
 * The editing page's form back into a snapshot candidate, for serviceSnapshotSchema to check. The application form
 * is checked here, its problems one per input (a form with problems is left out of the candidate); `values` are
 * what was typed, to show again.
 */
export function snapshotFromForm(body: Record<string, string>) {
  const text = (field: SnapshotField) => String(body[field] ?? '').slice(0, 60_000)
  const { form, values: formValues, errors } = formFromFields(body)
  const values = { ...Object.fromEntries(SNAPSHOT_FIELDS.map(field => [field, text(field)])), ...formValues } as
    SnapshotFormValues
  const candidate = {
    spbeId: values.spbeId.trim(), slug: values.slug.trim(), name: values.name, categoryCode: values.categoryCode,
    agencySlug: values.agencySlug, aliases: listLines(values.aliases), purpose: values.purpose,
    function: values.function, target: values.target, method: values.method, benefits: values.benefits,
    economicPotential: values.economicPotential, risks: values.risks, riskMitigation: values.riskMitigation,
    relatedMinistry: values.relatedMinistry, governmentAffair: values.governmentAffair,
    relatedMetadataIds: listLines(values.relatedMetadataIds), requirements: listLines(values.requirements),
    procedure: listLines(values.procedure), durationDays: wholeNumber(values.durationDays),
    durationNote: values.durationNote, fee: { amount: rupiah(values.feeAmount), note: values.feeNote },
    output: values.output, legalBasis: listLines(values.legalBasis), complaintHandling: values.complaintHandling,
    channelUrl: orNull(values.channelUrl), externalProvider: orNull(values.externalProvider),
    popular: values.popular === 'ya', sources: listLines(values.sources), form,
  }
  return { candidate, values, errors }
}

const pathText = (path: PropertyKey[]) => path.map(part => typeof part === 'number' ? `[${part}]` : `.${String(part)}`)
  .join('')

/**
 * zod's problems with a snapshot, one message per form field, each naming its field and what to type there
 * (editor-messages.ts): `fee.amount` belongs to the feeAmount box, a list item to its list's box, and
 * every problem of the application form to the form box, by its path ("form.questions[0].label: …").
 */
export function snapshotFieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {}
  const formProblems: string[] = []
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path
    if (head === 'form') {
      formProblems.push(`form${pathText(rest)}: ${issue.message}`)
      continue
    }
    const named = head === 'fee' ? (rest[0] === 'note' ? 'feeNote' : 'feeAmount') : String(head ?? 'name')
    const field = SNAPSHOT_FIELDS.find(known => known === named) ?? 'name'
    const line = isListField(field) && typeof rest[0] === 'number' ? rest[0] : undefined
    errors[field] ??= editorFieldMessage(field, issue, line)
  }
  if (formProblems.length) errors.form = formProblems.slice(0, 8).join('; ')
  return errors
}

/** A snapshot checked against the schema (defaults of the form filled in), or the field errors. */
export function parseSnapshot(candidate: unknown):
  { snapshot: ServiceSnapshot, errors: null } | { snapshot: null, errors: Record<string, string> } {
  const parsed = serviceSnapshotSchema.safeParse(candidate)
  return parsed.success
    ? { snapshot: parsed.data, errors: null }
    : { snapshot: null, errors: snapshotFieldErrors(parsed.error) }
}
