/**
 * The pengaduan state machine (issue 4, the national SP4N-LAPOR! flow): every state, action and role in one table,
 * like the permohonan one (server/requests/state-machine.ts), and free of the database.
 *
 *   diterima ─dispose→ didisposisikan ─answer→ dijawab ─close (10 working days, no objection)→ selesai
 *   dijawab ─object (once)→ dibuka_kembali ─answer→ dijawab
 *   didisposisikan, dibuka_kembali ─return_to_verification ("bukan wewenang")→ diterima
 *   diterima, didisposisikan ─merge→ digabung; diterima ─mark_spam→ spam
 *   forward (to another OPD), add_note and rate keep the state
 */

export const COMPLAINT_STATES = ['diterima', 'didisposisikan', 'dijawab', 'dibuka_kembali', 'selesai', 'spam',
  'digabung'] as const
export type ComplaintState = typeof COMPLAINT_STATES[number]

export const COMPLAINT_ACTIONS = ['dispose', 'answer', 'return_to_verification', 'forward', 'object', 'rate',
  'close', 'merge', 'mark_spam', 'add_note'] as const
export type ComplaintAction = typeof COMPLAINT_ACTIONS[number]

/**
 * reporter: whoever filed it (their session, or the tracking code with its PIN); officer and head: staff of the OPD
 * handling it; admin: Diskominfo, the verifier; system: the deadline task.
 */
export const COMPLAINT_ROLES = ['reporter', 'officer', 'head', 'admin', 'system'] as const
export type ComplaintRole = typeof COMPLAINT_ROLES[number]

type InputField = 'note' | 'toAgency' | 'mergeInto' | 'score'

interface Transition {
  from: readonly ComplaintState[]
  /** `null`: the action keeps the state. */
  to: ComplaintState | null
  roles: readonly ComplaintRole[]
  requires: readonly InputField[]
  /** Seen by staff only. */
  internal: boolean
  /** Completes "Pengaduan berstatus X tidak bisa …". */
  passive: string
}

const AT_OPD = ['didisposisikan', 'dibuka_kembali'] as const
const HANDLERS = ['officer', 'head'] as const
const TERMINAL: readonly ComplaintState[] = ['selesai', 'spam', 'digabung']

/**
 * Decisions behind the table:
 * - Only Diskominfo verifies: it disposes to an OPD, merges a duplicate or marks spam. A complaint the filing could
 *   route (its service, its category, a confident suggestion) is disposed at once by the system, so a clear case
 *   does not wait three days for a person; the OPD can still return it.
 * - "Bukan wewenang" sends a complaint back to verification with the reason; it is never dropped.
 * - The OPD's answer is what the reporter reads; an answer again after an objection replaces it.
 * - The reporter objects once, with a reason; the complaint reopens at the same OPD.
 * - close is the deadline task's: ten working days after the answer without an objection.
 * - A rating (1 to 5) belongs to an answered or closed complaint and may be given again to correct it.
 * - Spam and merged complaints are kept (the timeline says why) and accept nothing more; a closed one accepts only
 *   the reporter's rating.
 */
export const COMPLAINT_TRANSITIONS = {
  dispose: { from: ['diterima'], to: 'didisposisikan', roles: ['admin', 'system'], requires: ['toAgency'],
    internal: false, passive: 'didisposisikan' },
  answer: { from: AT_OPD, to: 'dijawab', roles: HANDLERS, requires: ['note'], internal: false,
    passive: 'dijawab' },
  return_to_verification: { from: AT_OPD, to: 'diterima', roles: HANDLERS, requires: ['note'], internal: false,
    passive: 'dikembalikan sebagai bukan wewenang' },
  forward: { from: AT_OPD, to: null, roles: ['head', 'admin'], requires: ['note', 'toAgency'], internal: false,
    passive: 'diteruskan' },
  object: { from: ['dijawab'], to: 'dibuka_kembali', roles: ['reporter'], requires: ['note'], internal: false,
    passive: 'dibuka kembali' },
  rate: { from: ['dijawab', 'selesai'], to: null, roles: ['reporter'], requires: ['score'], internal: false,
    passive: 'dinilai' },
  close: { from: ['dijawab'], to: 'selesai', roles: ['system'], requires: [], internal: false,
    passive: 'diselesaikan' },
  merge: { from: ['diterima', 'didisposisikan'], to: 'digabung', roles: ['admin'], requires: ['mergeInto'],
    internal: false, passive: 'digabungkan' },
  mark_spam: { from: ['diterima'], to: 'spam', roles: ['admin'], requires: [], internal: true,
    passive: 'ditandai spam' },
  add_note: { from: ['diterima', 'didisposisikan', 'dijawab', 'dibuka_kembali'], to: null,
    roles: ['officer', 'head', 'admin'], requires: ['note'], internal: true, passive: 'diberi catatan' },
} as const satisfies Record<ComplaintAction, Transition>

