import { z } from 'zod'

/**
 * Shape of one service in `server/catalogue/seed/services/*.json`.
 * Every SPBE metadata attribute (SE MenPANRB 18/2022) and every standar pelayanan component
 * (PermenPANRB 15/2014) is required; where a fact is unknown the text says it must be asked at the OPD.
 */
const text = z.string().trim().min(3, 'Isi paling sedikit 3 huruf.')
/** A list typed one item per line in /admin: at least one line. */
const lines = z.array(text).min(1, 'Tulis paling sedikit satu baris.')

export const serviceSeedSchema = z.object({
  /** SPBE "ID layanan": LAY-1806-<RAL code>-<3-digit sequence within the category>, e.g. LAY-1806-01.12-001 */
  spbeId: z.string().regex(/^LAY-1806-01\.\d{2}-\d{3}$/),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80),
  name: text.max(160),
  categoryCode: z.string().regex(/^01\.\d{2}$/),
  agencySlug: z.string(),
  aliases: z.array(z.string().trim().min(2, 'Paling sedikit 2 huruf.')).min(1, 'Tulis paling sedikit satu baris.'),
  purpose: text,
  function: text,
  target: z.enum(['G2C', 'G2B', 'G2G', 'G2E']),
  method: z.enum(['daring', 'luring', 'hibrida']),
  benefits: text,
  economicPotential: text,
  risks: text,
  riskMitigation: text,
  relatedMinistry: text,
  governmentAffair: text,
  relatedMetadataIds: z.array(z.string()),
  requirements: lines,
  procedure: lines,
  durationDays: z.number().int().min(0).nullable(),
  durationNote: text,
  fee: z.object({ amount: z.number().int().min(0).nullable(), note: text }),
  output: text,
  legalBasis: lines,
  complaintHandling: text,
  // Only web addresses: a link the public page renders must never run script (javascript:, data:).
  channelUrl: z.url({ protocol: /^https?$/, message: 'Tulis alamat web yang diawali https:// atau http://' })
    .nullable(),
  externalProvider: z.string().nullable(),
  popular: z.boolean(),
  sources: z.array(z.string()).min(1, 'Tulis paling sedikit satu baris.'),
})

export type ServiceSeed = z.infer<typeof serviceSeedSchema>

/** A complaint keyword as the suggestion matches it: lower case letters and digits, spaces and . / - */
export const KEYWORD_PATTERN = /^[a-z0-9][a-z0-9 ./-]*$/
export const KEYWORD_LENGTH = { min: 2, max: 60 }

const keyword = z.string().trim().min(KEYWORD_LENGTH.min).max(KEYWORD_LENGTH.max).regex(KEYWORD_PATTERN, {
  message: 'a keyword is lower case: letters, digits, spaces and . / -',
})

/**
 * Shape of `server/catalogue/seed/complaint-types.json`: per OPD slug, the complaint types it handles, each under
 * one of the OPD's RAL categories and, optionally, the catalogue service that takes it.
 */
export const complaintTypeSeedSchema = z.object({
  key: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80),
  name: text.max(200),
  category: z.string().regex(/^01\.\d{2}$/),
  service: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80).optional(),
  keywords: z.array(keyword).min(1),
})

export const complaintTypesSeedSchema = z.record(z.string(), z.array(complaintTypeSeedSchema).min(1))

export type ComplaintTypeSeed = z.infer<typeof complaintTypeSeedSchema>
