/** The only kinds of document the portal takes: what every office computer and phone opens without extra software. */
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type AcceptedType = typeof ACCEPTED_TYPES[number]

/** How many leading bytes `sniffType` needs to decide: the PNG signature is the longest. */
export const SNIFF_BYTES = 8

const SIGNATURES: { type: AcceptedType, bytes: number[] }[] = [
  // ISO 32000-1 §7.5.2: the file begins with the header "%PDF-" and the version. Readers tolerate leading junk;
  // the portal does not, so a file that hides something in front of the header is refused.
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2D] },
  // ITU-T T.81 (JPEG) Annex B: the SOI marker FF D8, then the first segment's marker, which starts with FF.
  { type: 'image/jpeg', bytes: [0xFF, 0xD8, 0xFF] },
  // ISO/IEC 15948 (PNG) §5.2: the fixed 8-byte signature.
  { type: 'image/png', bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] },
]

/**
 * The type of a file judged by its first bytes only. The name and the Content-Type the client declares are never
 * consulted: both are whatever the sender chose. Returns null for anything that is not a PDF, JPEG or PNG.
 */
export function sniffType(head: Uint8Array): AcceptedType | null {
  const match = SIGNATURES.find(({ bytes }) => bytes.every((byte, i) => head[i] === byte))
  return match?.type ?? null
}

/** The extensions a file of each type may carry in its display name; the first is added when none fits. */
export const EXTENSIONS: Record<AcceptedType, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
}
