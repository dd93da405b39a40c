import { describe, expect, it } from 'vitest'
import {
  availableActions, decide, isTerminal, MAX_NOTE_LENGTH, pausesClock, REQUEST_ACTIONS, REQUEST_STATES, ROLES,
} from '../../server/requests/state-machine'
import type { ActionInput, Decision, RequestAction, RequestState, Role } from '../../server/requests/state-machine'

const OPEN: RequestState[] = ['diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi']
const HERE = 'dpmptsp'

/**
 * The rules written out again by hand, not read from the table under test, so a change to the table must be made
 * twice on purpose. `same`: the action keeps the state.
 */
const EXPECTED: Record<RequestAction, { roles: Role[], from: RequestState[], to: RequestState | 'same' }> = {
  verify: { roles: ['officer', 'head'], from: ['diajukan', 'dilengkapi'], to: 'diverifikasi' },
  start_processing: { roles: ['officer', 'head'], from: ['diverifikasi', 'dilengkapi'], to: 'diproses' },
  request_fix: {
    roles: ['officer', 'head'], from: ['diajukan', 'diverifikasi', 'diproses', 'dilengkapi'], to: 'perlu_perbaikan',
  },
  resubmit: { roles: ['citizen'], from: ['perlu_perbaikan'], to: 'dilengkapi' },
  complete: { roles: ['officer', 'head'], from: ['diproses'], to: 'selesai' },
  reject: { roles: ['officer', 'head'], from: OPEN, to: 'ditolak' },
  forward: { roles: ['head', 'admin'], from: OPEN, to: 'same' },
  assign: { roles: ['head'], from: OPEN, to: 'same' },
  add_note: { roles: ['officer', 'head', 'admin'], from: OPEN, to: 'same' },
}

/** Everything any action may need, so a refusal in the generated cases is never about missing input. */
const FULL_INPUT: ActionInput = {
  note: 'Foto KK buram, mohon unggah ulang. (data uji)',
  outputDocumentId: 'dokumen-uji-0001',
  toAgency: 'disdukcapil',
  assignee: 'petugas-uji-0002',
}

/** A decision with the rightful standing for the role: the owner for a citizen, the handling OPD for staff. */
function attempt(state: RequestState, action: RequestAction, role: Role, overrides: Partial<Decision> = {}) {
  return decide({
    state, action, role, isOwner: role === 'citizen', isHandlingAgency: role !== 'citizen', agency: HERE,
    input: FULL_INPUT, ...overrides,
  })
}

const combinations = REQUEST_STATES.flatMap(state => REQUEST_ACTIONS.flatMap(action => ROLES.map((role) => {
  const rule = EXPECTED[action]
  const allowed = rule.roles.includes(role) && rule.from.includes(state)
  const to = rule.to === 'same' ? state : rule.to
  const who = `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`
  const sentence = allowed
    ? `${who} may ${action} a permohonan that is ${state}, which then is ${to}`
    : `${who} may not ${action} a permohonan that is ${state}, and is told why`
  return { state, action, role, allowed, to, sentence }
})))

describe('every (state, action, role) combination', () => {
  it('covers all states, actions and roles', () => {
    expect(combinations).toHaveLength(REQUEST_STATES.length * REQUEST_ACTIONS.length * ROLES.length)
    expect(combinations.filter(c => c.allowed)).toHaveLength(59)
  })

  it.each(combinations)('$sentence', ({ state, action, role, allowed, to }) => {
    const result = attempt(state, action, role)

    if (allowed) {
      expect(result).toMatchObject({ ok: true, to, timelineEntry: { action, from: state, to, role } })
    }
    else {
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.reason).toMatch(/^[A-Z].{15,}\.$/)
      // A person reads this: no code names such as start_processing or perlu_perbaikan.
      expect(result.reason).not.toMatch(/[a-z]_[a-z]/)
    }
    expect(availableActions(state, role, { isOwner: role === 'citizen', isHandlingAgency: role !== 'citizen' })
      .includes(action)).toBe(allowed)
  })
})

