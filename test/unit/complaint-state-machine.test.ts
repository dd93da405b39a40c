import { describe, expect, it } from 'vitest'
import { deadlineOnEntering, isPast } from '../../server/complaints/deadlines'
import {
  availableComplaintActions, COMPLAINT_ACTIONS, COMPLAINT_ROLES, COMPLAINT_STATES, decideComplaint,
  MAX_COMPLAINT_NOTE,
} from '../../server/complaints/state-machine'
import type {
  ComplaintAction, ComplaintActionInput, ComplaintDecision, ComplaintRole, ComplaintState,
} from '../../server/complaints/state-machine'

const AT_OPD: ComplaintState[] = ['didisposisikan', 'dibuka_kembali']

/** The rules written out again by hand, not read from the table under test. `same`: the state stays. */
interface Rule {
  roles: ComplaintRole[]
  from: ComplaintState[]
  to: ComplaintState | 'same'
}
const EXPECTED: Record<ComplaintAction, Rule> = {
  dispose: { roles: ['admin', 'system'], from: ['diterima'], to: 'didisposisikan' },
  answer: { roles: ['officer', 'head'], from: AT_OPD, to: 'dijawab' },
  return_to_verification: { roles: ['officer', 'head'], from: AT_OPD, to: 'diterima' },
  forward: { roles: ['head', 'admin'], from: AT_OPD, to: 'same' },
  object: { roles: ['reporter'], from: ['dijawab'], to: 'dibuka_kembali' },
  rate: { roles: ['reporter'], from: ['dijawab', 'selesai'], to: 'same' },
  close: { roles: ['system'], from: ['dijawab'], to: 'selesai' },
  merge: { roles: ['admin'], from: ['diterima', 'didisposisikan'], to: 'digabung' },
  mark_spam: { roles: ['admin'], from: ['diterima'], to: 'spam' },
  add_note: { roles: ['officer', 'head', 'admin'], from: ['diterima', 'didisposisikan', 'dijawab',
    'dibuka_kembali'], to: 'same' },
}

const FULL_INPUT: ComplaintActionInput = { note: 'Sudah ditambal pada 3 Desember. (data uji)', toAgency: 'dinas-pupr',
  mergeInto: 'ADU-2222-2222-2222', score: '4' }

function attempt(state: ComplaintState, action: ComplaintAction, role: ComplaintRole,
  overrides: Partial<ComplaintDecision> = {}) {
  return decideComplaint({ state, action, role, agency: 'dishub', isReporter: role === 'reporter',
    isHandlingAgency: role === 'officer' || role === 'head', objected: false, input: FULL_INPUT, ...overrides })
}

const combinations = COMPLAINT_STATES.flatMap(state => COMPLAINT_ACTIONS.flatMap(action => COMPLAINT_ROLES
  .map((role) => {
    const rule = EXPECTED[action]
    const allowed = rule.roles.includes(role) && rule.from.includes(state)
    return { state, action, role, allowed, to: rule.to === 'same' ? state : rule.to }
  })))

describe('every (state, action, role) combination of a pengaduan', () => {
  it('covers them all', () => {
    expect(combinations).toHaveLength(COMPLAINT_STATES.length * COMPLAINT_ACTIONS.length * COMPLAINT_ROLES.length)
    expect(combinations.filter(c => c.allowed)).toHaveLength(33)
  })

  for (const { state, action, role, allowed, to } of combinations) {
    const sentence = allowed
      ? `a ${role} may ${action} a pengaduan that is ${state}, which then is ${to}`
      : `a ${role} may not ${action} a pengaduan that is ${state}, and is told why`
    it(sentence, () => {
      const result = attempt(state, action, role)
      if (allowed) {
        expect(result).toMatchObject({ ok: true, to })
        expect(availableComplaintActions(state, role, { isReporter: role === 'reporter',
          isHandlingAgency: role === 'officer' || role === 'head', objected: false })).toContain(action)
      }
      else {
        expect(result.ok).toBe(false)
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(10)
      }
    })
  }
})

describe('the rules beyond the table', () => {
  it('lets the reporter object once only', () => {
    expect(attempt('dijawab', 'object', 'reporter', { objected: true })).toMatchObject({ ok: false, code: 'state',
      reason: 'Keberatan hanya dapat diajukan satu kali untuk setiap pengaduan.' })
  })

  it('keeps strangers out: another reporter, another OPD', () => {
    expect(attempt('dijawab', 'object', 'reporter', { isReporter: false })).toMatchObject({ code: 'standing' })
    expect(attempt('didisposisikan', 'answer', 'officer', { isHandlingAgency: false }))
      .toMatchObject({ code: 'standing' })
  })

  it('asks for what each action needs, in plain words', () => {
    expect(attempt('didisposisikan', 'answer', 'officer', { input: {} }))
      .toMatchObject({ ok: false, code: 'input', reason: 'Tuliskan jawaban untuk pelapor.' })
    expect(attempt('didisposisikan', 'return_to_verification', 'head', { input: { note: ' ' } }))
      .toMatchObject({ reason: 'Tuliskan mengapa pengaduan ini bukan wewenang OPD Anda.' })
    expect(attempt('dijawab', 'rate', 'reporter', { input: { score: '6' } }))
      .toMatchObject({ ok: false, reason: 'Pilih nilai 1 sampai 5.' })
    expect(attempt('didisposisikan', 'forward', 'head', { input: { note: 'x', toAgency: 'dishub' } }))
      .toMatchObject({ ok: false, code: 'input' })
    expect(attempt('didisposisikan', 'answer', 'officer', { input: { note: 'a'.repeat(MAX_COMPLAINT_NOTE + 1) } }))
      .toMatchObject({ ok: false, code: 'input' })
  })

  it('marks spam and notes as internal, an answer as the reporter\'s to read', () => {
    expect(attempt('diterima', 'mark_spam', 'admin')).toMatchObject({ ok: true, internal: true })
    expect(attempt('didisposisikan', 'answer', 'head')).toMatchObject({ ok: true, internal: false })
  })
})

describe('deadlines in working days', () => {
  /** 10:00 WIB on the given day. */
  const at = (date: string) => new Date(`${date}T03:00:00Z`)

  it('gives verification 3, an answer 5 and the objection window 10 working days', () => {
    // Monday 7 December 2026
    expect(deadlineOnEntering('diterima', at('2026-12-07'))).toEqual({ kind: 'verifikasi', due: '2026-12-10' })
    expect(deadlineOnEntering('didisposisikan', at('2026-12-07'))).toEqual({ kind: 'jawaban', due: '2026-12-14' })
    expect(deadlineOnEntering('dijawab', at('2026-12-07'))).toEqual({ kind: 'penutupan', due: '2026-12-21' })
    expect(deadlineOnEntering('selesai', at('2026-12-07'))).toBeNull()
  })

  it('skips the weekend and the Christmas holiday with its cuti bersama', () => {
    // Friday 18 December 2026: Christmas (25th) and cuti bersama (24th) are not counted.
    expect(deadlineOnEntering('didisposisikan', at('2026-12-18'))?.due).toBe('2026-12-29')
    // Filed on Saturday 19 December: received Monday the 21st, three working days to the 28th.
    expect(deadlineOnEntering('diterima', at('2026-12-19'))?.due).toBe('2026-12-28')
  })

  it('is in time on the due day and late the day after, in WIB', () => {
    expect(isPast('2026-12-10', at('2026-12-10'))).toBe(false)
    expect(isPast('2026-12-10', new Date('2026-12-10T17:30:00Z'))).toBe(true)
    expect(isPast(null, at('2030-01-01'))).toBe(false)
  })
})
