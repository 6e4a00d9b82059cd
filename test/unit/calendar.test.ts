import { describe, it, expect } from 'vitest';
import { CalendarRangeError, InvalidCalendarError, WorkingCalendar } from '../../functions/tickets/calendar';
import { seedCalendar } from '../../functions/tickets/seed-calendar';

const calendar = seedCalendar();
const iso = (date: Date) => date.toISOString();

describe('WorkingCalendar', () => {
  it('counts Friday 17:00 Shanghai + 2 working days as Tuesday 17:00', () => {
    expect(iso(calendar.addWorkingDays(new Date('2026-03-06T09:00:00Z'), 2))).toBe('2026-03-10T09:00:00.000Z');
  });

  it('skips the National Day holiday week', () => {
    // Wednesday 30 Sep 10:00; 1-7 Oct off; Thursday 8 and Friday 9 Oct are working days.
    expect(iso(calendar.addWorkingDays(new Date('2026-09-30T02:00:00Z'), 2))).toBe('2026-10-09T02:00:00.000Z');
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(calendar.isWorkingDay(new Date('2026-10-10T02:00:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2026-10-17T02:00:00Z'))).toBe(false);
    expect(iso(calendar.addWorkingDays(new Date('2026-10-09T02:00:00Z'), 1))).toBe('2026-10-10T02:00:00.000Z');
  });

  it('judges the day in Shanghai, not in UTC', () => {
    const sundayInUtcMondayInShanghai = new Date('2026-03-01T16:30:00Z');
    expect(sundayInUtcMondayInShanghai.getUTCDay()).toBe(0);
    expect(calendar.localDate(sundayInUtcMondayInShanghai)).toBe('2026-03-02');
    expect(calendar.isWorkingDay(sundayInUtcMondayInShanghai)).toBe(true);

    const fridayInUtcSaturdayInShanghai = new Date('2026-03-06T16:30:00Z');
    expect(calendar.isWorkingDay(fridayInUtcSaturdayInShanghai)).toBe(false);
  });

  it('starting on a day off, counts from the start of the next working day', () => {
    // Saturday 7 Mar 10:00 + 2 working days: Monday and Tuesday, due Wednesday 00:00 Shanghai.
    expect(iso(calendar.addWorkingDays(new Date('2026-03-07T02:00:00Z'), 2))).toBe('2026-03-10T16:00:00.000Z');
    // Saturday 3 Oct is inside the holiday: 0 working days lands on Thursday 8 Oct 00:00.
    expect(iso(calendar.addWorkingDays(new Date('2026-10-03T02:00:00Z'), 0))).toBe('2026-10-07T16:00:00.000Z');
  });

  it('keeps the local time of day across a DST change in other zones', () => {
    const newYork = new WorkingCalendar({ timeZone: 'America/New_York', years: [], fixedDateHolidays: [] });
    // Friday 17:00 EST; clocks go forward on Sunday 8 Mar; Tuesday 17:00 is EDT.
    expect(iso(newYork.addWorkingDays(new Date('2026-03-06T22:00:00Z'), 2))).toBe('2026-03-10T21:00:00.000Z');
  });

  it('adds calendar months and days in local time', () => {
    expect(iso(calendar.addCalendarMonths(new Date('2026-01-31T02:00:00Z'), 1))).toBe('2026-02-28T02:00:00.000Z');
    expect(iso(calendar.addCalendarMonths(new Date('2026-11-30T16:30:00Z'), 2))).toBe('2027-01-31T16:30:00.000Z');
    expect(iso(calendar.addCalendarDays(new Date('2026-09-30T02:00:00Z'), 10))).toBe('2026-10-10T02:00:00.000Z');
  });

  it('rejects bad configuration and negative day counts', () => {
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus', years: [] })).toThrow(InvalidCalendarError);
    expect(() => new WorkingCalendar({ years: [{ year: 2026, holidays: ['2026-10-32'], makeUpWorkingDays: [], source: 'test' }] })).toThrow(InvalidCalendarError);
    expect(() => new WorkingCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6], years: [] })).toThrow(InvalidCalendarError);
    expect(() => calendar.addWorkingDays(new Date('2026-03-06T09:00:00Z'), -1)).toThrow(CalendarRangeError);
  });
});
