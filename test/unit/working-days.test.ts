import { afterEach, describe, expect, it } from 'vitest'
import {
  addWorkingDays, COVERED_RANGE, DateOutsideCalendarError, HOLIDAY_SOURCES, HOLIDAYS, InvalidDateError,
  isWorkingDay, parseHolidayCalendar, receiptDate, todayInJakarta, workingDaysBetween,
} from '../../server/requests/working-days'

/** Every day of the calendar, to check rules over all of it rather than at a few chosen dates. */
function everyCoveredDay(): string[] {
  const days: string[] = []
  for (let day = new Date(`${COVERED_RANGE.first}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10)
    days.push(date)
    if (date === COVERED_RANGE.last) return days
  }
}

describe('which days are working days', () => {
  it('treats Saturday and Sunday as days off and an ordinary Monday to Friday as working days', () => {
    expect(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'].map(isWorkingDay))
      .toEqual([true, true, true, true, true])
    expect(isWorkingDay('2026-01-10')).toBe(false)
    expect(isWorkingDay('2026-01-11')).toBe(false)
  })

  it('treats a libur nasional on a weekday as a day off', () => {
    expect(isWorkingDay('2026-08-17')).toBe(false)
    expect(isWorkingDay('2027-06-01')).toBe(false)
  })

  it('treats cuti bersama as a day off', () => {
    expect(isWorkingDay('2026-02-16')).toBe(false)
    expect(isWorkingDay('2027-03-25')).toBe(false)
  })

  it('closes the office from Nyepi through the Idulfitri 2026 cuti bersama, Wednesday to the next Tuesday', () => {
    const run = ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24']
    expect(run.map(isWorkingDay)).toEqual(run.map(() => false))
    expect(isWorkingDay('2026-03-17')).toBe(true)
    expect(isWorkingDay('2026-03-25')).toBe(true)
  })

  it('counts 240 working days in 2026 and 242 in 2027', () => {
    // Cross-check: the stock exchange announced 239 and 241 trading days, each with one extra closure on 31 December.
    expect(workingDaysBetween('2026-01-01', '2026-12-31')).toBe(240)
    expect(workingDaysBetween('2027-01-01', '2027-12-31')).toBe(242)
  })
})

describe('the due date of a permohonan', () => {
  it('counts working days after the submission day, not the day itself', () => {
    expect(addWorkingDays('2026-01-05', 1)).toBe('2026-01-06')
    expect(addWorkingDays('2026-01-05', 3)).toBe('2026-01-08')
  })

  it('skips the weekend', () => {
    expect(addWorkingDays('2026-01-08', 3)).toBe('2026-01-13')
  })

  it('skips the whole Nyepi and Idulfitri 2026 run', () => {
    expect(addWorkingDays('2026-03-17', 1)).toBe('2026-03-25')
    expect(addWorkingDays('2026-03-17', 3)).toBe('2026-03-27')
  })

  it('skips the whole Nyepi and Idulfitri 2027 run', () => {
    expect(addWorkingDays('2027-03-05', 1)).toBe('2027-03-16')
  })

  it('carries across the year boundary, past Natal, Tahun Baru and Isra Mikraj', () => {
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-28')
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04')
    expect(addWorkingDays('2026-12-31', 2)).toBe('2027-01-06')
    expect(workingDaysBetween('2026-12-23', '2027-01-06')).toBe(6)
  })

  it('is due the same day with a jangka waktu of 0 days', () => {
    expect(addWorkingDays('2026-01-05', 0)).toBe('2026-01-05')
  })

  it('is due on the next working day with 0 days when submitted on a day off', () => {
    expect(addWorkingDays('2026-03-21', 0)).toBe('2026-03-25')
  })

  it('starts counting from the next working day when submitted on a holiday or a weekend', () => {
    expect(receiptDate('2026-08-17')).toBe('2026-08-18')
    expect(addWorkingDays('2026-08-17', 1)).toBe('2026-08-19')
    expect(addWorkingDays('2026-08-15', 1)).toBe('2026-08-19')
    expect(addWorkingDays('2026-03-22', 1)).toBe('2026-03-26')
  })

  it('gives a request sent over the weekend the same due date as one handed in on Monday', () => {
    expect(addWorkingDays('2026-01-10', 5)).toBe(addWorkingDays('2026-01-12', 5))
  })

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-01-05', Number.NaN)).toThrow(RangeError)
  })

  it('always falls on a working day, and workingDaysBetween from the receipt day gives the days back', () => {
    const lastSafeStart = '2027-11-30'
    for (const date of everyCoveredDay().filter(day => day <= lastSafeStart)) {
      for (const days of [0, 1, 5, 14]) {
        const due = addWorkingDays(date, days)
        expect(isWorkingDay(due)).toBe(true)
        expect(workingDaysBetween(receiptDate(date), due)).toBe(days)
      }
    }
  })
})

describe('counting working days between two dates', () => {
  it('counts the days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2026-01-05', '2026-01-07')).toBe(2)
    expect(workingDaysBetween('2026-01-05', '2026-01-05')).toBe(0)
    expect(workingDaysBetween('2026-01-09', '2026-01-12')).toBe(1)
  })

  it('is negative when the second date is earlier, so a due date minus today reads as days left', () => {
    expect(workingDaysBetween('2026-01-07', '2026-01-05')).toBe(-2)
    expect(workingDaysBetween('2026-03-27', '2026-03-17')).toBe(-3)
  })

  it('counts no working day over a stretch of days off', () => {
    expect(workingDaysBetween('2026-03-17', '2026-03-24')).toBe(0)
  })
})

describe('dates the calendar cannot answer for', () => {
  it('covers 2026 and 2027 and says so', () => {
    expect(COVERED_RANGE).toEqual({ first: '2026-01-01', last: '2027-12-31', years: [2026, 2027] })
  })

  it('throws for a date before or after the covered years instead of guessing', () => {
    expect(() => isWorkingDay('2025-12-31')).toThrow(DateOutsideCalendarError)
    expect(() => isWorkingDay('2028-01-03')).toThrow(/outside the holiday calendar.*holidays\.json/)
    expect(() => workingDaysBetween('2027-12-01', '2028-01-10')).toThrow(DateOutsideCalendarError)
  })

  it('throws when counting runs past the last covered day', () => {
    expect(addWorkingDays('2027-12-28', 3)).toBe('2027-12-31')
    expect(() => addWorkingDays('2027-12-28', 4)).toThrow(DateOutsideCalendarError)
    expect(() => receiptDate('2027-12-31')).not.toThrow()
  })

  it('throws for text that is not a real YYYY-MM-DD date', () => {
    for (const text of ['2026-02-30', '2026-2-3', '26-01-01', '2026-01-01T00:00', '', '2026-13-01']) {
      expect(() => isWorkingDay(text), text).toThrow(InvalidDateError)
    }
  })
})

describe('today in Jakarta', () => {
  const originalZone = process.env.TZ

  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ
    else process.env.TZ = originalZone
  })

  it('turns to the next day at 17:00 UTC, which is midnight WIB', () => {
    expect(todayInJakarta(new Date('2026-03-20T16:59:59.999Z'))).toBe('2026-03-20')
    expect(todayInJakarta(new Date('2026-03-20T17:00:00Z'))).toBe('2026-03-21')
  })

  it('gives the same calendar day as UTC for an instant just after UTC midnight, 07:00 in Jakarta', () => {
    expect(todayInJakarta(new Date('2027-01-01T00:00:01Z'))).toBe('2027-01-01')
  })

  it('is already New Year in Jakarta while UTC is still on 31 December', () => {
    expect(todayInJakarta(new Date('2026-12-31T17:05:00Z'))).toBe('2027-01-01')
    expect(todayInJakarta(new Date('2026-12-31T23:59:59Z'))).toBe('2027-01-01')
  })

  it('does not depend on the time zone the server runs in', () => {
    process.env.TZ = 'America/Los_Angeles'
    expect(todayInJakarta(new Date('2026-06-30T18:00:00Z'))).toBe('2026-07-01')
  })

  it('reads the clock when no instant is given', () => {
    expect(todayInJakarta()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('the holiday data', () => {
  it('holds 17 libur nasional and 8 cuti bersama for 2026, and 18 and 8 for 2027, as the SKBs announce', () => {
    const count = (year: string, kind: string) =>
      HOLIDAYS.filter(holiday => holiday.date.startsWith(year) && holiday.kind === kind).length
    expect([count('2026', 'libur'), count('2026', 'cuti-bersama')]).toEqual([17, 8])
    expect([count('2027', 'libur'), count('2027', 'cuti-bersama')]).toEqual([18, 8])
  })

  it('puts each date on the weekday the decree gives it', () => {
    // Weekdays as printed in the SKB lists; a mistyped date lands on another weekday and fails here.
    const published = `2026-01-01 Kamis, 2026-01-16 Jumat, 2026-02-16 Senin, 2026-02-17 Selasa, 2026-03-18 Rabu,
      2026-03-19 Kamis, 2026-03-20 Jumat, 2026-03-21 Sabtu, 2026-03-22 Minggu, 2026-03-23 Senin, 2026-03-24 Selasa,
      2026-04-03 Jumat, 2026-04-05 Minggu, 2026-05-01 Jumat, 2026-05-14 Kamis, 2026-05-15 Jumat, 2026-05-27 Rabu,
      2026-05-28 Kamis, 2026-05-31 Minggu, 2026-06-01 Senin, 2026-06-16 Selasa, 2026-08-17 Senin, 2026-08-25 Selasa,
      2026-12-24 Kamis, 2026-12-25 Jumat, 2027-01-01 Jumat, 2027-01-05 Selasa, 2027-02-05 Jumat, 2027-02-06 Sabtu,
      2027-03-08 Senin, 2027-03-09 Selasa, 2027-03-10 Rabu, 2027-03-11 Kamis, 2027-03-12 Jumat, 2027-03-15 Senin,
      2027-03-25 Kamis, 2027-03-26 Jumat, 2027-03-28 Minggu, 2027-05-01 Sabtu, 2027-05-06 Kamis, 2027-05-17 Senin,
      2027-05-18 Selasa, 2027-05-19 Rabu, 2027-05-20 Kamis, 2027-06-01 Selasa, 2027-06-06 Minggu,
      2027-08-15 Minggu, 2027-08-17 Selasa, 2027-12-24 Jumat, 2027-12-25 Sabtu, 2027-12-26 Minggu`
    const weekdays = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu']
    const expected = published.split(',').map(entry => entry.trim().split(' ') as [string, string])

    expect(HOLIDAYS.map(holiday => holiday.date)).toEqual(expected.map(([date]) => date))
    for (const [date, weekday] of expected) {
      expect(weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()], date).toBe(weekday)
    }
  })

  it('names the decree behind every year it covers', () => {
    expect(HOLIDAY_SOURCES[2026]).toMatch(/Nomor 1497 Tahun 2025/)
    expect(HOLIDAY_SOURCES[2027]).toMatch(/Nomor 1205 Tahun 2026/)
  })

  it('marks no date as unconfirmed', () => {
    // A date added with "confirmed": false must also be written up in docs/known-limitations.md.
    expect(HOLIDAYS.filter(holiday => holiday.confirmed === false)).toEqual([])
  })
})

describe('reading a holiday file', () => {
  const source = 'SKB Nomor 1 Tahun 2027 tentang Hari Libur'

  it('refuses a date in a year that has no decree, so a missing year is noticed', () => {
    const data = { sources: { 2028: source }, holidays: [{ date: '2029-01-01', name: 'Tahun Baru', kind: 'libur' }] }
    expect(() => parseHolidayCalendar(data)).toThrow(/2029-01-01 is in a year with no source/)
  })

  it('refuses a gap between covered years', () => {
    expect(() => parseHolidayCalendar({ sources: { 2028: source, 2030: source }, holidays: [] }))
      .toThrow(/leave a gap/)
  })

  it('refuses the same date listed twice', () => {
    const holiday = { date: '2028-01-01', name: 'Tahun Baru', kind: 'libur' }
    expect(() => parseHolidayCalendar({ sources: { 2028: source }, holidays: [holiday, holiday] }))
      .toThrow(/listed twice/)
  })

  it('refuses an impossible date and an unknown kind of day off', () => {
    const impossible = { date: '2028-02-30', name: 'Tahun Baru', kind: 'libur' }
    expect(() => parseHolidayCalendar({ sources: { 2028: source }, holidays: [impossible] }))
      .toThrow(InvalidDateError)
    const unknownKind = { date: '2028-01-01', name: 'Tahun Baru', kind: 'libur-daerah' }
    expect(() => parseHolidayCalendar({ sources: { 2028: source }, holidays: [unknownKind] })).toThrow()
  })

  it('refuses a file with no year at all', () => {
    expect(() => parseHolidayCalendar({ sources: {}, holidays: [] })).toThrow(/no year/)
  })
})
