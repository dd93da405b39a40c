/**
 * The life of a permohonan: which action each role may take in which state, where it leads, and what it needs.
 * One table, so the officer's buttons, the API and the tests read the same rules (issue 3: "States and transitions
 * live in one state machine"). Pure: the caller loads the request, decides here, then stores the timeline entry
 * with who (account and name) and when.
 *
 *   diajukan ─verify→ diverifikasi ─start_processing→ diproses ─complete→ selesai
 *   diajukan, diverifikasi, diproses, dilengkapi ─request_fix→ perlu_perbaikan ─resubmit→ dilengkapi
 *   dilengkapi ─verify→ diverifikasi, dilengkapi ─start_processing→ diproses
 *   every open state ─reject→ ditolak; forward, assign and add_note keep the state
 */

export const REQUEST_STATES = ['diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi', 'selesai',
  'ditolak'] as const
export type RequestState = typeof REQUEST_STATES[number]

export const REQUEST_ACTIONS = ['verify', 'start_processing', 'request_fix', 'resubmit', 'complete', 'reject',
  'forward', 'assign', 'add_note'] as const
export type RequestAction = typeof REQUEST_ACTIONS[number]

/**
 * citizen: the applicant; officer: staff of one OPD; head: an officer who also assigns and forwards;
 * admin: Diskominfo.
 */
export const ROLES = ['citizen', 'officer', 'head', 'admin'] as const
export type Role = typeof ROLES[number]

type InputField = 'note' | 'outputDocumentId' | 'toAgency' | 'assignee'

interface Transition {
  from: readonly RequestState[]
  /** `null`: the action keeps the state (forward changes the OPD, assign the officer, add_note only records). */
  to: RequestState | null
  roles: readonly Role[]
  requires: readonly InputField[]
  /** Seen by staff only; everything else in the timeline is shown to the applicant too. */
  internal: boolean
  /** Completes "Permohonan berstatus X tidak bisa …". */
  passive: string
  /** Completes "Hanya … yang dapat …". */
  active: string
}

const OPEN_STATES = ['diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi'] as const
const TERMINAL_STATES: readonly RequestState[] = ['selesai', 'ditolak']
const HANDLERS = ['officer', 'head'] as const

/**
 * Decisions behind the table:
 * - A fix may be asked whenever an officer holds the request (diajukan, diverifikasi, diproses, and dilengkapi when
 *   the fix fell short): missing documents show up at verification, unclear ones often only during processing.
 * - dilengkapi is one state in the officer's queue, not a return to where the fix was asked: the officer, who sees
 *   in the timeline why the fix was asked, either verifies the fixed documents or continues processing.
 * - selesai is reached only from diproses, because the output document is made while processing.
 * - Reject is open in every open state, perlu_perbaikan included: a citizen who never answers a fix is not left
 *   open forever.
 * - The Diskominfo admin routes but does not decide: forward (a request that reached the wrong OPD) and internal
 *   notes on any OPD's request; verifying, completing or rejecting belongs to the OPD that is unit pelaksana.
 * - A citizen cannot withdraw: neither the issue nor DESIGN.md has such a state. An unsent draft is simply left;
 *   a submitted request the citizen no longer wants is rejected by the OPD with that reason in the timeline.
 * - Terminal states accept nothing, not even a note: the timeline of a finished request is closed.
 */
