import { dictionary } from '@zxcvbn-ts/language-common'

/**
 * Password rules after NIST SP 800-63B §5.1.1.2: at least 12 characters, no composition rules, and refused when it
 * is a known common password (or one with digits and symbols added around it) or built from the account's own
 * e-mail or from the portal's name.
 */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

/** Common passwords of Indonesian users that international lists miss. */
const INDONESIAN_COMMON = ['indonesia', 'bismillah', 'sayangku', 'sayang', 'rahasia', 'katasandi', 'merdeka',
  'tanggamus', 'kotaagung', 'lampung', 'garuda', 'jakarta', 'cintaku', 'anakku', 'alhamdulillah', 'masuk',
  'passwordku', 'admin', 'rahasiaku']

const COMMON = new Set([...(dictionary['passwords-common'] as string[]), ...INDONESIAN_COMMON])
const PORTAL_WORDS = ['tanggamus', 'mppdigital', 'mpp digital']

function core(password: string): string {
  return password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '')
}

function isMonotonous(password: string): boolean {
  const chars = [...password]
  if (new Set(chars).size <= 2) return true
  const steps = chars.slice(1).map((c, i) => c.codePointAt(0)! - chars[i]!.codePointAt(0)!)
  return steps.every(step => step === steps[0] && Math.abs(step) <= 1)
}

/** Returns a message a citizen understands, or null when the password is acceptable. */
export function checkPassword(raw: string, context: { email?: string, name?: string, phone?: string } = {}):
string | null {
  // Checked as it is hashed (NFKC: full-width letters become plain ones), so no rule can be dodged by look-alikes.
  const password = raw.normalize('NFKC')
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return `Kata sandi paling sedikit ${PASSWORD_MIN_LENGTH} karakter.`
  if (length > PASSWORD_MAX_LENGTH) return `Kata sandi paling banyak ${PASSWORD_MAX_LENGTH} karakter.`
  const lower = password.toLowerCase()
  if (COMMON.has(lower) || COMMON.has(core(password)) || isMonotonous(password)) {
    return 'Kata sandi ini terlalu umum dan mudah ditebak. Pakai gabungan beberapa kata yang hanya Anda tahu.'
  }
  const compact = lower.replace(/[^a-z0-9]/g, '')
  const localPart = context.email?.split('@')[0]?.toLowerCase().replace(/[^a-z0-9]/g, '') ?? ''
  const nameParts = (context.name ?? '').toLowerCase().split(/\s+/).filter(part => part.length >= 4)
  const phoneDigits = (context.phone ?? '').replace(/\D/g, '').slice(-8)
  if ((localPart.length >= 4 && compact.includes(localPart)) || nameParts.some(part => compact.includes(part))
    || (phoneDigits.length === 8 && compact.includes(phoneDigits))
    || PORTAL_WORDS.some(word => compact.includes(word.replace(' ', '')))) {
    return 'Kata sandi jangan memakai nama, alamat e-mail, atau nama portal ini.'
  }
  return null
}
