/**
 * Hari kerja for the jangka waktu of a permohonan: which days count, and when a request falls due. A working day is
 * Monday to Friday that is neither a libur nasional nor a cuti bersama of that year's SKB 3 Menteri (holidays.json).
 * Cuti bersama counts as a day off because the President applies it to every ASN (for 2026, Keppres Nomor 42 Tahun
 * 2025), and the officers behind an MPP counter are ASN.
 *
 * Dates are 'YYYY-MM-DD' on the Asia/Jakarta calendar. The arithmetic runs on UTC day numbers, which have neither a
 * local offset nor daylight saving, so the server's own time zone can never move a date by a day.
 */
import { z } from 'zod'
import holidaysFile from './holidays.json' with { type: 'json' }

export type HolidayKind = 'libur' | 'cuti-bersama'

export interface Holiday {
  date: string
  /** As the SKB names it, in Indonesian. */
  name: string
  kind: HolidayKind
  /** `false` when no source confirmed the date; such a day still counts as a day off, see docs/known-limitations. */
  confirmed?: boolean
}

export interface HolidayCalendar {
  /** The decree behind each year's list, keyed by year. */
  sources: Record<number, string>
  holidays: Holiday[]
  /** Every year the calendar knows, in order and without gaps. */
  years: number[]
}

/** Thrown for a string that is not a real calendar date written as YYYY-MM-DD. */
export class InvalidDateError extends Error {
  override name = 'InvalidDateError'
  readonly date: string

  constructor(date: string) {
    super(`"${date}" is not a calendar date written as YYYY-MM-DD`)
    this.date = date
  }
}

/**
 * Thrown for a date in a year whose SKB is not in holidays.json. Guessing would be silently wrong: religious
 * holidays move every year and cuti bersama is chosen anew, so a missing year has to stop the calculation.
 */
export class DateOutsideCalendarError extends Error {
  override name = 'DateOutsideCalendarError'
  readonly date: string

  constructor(date: string) {
    super(`${date} is outside the holiday calendar (${COVERED_RANGE.first} to ${COVERED_RANGE.last}); add that `
      + 'year\'s SKB 3 Menteri to server/requests/holidays.json')
    this.date = date
  }
}

const DAY_MS = 86_400_000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const calendarSchema = z.object({
  sources: z.record(z.string().regex(/^\d{4}$/), z.string().trim().min(10)),
  holidays: z.array(z.strictObject({
    date: z.string().regex(DATE_PATTERN),
    name: z.string().trim().min(3),
    kind: z.enum(['libur', 'cuti-bersama']),
    confirmed: z.boolean().optional(),
  })),
})

/**
 * Reads a holiday file and refuses one that would give wrong answers without saying so: a date with no decree
 * behind its year, the same day twice, or a gap between years (the covered range would then lie).
 */
export function parseHolidayCalendar(data: unknown): HolidayCalendar {
  const parsed = calendarSchema.parse(data)
  const years = Object.keys(parsed.sources).map(Number).sort((a, b) => a - b)
  if (years.length === 0) throw new Error('holiday calendar: no year has a source')
  if (years.some((year, index) => index > 0 && year !== years[index - 1]! + 1)) {
    throw new Error(`holiday calendar: years ${years.join(', ')} leave a gap`)
  }

  const seen = new Set<string>()
  for (const holiday of parsed.holidays) {
    toDayNumber(holiday.date)
    if (!years.includes(Number(holiday.date.slice(0, 4)))) {
      throw new Error(`holiday calendar: ${holiday.date} is in a year with no source`)
    }
    if (seen.has(holiday.date)) throw new Error(`holiday calendar: ${holiday.date} is listed twice`)
    seen.add(holiday.date)
  }

  const sources = Object.fromEntries(Object.entries(parsed.sources).map(([year, text]) => [Number(year), text]))
  return { sources, holidays: [...parsed.holidays].sort((a, b) => a.date.localeCompare(b.date)), years }
}

const CALENDAR = parseHolidayCalendar(holidaysFile)

export const HOLIDAYS: readonly Holiday[] = CALENDAR.holidays
export const HOLIDAY_SOURCES: Readonly<Record<number, string>> = CALENDAR.sources