export const TRANSITIONS = {
  verify: {
    from: ['diajukan', 'dilengkapi'], to: 'diverifikasi', roles: HANDLERS, requires: [], internal: false,
    passive: 'diverifikasi', active: 'memverifikasi permohonan ini',
  },
  start_processing: {
    from: ['diverifikasi', 'dilengkapi'], to: 'diproses', roles: HANDLERS, requires: [], internal: false,
    passive: 'diproses', active: 'memproses permohonan ini',
  },
  request_fix: {
    from: ['diajukan', 'diverifikasi', 'diproses', 'dilengkapi'], to: 'perlu_perbaikan', roles: HANDLERS,
    requires: ['note'], internal: false,
    passive: 'dimintai perbaikan', active: 'meminta perbaikan permohonan ini',
  },
  resubmit: {
    from: ['perlu_perbaikan'], to: 'dilengkapi', roles: ['citizen'], requires: [], internal: false,
    passive: 'dikirim ulang', active: 'mengirim perbaikan permohonan ini',
  },
  complete: {
    from: ['diproses'], to: 'selesai', roles: HANDLERS, requires: ['outputDocumentId'], internal: false,
    passive: 'diselesaikan', active: 'menyelesaikan permohonan ini',
  },
  reject: {
    from: OPEN_STATES, to: 'ditolak', roles: HANDLERS, requires: ['note'], internal: false,
    passive: 'ditolak', active: 'menolak permohonan ini',
  },
  forward: {
    from: OPEN_STATES, to: null, roles: ['head', 'admin'], requires: ['note', 'toAgency'], internal: false,
    passive: 'diteruskan', active: 'meneruskan permohonan ini ke OPD lain',
  },
  assign: {
    from: OPEN_STATES, to: null, roles: ['head'], requires: ['assignee'], internal: true,
    passive: 'ditugaskan', active: 'menugaskan petugas untuk permohonan ini',
  },
  add_note: {
    from: OPEN_STATES, to: null, roles: ['officer', 'head', 'admin'], requires: ['note'], internal: true,
    passive: 'diberi catatan', active: 'menambah catatan internal pada permohonan ini',
  },
} as const satisfies Record<RequestAction, Transition>

const STATE_LABELS: Record<RequestState, string> = {
  diajukan: 'diajukan', diverifikasi: 'diverifikasi', diproses: 'diproses', perlu_perbaikan: 'perlu perbaikan',
  dilengkapi: 'dilengkapi', selesai: 'selesai', ditolak: 'ditolak',
}

const MISSING_INPUT: Record<RequestAction, Partial<Record<InputField, string>>> = {
  verify: {},
  start_processing: {},
  request_fix: { note: 'Tuliskan apa yang perlu diperbaiki atau dilengkapi pemohon.' },
  resubmit: {},
  complete: { outputDocumentId: 'Lampirkan dokumen hasil layanan sebelum menyelesaikan permohonan.' },
  reject: { note: 'Tuliskan alasan penolakan.' },
  forward: { note: 'Tuliskan alasan permohonan diteruskan.', toAgency: 'Pilih OPD tujuan.' },
  assign: { assignee: 'Pilih petugas yang ditugaskan.' },
  add_note: { note: 'Tuliskan isi catatan.' },
}

/** Long enough for a full explanation to the citizen; the timeline is shown on a phone. */
export const MAX_NOTE_LENGTH = 2000

export interface ActionInput {
  /** The message: a reason (reject, forward), what to fix (request_fix), the citizen's answer, a note. */
  note?: string
  /** The stored output document (akta, izin, surat) that completes the request. */
  outputDocumentId?: string
  /** Slug of the OPD a request is forwarded to. */
  toAgency?: string
  /** Account id of the officer a head assigns. */
  assignee?: string
}

export interface Standing {
  /** The account is the citizen who submitted the request. */
  isOwner: boolean
  /** The account is staff of the OPD now handling the request. */
  isHandlingAgency: boolean
}

export interface Decision extends Standing {
  state: RequestState
  action: RequestAction
  role: Role
  /** Slug of the OPD now handling the request: the forward's origin, and refused as its destination. */
  agency: string
  input?: ActionInput
}

export interface TimelineEntry {
  action: RequestAction
  from: RequestState
  to: RequestState
  role: Role
  note: string | null
  internal: boolean
  outputDocumentId?: string
  fromAgency?: string
  toAgency?: string
  assignee?: string
}

/** Why a refusal happened, so a route can choose its status code (404 for a stranger, 409 for a stale state…). */
export type RefusalCode = 'terminal' | 'role' | 'standing' | 'state' | 'input'

export type DecisionResult
  = | { ok: true, to: RequestState, timelineEntry: TimelineEntry }
    | { ok: false, code: RefusalCode, reason: string }

export function isTerminal(state: RequestState): boolean {
  return TERMINAL_STATES.includes(state)
}