describe('who may act on whose permohonan', () => {
  const staffActions = REQUEST_ACTIONS.filter(action => action !== 'resubmit')

  it.each(OPEN)('refuses an officer or head of another OPD everything on a permohonan that is %s', (state) => {
    for (const role of ['officer', 'head'] as const) {
      for (const action of staffActions) {
        const result = attempt(state, action, role, { isHandlingAgency: false })
        expect(result.ok).toBe(false)
        if (!result.ok && EXPECTED[action].roles.includes(role)) {
          expect(result).toMatchObject({ code: 'standing', reason: expect.stringContaining('ditangani OPD lain') })
        }
      }
      expect(availableActions(state, role, { isOwner: false, isHandlingAgency: false })).toEqual([])
    }
  })

  it('refuses a citizen who is not the owner the fix answer, with a message that says so', () => {
    expect(attempt('perlu_perbaikan', 'resubmit', 'citizen', { isOwner: false })).toEqual({
      ok: false, code: 'standing', reason: 'Permohonan ini bukan milik Anda.',
    })
    expect(availableActions('perlu_perbaikan', 'citizen', { isOwner: false, isHandlingAgency: false })).toEqual([])
  })

  it('lets the Diskominfo admin forward and annotate a permohonan of any OPD, and nothing else', () => {
    expect(availableActions('diproses', 'admin', { isOwner: false, isHandlingAgency: false }))
      .toEqual(['forward', 'add_note'])
    expect(attempt('diproses', 'forward', 'admin', { isHandlingAgency: false }).ok).toBe(true)
  })

  it('tells an officer that only the head or the admin may forward', () => {
    expect(attempt('diajukan', 'forward', 'officer')).toEqual({
      ok: false,
      code: 'role',
      reason: 'Hanya kepala OPD yang menangani permohonan ini atau admin Diskominfo yang dapat meneruskan '
        + 'permohonan ini ke OPD lain.',
    })
  })

  it('tells staff that only the applicant answers a fix request', () => {
    expect(attempt('perlu_perbaikan', 'resubmit', 'officer')).toMatchObject({
      code: 'role', reason: 'Hanya pemohon yang dapat mengirim perbaikan permohonan ini.',
    })
  })

  it('gives the citizen no staff action even on their own permohonan', () => {
    for (const state of OPEN) {
      expect(availableActions(state, 'citizen', { isOwner: true, isHandlingAgency: false }))
        .toEqual(state === 'perlu_perbaikan' ? ['resubmit'] : [])
    }
  })
})

describe('what an action needs', () => {
  it.each([
    ['reject', { note: '' }, 'Tuliskan alasan penolakan.'],
    ['reject', { note: '   \n ' }, 'Tuliskan alasan penolakan.'],
    ['request_fix', { note: undefined }, 'Tuliskan apa yang perlu diperbaiki atau dilengkapi pemohon.'],
    ['complete', { outputDocumentId: '' }, 'Lampirkan dokumen hasil layanan sebelum menyelesaikan permohonan.'],
    ['forward', { note: '' }, 'Tuliskan alasan permohonan diteruskan.'],
    ['forward', { toAgency: ' ' }, 'Pilih OPD tujuan.'],
    ['forward', { toAgency: HERE }, 'Permohonan ini sudah ditangani OPD tersebut; pilih OPD lain.'],
    ['assign', { assignee: '' }, 'Pilih petugas yang ditugaskan.'],
    ['add_note', { note: '' }, 'Tuliskan isi catatan.'],
  ] as const)('refuses %s with %o', (action, missing, reason) => {
    const state = action === 'complete' ? 'diproses' : 'diajukan'

    const result = attempt(state, action, 'head', { input: { ...FULL_INPUT, ...missing } })

    expect(result).toEqual({ ok: false, code: 'input', reason })
  })

  it('refuses a note longer than the timeline can show', () => {
    const result = attempt('diajukan', 'add_note', 'officer', { input: { note: 'x'.repeat(MAX_NOTE_LENGTH + 1) } })

    expect(result).toMatchObject({ ok: false, code: 'input', reason: expect.stringContaining('terlalu panjang') })
  })

  it('takes verify, start processing and the citizen answer without a note', () => {
    expect(attempt('diajukan', 'verify', 'officer', { input: {} })).toMatchObject({ timelineEntry: { note: null } })
    expect(attempt('diverifikasi', 'start_processing', 'officer', { input: undefined }).ok).toBe(true)
    expect(attempt('perlu_perbaikan', 'resubmit', 'citizen', { input: {} }).ok).toBe(true)
  })

  it('says which states an action needs when the state is wrong', () => {
    expect(attempt('diajukan', 'complete', 'officer')).toEqual({
      ok: false,
      code: 'state',
      reason: 'Permohonan berstatus diajukan tidak bisa diselesaikan; hanya permohonan berstatus diproses yang bisa.',
    })
    expect(attempt('perlu_perbaikan', 'request_fix', 'officer')).toMatchObject({
      code: 'state',
      reason: 'Permohonan berstatus perlu perbaikan tidak bisa dimintai perbaikan; hanya permohonan berstatus '
        + 'diajukan, diverifikasi, diproses, atau dilengkapi yang bisa.',
    })
  })
})

