/**
 * The calendar's metrics (EMF), named once for the functions that publish
 * them (shared/calendar.ts) and the alarm that watches them (lib/constructs/calendar-alarm.ts).
 */
export const CALENDAR_METRICS = {
  namespace: 'Hotline/Calendar',
  service: 'calendar',
  /** Loaded years from the current one on, minus one (-1: this year runs on the fallback). */
  yearsAhead: 'CalendarYearsAhead',
  /** 1 from 1 November while next year is not loaded, or while this year is not. */
  nextYearDue: 'CalendarNextYearDue',
} as const;