/**
 * The SLA clock stops while the request waits for the citizen (issue 3: "ask for a fix … the clock pauses") and
 * runs again from dilengkapi. In a terminal state there is no clock left to pause: see `isTerminal`.
 */
export function pausesClock(state: RequestState): boolean {
  return state === 'perlu_perbaikan'
}

export function decide(decision: Decision): DecisionResult {
  const { state, action, role, agency } = decision
  const rule: Transition = TRANSITIONS[action]

  const refusal = refuse(state, action, role, decision)
  if (refusal) return refusal

  const input = decision.input ?? {}
  const note = input.note?.trim() ?? ''
  for (const field of rule.requires) {
    if (!input[field]?.trim()) return { ok: false, code: 'input', reason: MISSING_INPUT[action][field]! }
  }
  if (note.length > MAX_NOTE_LENGTH) {
    return { ok: false, code: 'input', reason: `Catatan terlalu panjang; paling banyak ${MAX_NOTE_LENGTH} karakter.` }
  }
  if (action === 'forward' && input.toAgency?.trim() === agency) {
    return { ok: false, code: 'input', reason: 'Permohonan ini sudah ditangani OPD tersebut; pilih OPD lain.' }
  }

  const to = rule.to ?? state
  const timelineEntry: TimelineEntry = { action, from: state, to, role, note: note || null, internal: rule.internal }
  if (action === 'complete') timelineEntry.outputDocumentId = input.outputDocumentId!.trim()
  if (action === 'forward') {
    timelineEntry.fromAgency = agency
    timelineEntry.toAgency = input.toAgency!.trim()
  }
  if (action === 'assign') timelineEntry.assignee = input.assignee!.trim()
  return { ok: true, to, timelineEntry }
}

/** The actions to offer as buttons: those the role may take now, before any input is typed. */
export function availableActions(state: RequestState, role: Role, standing: Standing): RequestAction[] {
  return REQUEST_ACTIONS.filter(action => !refuse(state, action, role, standing))
}

function refuse(state: RequestState, action: RequestAction, role: Role, standing: Standing) {
  const rule: Transition = TRANSITIONS[action]

  if (isTerminal(state)) {
    return refusal('terminal', `Permohonan yang sudah ${STATE_LABELS[state]} tidak bisa diubah lagi.`)
  }
  if (!rule.roles.includes(role)) return refusal('role', `Hanya ${whoMay(rule.roles)} yang dapat ${rule.active}.`)
  if (role === 'citizen' && !standing.isOwner) return refusal('standing', 'Permohonan ini bukan milik Anda.')
  if ((role === 'officer' || role === 'head') && !standing.isHandlingAgency) {
    return refusal('standing', 'Permohonan ini ditangani OPD lain; Anda hanya dapat menangani permohonan OPD Anda.')
  }
  if (!rule.from.includes(state)) {
    const allowed = listOf(rule.from.map(from => STATE_LABELS[from]))
    return refusal('state', `Permohonan berstatus ${STATE_LABELS[state]} tidak bisa ${rule.passive}; `
      + `hanya permohonan berstatus ${allowed} yang bisa.`)
  }
  return null
}

function refusal(code: RefusalCode, reason: string): DecisionResult & { ok: false } {
  return { ok: false, code, reason }
}

/** "petugas OPD yang menangani permohonan ini", "… atau admin Diskominfo", "pemohon": a head is an officer too. */
function whoMay(roles: readonly Role[]): string {
  if (roles.includes('citizen')) return 'pemohon'
  const staff = roles.includes('officer') ? 'petugas' : roles.includes('head') ? 'kepala' : null
  const handlers = staff && `${staff} OPD yang menangani permohonan ini`
  return [handlers, roles.includes('admin') && 'admin Diskominfo'].filter(Boolean).join(' atau ')
}

/** "a", "a atau b", "a, b, atau c", as Indonesian lists them. */
function listOf(items: string[]): string {
  if (items.length < 3) return items.join(' atau ')
  return `${items.slice(0, -1).join(', ')}, atau ${items.at(-1)}`
}
