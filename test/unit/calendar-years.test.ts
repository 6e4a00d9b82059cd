import { describe, expect, it } from 'vitest';
import { calendarStatus, InvalidCalendarError, parseCalendarYear, type CalendarYear } from '../../functions/tickets/calendar';
import { seedCalendar } from '../../functions/tickets/seed-calendar';

const calendar = seedCalendar();
const iso = (date: Date) => date.toISOString();
/** 10:00 in Shanghai on a local date. */
const tenAm = (date: string) => new Date(`${date}T10:00:00+08:00`);
const working = (date: string) => calendar.isWorkingDay(tenAm(date));

// A State Council notice for 2027 as a supervisor would load it (an example, not the published arrangement).
const notice2027: CalendarYear = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'],
  makeUpWorkingDays: ['2027-02-14', '2027-02-20'],
  source: 'example notice',
};

describe('the working-day calendar seeded from chinese-days', () => {
  it('knows every 2026 public holiday, not only New Year, Spring Festival and National Day', () => {
    // Qingming (Mon 6 Apr), Labour Day (1-5 May), Dragon Boat (Fri 19 Jun), Mid-Autumn (Fri 25 Sep).
    for (const date of ['2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25']) expect(working(date), date).toBe(false);
    for (const date of ['2026-04-07', '2026-05-06', '2026-06-22', '2026-09-24']) expect(working(date), date).toBe(true);
  });

  it('takes Golden Week 1-7 October off and works the make-up Sunday 20 September and Saturday 10 October', () => {
    for (let day = 1; day <= 7; day++) expect(working(`2026-10-0${day}`), `2026-10-0${day}`).toBe(false);
    expect(working('2026-10-08')).toBe(true);
    expect(working('2026-09-20')).toBe(true);
    expect(working('2026-10-10')).toBe(true);
    expect(working('2026-05-09')).toBe(true);
    // Wednesday 30 Sep 17:00 + 1 working day: Thursday 8 Oct 17:00; + 3: Saturday 10 Oct 17:00 (make-up day).
    expect(iso(calendar.addWorkingDays(tenAm('2026-09-30'), 1))).toBe('2026-10-08T02:00:00.000Z');
    expect(iso(calendar.addWorkingDays(tenAm('2026-09-30'), 3))).toBe('2026-10-10T02:00:00.000Z');
  });

  it('falls back past the loaded years: 1 January 2027 is a holiday, weekends are off', () => {
    expect(calendar.hasYear(2026)).toBe(true);
    expect(calendar.hasYear(2027)).toBe(false);
    expect(working('2027-01-01')).toBe(false);
    expect(working('2027-05-03')).toBe(true);
    expect(working('2027-05-01')).toBe(false);
    expect(working('2027-10-01')).toBe(false);
    // Thursday 31 Dec 2026 10:00 + 1 working day: not Friday 1 Jan (holiday), not the weekend, Monday 4 Jan 10:00.
    expect(iso(calendar.addWorkingDays(tenAm('2026-12-31'), 1))).toBe('2027-01-04T02:00:00.000Z');
    // 23:30 on 31 Dec in Shanghai is still 2026 there (15:30 UTC), and counting crosses the year end.
    expect(iso(calendar.addWorkingDays(new Date('2026-12-31T15:30:00Z'), 2))).toBe('2027-01-05T15:30:00.000Z');
  });

  it('uses a loaded year over the fallback', () => {
    const loaded = seedCalendar([notice2027]);
    expect(loaded.isWorkingDay(tenAm('2027-01-01'))).toBe(false);
    expect(loaded.isWorkingDay(tenAm('2027-02-08'))).toBe(false);
    expect(loaded.isWorkingDay(tenAm('2027-02-14'))).toBe(true);
    expect(calendar.isWorkingDay(tenAm('2027-02-08'))).toBe(true);
  });

  it('says when next year is due: from 1 November, or at once when this year is not loaded', () => {
    expect(calendarStatus(calendar, new Date('2026-10-31T15:59:00Z'))).toEqual({ year: 2026, yearsAhead: 0, nextYearDue: false });
    expect(calendarStatus(calendar, new Date('2026-10-31T16:00:00Z'))).toEqual({ year: 2026, yearsAhead: 0, nextYearDue: true });
    expect(calendarStatus(seedCalendar([notice2027]), new Date('2026-11-02T02:00:00Z'))).toEqual({ year: 2026, yearsAhead: 1, nextYearDue: false });
    expect(calendarStatus(calendar, new Date('2027-01-04T02:00:00Z'))).toEqual({ year: 2027, yearsAhead: -1, nextYearDue: true });
  });

  it('refuses a malformed year file naming the field', () => {
    expect(parseCalendarYear({ ...notice2027, holidays: [...notice2027.holidays].reverse() })).toEqual(notice2027);
    expect(() => parseCalendarYear({ ...notice2027, year: '2027' })).toThrow(/year/);
    expect(() => parseCalendarYear({ ...notice2027, holidays: ['2027-02-30'] })).toThrow(/holidays: not a YYYY-MM-DD date: 2027-02-30/);
    expect(() => parseCalendarYear({ ...notice2027, makeUpWorkingDays: ['2026-12-27'] })).toThrow(/makeUpWorkingDays: 2026-12-27 is not in 2027/);
    expect(() => parseCalendarYear({ ...notice2027, makeUpWorkingDays: ['2027-01-01'] })).toThrow(InvalidCalendarError);
    expect(() => parseCalendarYear({ ...notice2027, year: 10000 })).toThrow(/year: must be from 2000 to 2199/);
  });
});
