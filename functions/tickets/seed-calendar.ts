/**
 * The calendar years every function starts from, generated at build time
 * from `chinese-days` (`npm run calendar:seed`, bin/calendar-seed.ts). Years
 * loaded by a supervisor (the calendar repository) take precedence.
 */
import seed from './calendar-seed.json';
import { WorkingCalendar, type CalendarYear, type WorkingCalendarOptions } from './calendar';

export const SEED_CALENDAR_YEARS: readonly CalendarYear[] = seed.years;

/**
 * The calendar from the seed alone (tests, benches, and functions when the
 * table cannot be read); `extraYears` replace seeded years of the same number.
 *
 * @example
 * seedCalendar().isWorkingDay(new Date('2026-10-08T02:00:00Z')); // true, the first day after Golden Week
 */
export function seedCalendar(extraYears: readonly CalendarYear[] = [], options: Omit<WorkingCalendarOptions, 'years'> = {}): WorkingCalendar {
  return new WorkingCalendar({ ...options, years: mergeCalendarYears(SEED_CALENDAR_YEARS, extraYears) });
}

/**
 * Seeded years, each replaced by a loaded year of the same number.
 *
 * @example
 * mergeCalendarYears(SEED_CALENDAR_YEARS, [loaded2027]); // 2025, 2026, 2027
 */
export function mergeCalendarYears(seeded: readonly CalendarYear[], loaded: readonly CalendarYear[]): CalendarYear[] {
  const byYear = new Map(seeded.map((y) => [y.year, y]));
  for (const year of loaded) byYear.set(year.year, year);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