describe('finished permohonan', () => {
  it.each(['selesai', 'ditolak'] as const)('accepts nothing from anyone once %s', (state) => {
    for (const role of ROLES) {
      for (const action of REQUEST_ACTIONS) {
        expect(attempt(state, action, role)).toEqual({
          ok: false, code: 'terminal', reason: `Permohonan yang sudah ${state} tidak bisa diubah lagi.`,
        })
      }
      expect(availableActions(state, role, { isOwner: true, isHandlingAgency: true })).toEqual([])
    }
    expect(isTerminal(state)).toBe(true)
  })

  it('treats every other state as open', () => {
    expect(OPEN.filter(isTerminal)).toEqual([])
  })
})

describe('timeline entries', () => {
  it('record a forward as a change of OPD that keeps the state and is shown to the citizen', () => {
    const result = attempt('diverifikasi', 'forward', 'head', { input: { note: ' Bukan kewenangan kami. ',
      toAgency: 'disdukcapil' } })

    expect(result).toEqual({ ok: true, to: 'diverifikasi', timelineEntry: {
      action: 'forward', from: 'diverifikasi', to: 'diverifikasi', role: 'head', note: 'Bukan kewenangan kami.',
      internal: false, fromAgency: HERE, toAgency: 'disdukcapil',
    } })
  })

  it('mark internal notes and assignments as staff only', () => {
    expect(attempt('diproses', 'add_note', 'officer')).toMatchObject({ timelineEntry: { internal: true } })
    expect(attempt('diproses', 'assign', 'head')).toMatchObject({
      timelineEntry: { internal: true, assignee: 'petugas-uji-0002' },
    })
    expect(attempt('diproses', 'request_fix', 'officer')).toMatchObject({ timelineEntry: { internal: false } })
  })

  it('record the output document of a completed permohonan', () => {
    expect(attempt('diproses', 'complete', 'officer', { input: { outputDocumentId: 'dokumen-uji-0001' } }))
      .toMatchObject({ to: 'selesai', timelineEntry: { outputDocumentId: 'dokumen-uji-0001', note: null } })
  })

  it('follow a permohonan from submission through a fix to completion', () => {
    const steps: [RequestAction, Role][] = [['verify', 'officer'], ['start_processing', 'officer'],
      ['request_fix', 'officer'], ['resubmit', 'citizen'], ['start_processing', 'head'], ['complete', 'officer']]
    let state: RequestState = 'diajukan'
    const visited: RequestState[] = [state]

    for (const [action, role] of steps) {
      const result = attempt(state, action, role)
      if (!result.ok) throw new Error(result.reason)
      state = result.to
      visited.push(state)
    }

    expect(visited).toEqual(['diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi', 'diproses',
      'selesai'])
  })
})

describe('the SLA clock', () => {
  it('pauses only while the permohonan waits for the citizen to fix it', () => {
    expect(REQUEST_STATES.filter(pausesClock)).toEqual(['perlu_perbaikan'])
  })
})