const MISSING_INPUT: Record<InputField, Partial<Record<ComplaintAction, string>> & { default: string }> = {
  note: {
    answer: 'Tuliskan jawaban untuk pelapor.',
    return_to_verification: 'Tuliskan mengapa pengaduan ini bukan wewenang OPD Anda.',
    forward: 'Tuliskan alasan pengaduan diteruskan.',
    object: 'Tuliskan alasan Anda belum puas dengan jawaban.',
    default: 'Tuliskan isi catatan.',
  },
  toAgency: { default: 'Pilih OPD tujuan.' },
  mergeInto: { default: 'Tuliskan kode pengaduan yang sama.' },
  score: { default: 'Pilih nilai 1 sampai 5.' },
}

export const MAX_COMPLAINT_NOTE = 4000

export interface ComplaintActionInput {
  note?: string
  /** dispose, forward: the OPD's slug. */
  toAgency?: string
  /** merge: the tracking code of the complaint this one repeats. */
  mergeInto?: string
  /** rate: 1 to 5, as typed. */
  score?: string
}

export interface ComplaintStanding {
  /** The one asking filed the complaint (session or PIN). */
  isReporter: boolean
  /** Staff of the OPD handling the complaint now. */
  isHandlingAgency: boolean
  /** The reporter has objected before: once only. */
  objected: boolean
}

export interface ComplaintDecision extends ComplaintStanding {
  state: ComplaintState
  action: ComplaintAction
  role: ComplaintRole
  /** Slug of the OPD handling it now, or null in verification. */
  agency: string | null
  input?: ComplaintActionInput
}

export type ComplaintRefusal = 'terminal' | 'role' | 'standing' | 'state' | 'input'

export type ComplaintDecisionResult
  = | { ok: true, to: ComplaintState, note: string | null, internal: boolean }
    | { ok: false, code: ComplaintRefusal, reason: string }

export function isTerminalComplaint(state: ComplaintState): boolean {
  return TERMINAL.includes(state)
}

export function decideComplaint(decision: ComplaintDecision): ComplaintDecisionResult {
  const { state, action, input = {} } = decision
  const rule: Transition = COMPLAINT_TRANSITIONS[action]
  const refusal = refuse(decision)
  if (refusal) return refusal

  for (const field of rule.requires) {
    if (!input[field]?.trim()) {
      return { ok: false, code: 'input', reason: MISSING_INPUT[field][action] ?? MISSING_INPUT[field].default }
    }
  }
  const note = input.note?.trim() ?? ''
  if ([...note].length > MAX_COMPLAINT_NOTE) {
    return { ok: false, code: 'input', reason: `Paling banyak ${MAX_COMPLAINT_NOTE} karakter.` }
  }
  if (action === 'rate' && !/^[1-5]$/.test(input.score!.trim())) {
    return { ok: false, code: 'input', reason: MISSING_INPUT.score.default }
  }
  if ((action === 'forward' || action === 'dispose') && input.toAgency?.trim() === decision.agency) {
    return { ok: false, code: 'input', reason: 'Pengaduan ini sudah ditangani OPD tersebut; pilih OPD lain.' }
  }
  return { ok: true, to: rule.to ?? state, note: note || null, internal: rule.internal }
}

/** The actions to offer now, before anything is typed. */
export function availableComplaintActions(state: ComplaintState, role: ComplaintRole, standing: ComplaintStanding):
ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter(action => !refuse({ state, action, role, agency: null, ...standing }))
}

function refuse(decision: ComplaintDecision): (ComplaintDecisionResult & { ok: false }) | null {
  const { state, action, role } = decision
  const rule: Transition = COMPLAINT_TRANSITIONS[action]
  // A closed complaint still takes the reporter's rating: the answer is judged once it has stood.
  if (isTerminalComplaint(state) && !(state === 'selesai' && action === 'rate')) {
    return no('terminal', `Pengaduan yang sudah ${label(state)} tidak bisa diubah lagi.`)
  }
  if (!rule.roles.includes(role)) return no('role', 'Anda tidak dapat melakukan tindakan ini pada pengaduan.')
  if (role === 'reporter' && !decision.isReporter) return no('standing', 'Pengaduan ini bukan milik Anda.')
  if ((role === 'officer' || role === 'head') && !decision.isHandlingAgency) {
    return no('standing', 'Pengaduan ini tidak sedang ditangani OPD Anda.')
  }
  if (!rule.from.includes(state)) {
    return no('state', `Pengaduan berstatus ${label(state)} tidak bisa ${rule.passive}.`)
  }
  if (action === 'object' && decision.objected) {
    return no('state', 'Keberatan hanya dapat diajukan satu kali untuk setiap pengaduan.')
  }
  return null
}

function no(code: ComplaintRefusal, reason: string) {
  return { ok: false as const, code, reason }
}

const LABELS: Record<ComplaintState, string> = {
  diterima: 'diterima', didisposisikan: 'didisposisikan', dijawab: 'dijawab', dibuka_kembali: 'dibuka kembali',
  selesai: 'selesai', spam: 'ditandai spam', digabung: 'digabungkan',
}

function label(state: ComplaintState): string {
  return LABELS[state]
}
