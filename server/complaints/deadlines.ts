/**
 * The deadlines of a pengaduan (issue 4, as SP4N-LAPOR! sets them), in working days of the holiday calendar the
 * permohonan use (server/requests/working-days.ts):
 *
 *   diterima         verification and disposition within 3 working days of receipt
 *   didisposisikan   the OPD's answer within 5 working days of the disposition
 *   dibuka_kembali   a new answer within 5 working days of the objection
 *   dijawab          closed as selesai once 10 working days have passed after the answer without an objection
 *
 * Each is counted from the day the complaint entered the state, that day not counted (like a permohonan's jangka
 * waktu: received on a Monday, three days are due on Thursday). The due day itself is still in time; the next day
 * is late, and for an answered complaint the day it closes.
 */
import type { ComplaintState } from './state-machine'
import { addWorkingDays, todayInJakarta } from '../requests/working-days'

export const VERIFICATION_DAYS = 3
export const ANSWER_DAYS = 5
export const OBJECTION_WINDOW_DAYS = 10

export type DeadlineKind = 'verifikasi' | 'jawaban' | 'penutupan'

export interface Deadline {
  kind: DeadlineKind
  /** The last day in time (YYYY-MM-DD, WIB). */
  due: string
}

const RULES: Partial<Record<ComplaintState, { kind: DeadlineKind, days: number }>> = {
  diterima: { kind: 'verifikasi', days: VERIFICATION_DAYS },
  didisposisikan: { kind: 'jawaban', days: ANSWER_DAYS },
  dibuka_kembali: { kind: 'jawaban', days: ANSWER_DAYS },
  dijawab: { kind: 'penutupan', days: OBJECTION_WINDOW_DAYS },
}

/** The deadline a complaint gets on entering `state` at `enteredAt`; null for a state without one (the ends). */
export function deadlineOnEntering(state: ComplaintState, enteredAt: Date): Deadline | null {
  const rule = RULES[state]
  return rule ? { kind: rule.kind, due: addWorkingDays(todayInJakarta(enteredAt), rule.days) } : null
}

/** Past its last day in time (a verification or an answer is late; an answered complaint is due to close). */
export function isPast(due: string | null | undefined, now: Date = new Date()): boolean {
  return Boolean(due) && todayInJakarta(now) > due!
}