/** The first and last day the calendar can answer for; anything outside throws DateOutsideCalendarError. */
export const COVERED_RANGE = {
  first: `${CALENDAR.years[0]}-01-01`,
  last: `${CALENDAR.years.at(-1)}-12-31`,
  years: CALENDAR.years,
} as const

const FIRST_DAY = toDayNumber(COVERED_RANGE.first)
const LAST_DAY = toDayNumber(COVERED_RANGE.last)
const DAYS_OFF = new Set(HOLIDAYS.map(holiday => toDayNumber(holiday.date)))

export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(coveredDayNumber(date))
}

/**
 * The day a permohonan counts as received: the submission day itself, or the next working day when it was sent on
 * a weekend or a holiday, since only then can an officer check that the berkas is complete.
 */
export function receiptDate(submittedOn: string): string {
  return fromDayNumber(firstWorkingDayFrom(coveredDayNumber(submittedOn)))
}

/**
 * The due date of a permohonan submitted on `submittedOn` with a jangka waktu of `days` working days.
 *
 * The clock starts on the receipt day (see receiptDate) and that day itself is not counted: UU 30/2014 tentang
 * Administrasi Pemerintahan Pasal 53 runs a deadline "setelah permohonan diterima secara lengkap". So a request
 * received on a Monday with 3 days is due on Thursday, and one sent on Saturday is received Monday and also due on
 * Thursday: a request sent while the office is shut gets the same office time as one handed in when it opens.
 * With 0 days (layanan selesai di hari yang sama) the due date is the receipt day.
 */
export function addWorkingDays(submittedOn: string, days: number): string {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`a jangka waktu is a whole number of working days, not ${days}`)
  }

  let day = firstWorkingDayFrom(coveredDayNumber(submittedOn))
  for (let counted = 0; counted < days;) {
    day = checkCovered(day + 1)
    if (isWorkingDayNumber(day)) counted++
  }
  return fromDayNumber(day)
}

/**
 * Working days after `from` up to and including `to`: 2 from Monday to Wednesday, 0 from a day to itself. It undoes
 * addWorkingDays from the receipt day: workingDaysBetween(receiptDate(d), addWorkingDays(d, n)) is n. When `to` is
 * earlier the count is negative, so workingDaysBetween(dueDate, today) reads as days overdue (positive) or left.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = coveredDayNumber(from)
  const end = coveredDayNumber(to)
  return end >= start ? countWorkingDays(start, end) : -countWorkingDays(end, start)
}

const JAKARTA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit',
})

/** Today's date in WIB, which Tanggamus keeps all year (UTC+7, no daylight saving). */
export function todayInJakarta(now: Date = new Date()): string {
  const parts = Object.fromEntries(JAKARTA_DATE.formatToParts(now).map(part => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

function toDayNumber(date: string): number {
  const match = DATE_PATTERN.exec(date)
  if (match) {
    const dayNumber = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
    // The round trip rejects what Date.UTC would silently roll over, such as 2026-02-30 becoming 2 March.
    if (fromDayNumber(dayNumber) === date) return dayNumber
  }
  throw new InvalidDateError(date)
}

function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

function coveredDayNumber(date: string): number {
  return checkCovered(toDayNumber(date))
}

function checkCovered(dayNumber: number): number {
  if (dayNumber < FIRST_DAY || dayNumber > LAST_DAY) throw new DateOutsideCalendarError(fromDayNumber(dayNumber))
  return dayNumber
}

function isWorkingDayNumber(dayNumber: number): boolean {
  const weekday = new Date(dayNumber * DAY_MS).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !DAYS_OFF.has(dayNumber)
}

function firstWorkingDayFrom(dayNumber: number): number {
  let day = dayNumber
  while (!isWorkingDayNumber(day)) day = checkCovered(day + 1)
  return day
}

function countWorkingDays(after: number, upTo: number): number {
  let count = 0
  for (let day = after + 1; day <= upTo; day++) {
    if (isWorkingDayNumber(day)) count++
  }
  return count
}
