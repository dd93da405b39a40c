/**
 * Kode lacak: the code a citizen gets for a permohonan and reads out to an officer over the phone, e.g.
 * TGM-7K4X-9A2R-MWFM. Eleven random characters and one check character, shown in three groups of four like an
 * Indonesian mobile number, which people already read aloud in that rhythm. "TGM" (Tanggamus) is a fixed label
 * that carries no information, so it may be left out when typing.
 *
 * The 17-character alphabet keeps the digits 2–9 and the letters A F K M R T W X Y, dropping every character that
 * is easily confused with another when written, or when its Indonesian name is heard over a phone line:
 *   0 O Q D and 1 I L (shapes), U V (shapes; V is said "fe" like F), S Z B G (look like 5 2 8 6),
 *   E C J P (their names e, ce, je, pe blur with be, de and te on a bad line; of that group only T stays),
 *   N (en against em), H (ha against a).
 *
 * Space: 17^11 ≈ 3.4 × 10^13 codes. At about 1,000,000 permohonan a year the expected number of colliding pairs
 * in a year is n²/2S ≈ 10^12 / 6.9 × 10^13 ≈ 0.015, one in some 70 years; after ten years (10^7 codes) a new code
 * hits an existing one with probability 10^7 / 3.4 × 10^13 ≈ 3 × 10^-7. The store keeps a unique index on the code
 * and draws again on the rare conflict, so this module need not know what has been issued. The same numbers bound
 * guessing: a random well-formed code names a real permohonan about 3 times in 10 million.
 *
 * Check character: the values of all twelve characters, weighted 12, 11, … 1 from the left, must sum to 0 modulo
 * 17, the construction of ISBN-10 and of ISO 7064's pure systems applied to a prime-sized alphabet. Because 17 is
 * prime and every weight and every difference of two values lies between 1 and 16, a single wrong character changes
 * the sum by w·(a−b) ≢ 0, and swapping any two different characters changes it by (wᵢ−wⱼ)·(a−b) ≢ 0:
 * every single error and every transposition, adjacent or not, is caught.
 */
import { randomInt } from 'node:crypto'

export const TRACKING_CODE_ALPHABET = '23456789AFKMRTWXY'
export const TRACKING_CODE_PREFIX = 'TGM'
/** A pengaduan's code reads differently from a permohonan's: "ADU" (aduan), the same alphabet and check. */
export const COMPLAINT_CODE_PREFIX = 'ADU'

const MODULUS = TRACKING_CODE_ALPHABET.length
const RANDOM_LENGTH = 11
const CODE_LENGTH = RANDOM_LENGTH + 1
const GROUP_LENGTH = 4
/** Longer input than any spelling of a code could be is refused before any work is done on it. */
const MAX_INPUT_LENGTH = 64

/**
 * Letters typed for the digit they resemble, when only the digit is in the alphabet. A look-alike whose partner is
 * also missing (O and 0, I and 1) has nothing to map to and makes the input invalid. A character misheard on the
 * phone is not mapped: S may be a misheard F as well as a misread 5, and the check character catches either.
 */
const LOOK_ALIKES: Record<string, string> = { S: '5', Z: '2', B: '8', G: '6' }

/** Spaces, hyphens and dashes of any kind, dots, underscores and slashes that people type between the groups. */
const SEPARATORS = /[\s\p{Pd}._/]+/gu

export function generateTrackingCode(prefix = TRACKING_CODE_PREFIX): string {
  let body = ''
  for (let i = 0; i < RANDOM_LENGTH; i++) body += TRACKING_CODE_ALPHABET[randomInt(MODULUS)]
  return format(body + computeCheckCharacter(body), prefix)
}

/** The character that completes an 11-character body into a valid code. */
export function computeCheckCharacter(body: string): string {
  if (body.length !== RANDOM_LENGTH) throw new RangeError(`a tracking code body has ${RANDOM_LENGTH} characters`)
  const sum = weightedSum(body, 2)
  if (sum === null) throw new RangeError(`"${body}" has a character outside the tracking code alphabet`)
  // The check character has weight 1, so its value is whatever brings the sum back to 0.
  return TRACKING_CODE_ALPHABET[(MODULUS - (sum % MODULUS)) % MODULUS]!
}

/**
 * Turns what a person typed into the stored form `TGM-XXXX-XXXX-XXXX`, or null when it is not a code: lower case,
 * spaces, missing or extra dashes and a missing prefix are accepted, the letters in LOOK_ALIKES are read as their
 * digits, and the check character must then match.
 */
export function normaliseTrackingCode(input: string, prefix = TRACKING_CODE_PREFIX): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null

  let characters = input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '')
  // Only a 15-character input can carry the prefix: a 12-character body may itself begin with T.
  if (characters.length === prefix.length + CODE_LENGTH && characters.startsWith(prefix)) {
    characters = characters.slice(prefix.length)
  }
  if (characters.length !== CODE_LENGTH) return null

  const code = [...characters].map(character => LOOK_ALIKES[character] ?? character).join('')
  if (weightedSum(code, 1) !== 0) return null
  return format(code, prefix)
}

/** True when the input, spelled any way normaliseTrackingCode accepts, is a code whose check character matches. */
export function isValidTrackingCode(input: string): boolean {
  return normaliseTrackingCode(input) !== null
}

/**
 * Σ value × weight modulo 17, the weights counting down from the left to `lastWeight` at the last character: 1 for
 * a whole code, which then sums to 0, and 2 for a body still waiting for its check character. Null for a character
 * outside the alphabet.
 */
function weightedSum(characters: string, lastWeight: number): number | null {
  let sum = 0
  for (let i = 0; i < characters.length; i++) {
    const value = TRACKING_CODE_ALPHABET.indexOf(characters[i]!)
    if (value < 0) return null
    sum = (sum + value * (lastWeight + characters.length - 1 - i)) % MODULUS
  }
  return sum
}

function format(code: string, prefix: string): string {
  const groups = code.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!
  return [prefix, ...groups].join('-')
}
