/**
 * Working days of the centre, in its own time zone. China moves weekends
 * around public holidays ("make-up working days"), and the State Council
 * publishes each year's arrangement only late in the year before, so the
 * calendar is data the operators load year by year (`CalendarYear`, stored
 * by the calendar repository). A date in a year nobody loaded falls back to
 * weekends plus the fixed-date public holidays, and `calendarStatus` says
 * when the next year is due.
 */
import * as z from 'zod/mini';
import { TicketError } from './errors';

/** A `YYYY-MM-DD` date in the calendar's zone. */
export type LocalDate = string;

/** One year's arrangement as the State Council's notice gives it (the file `npm run calendar:load` takes). */
export interface CalendarYear {
  readonly year: number;
  /** Local dates off: every day of each holiday period, weekend days in it included. */
  readonly holidays: readonly LocalDate[];
  /** Weekend dates that are working days (调休 make-up days). */
  readonly makeUpWorkingDays: readonly LocalDate[];
  /** Where the data comes from (e.g. the notice's number, or `chinese-days@1.5.7`). */
  readonly source: string;
}

/**
 * Public holidays on fixed solar dates (全国年节及纪念日放假办法, as revised
 * from 2025): New Year's Day 1 Jan, Labour Day 1-2 May, National Day 1-3 Oct.
 * Spring Festival, Qingming, Dragon Boat and Mid-Autumn move with the lunar
 * calendar or the solar terms, so the fallback cannot know them: that is
 * what loading the year is for.
 */
export const FIXED_DATE_HOLIDAYS: readonly string[] = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'];

export interface WorkingCalendarOptions {
  /** IANA zone; default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** Days of the week off, 0 = Sunday; default Saturday and Sunday. */
  readonly weekend?: readonly number[];
  /** The loaded years; any other year falls back to weekends plus `fixedDateHolidays`. */
  readonly years: readonly CalendarYear[];
  /** `MM-DD` holidays of a year not loaded; default `FIXED_DATE_HOLIDAYS`. */
  readonly fixedDateHolidays?: readonly string[];
}

export class InvalidCalendarError extends TicketError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidCalendarError';
  }
}

/**
 * Date arithmetic asked about an instant or a count no clock of the centre
 * can need (the year 10000, 1e9 working days): refused at once, never looped through.
 */
export class CalendarRangeError extends InvalidCalendarError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CalendarRangeError';
  }
}

/** Local dates the arithmetic accepts: far wider than any ticket, notice or outage needs. */
export const CALENDAR_RANGE = { first: '2000-01-01', last: '2199-12-31' } as const;
/** The largest counts a clock may ask for (the longest SLA is 9 working days, 2 months). */
export const MAX_WORKING_DAYS = 366;
export const MAX_CALENDAR_DAYS = 3_660;
export const MAX_CALENDAR_MONTHS = 120;
/** However the days off are configured, a search for a working day stops after this many days. */
const MAX_SCAN_DAYS = 3 * MAX_WORKING_DAYS + 400;

interface LocalParts {
  /** Whole days since 1970-01-01 of the local date. */
  readonly day: number;
  /** Milliseconds since local midnight. */
  readonly timeOfDay: number;
}

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse(`${CALENDAR_RANGE.first}T00:00:00Z`) / DAY_MS;
const LAST_DAY = Date.parse(`${CALENDAR_RANGE.last}T00:00:00Z`) / DAY_MS;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Zones with one offset and no daylight saving since 1991 (China has had
 * none since then). Their wall clock is arithmetic, which spares a cold
 * start the ~17 ms of loading ICU's time-zone data for the first formatter.
 */
const FIXED_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'Asia/Shanghai': 480,
  'Asia/Hong_Kong': 480,
  'Asia/Macau': 480,
  'Asia/Taipei': 480,
  UTC: 0,
  'Etc/UTC': 0,
};

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `instant` in `timeZone`, as if it were UTC (milliseconds). */
function wallClockMs(instant: Date, timeZone: string): number {
  const fixed = FIXED_OFFSET_MINUTES[timeZone];
  if (fixed !== undefined) return instant.getTime() + fixed * 60_000;
  const part: Record<string, number> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(instant)) part[type] = Number(value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = part;
  return Date.UTC(year, month - 1, day, hour, minute, second, instant.getUTCMilliseconds());
}

/**
 * The local calendar date of an instant in an IANA zone.
 *
 * @example
 * localDateIn(new Date('2026-03-01T16:30:00Z'), 'Asia/Shanghai'); // '2026-03-02'
 */
export function localDateIn(instant: Date, timeZone: string): LocalDate {
  return new Date(wallClockMs(instant, timeZone)).toISOString().slice(0, 10);
}

/**
 * The wall clock of an instant in a zone, for messages to customers.
 *
 * @example
 * wallClock(new Date('2026-11-23T10:30:00Z'), 'Asia/Shanghai'); // { year: 2026, month: 11, day: 23, hour: 18, minute: 30 }
 */
export function wallClock(instant: Date, timeZone: string) {
  const local = new Date(wallClockMs(instant, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** Local dates are counted as whole days since 1970-01-01, so stepping a day is `+ 1`, never a string parse. */
function dateOfDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkCount(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > max) throw new CalendarRangeError(`${what} must be a whole number from 0 to ${max}, got ${n}`);
}

/**
 * Where a use case gets the calendar: a `WorkingCalendar` itself (tests,
 * benches), or the per-container cache of seed and loaded years.
 */
export interface CalendarSource {
  current(): Promise<WorkingCalendar>;
}

export class WorkingCalendar implements CalendarSource {
  readonly timeZone: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly makeUpWorkingDays: ReadonlySet<LocalDate>;
  private readonly loadedYears: ReadonlySet<number>;
  private readonly fixedDateHolidays: ReadonlySet<string>;

  /**
   * @example
   * const calendar = new WorkingCalendar({ years: [{ year: 2026, holidays: ['2026-10-01'], makeUpWorkingDays: ['2026-10-10'], source: 'test' }] });
   */
  constructor(options: WorkingCalendarOptions) {
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
    try {
      if (FIXED_OFFSET_MINUTES[this.timeZone] === undefined) formatterFor(this.timeZone);
    } catch (cause) {
      throw new InvalidCalendarError(`Unknown time zone ${this.timeZone}`, { cause });
    }
    const weekend = options.weekend ?? [0, 6];
    if (weekend.some((day) => !Number.isInteger(day) || day < 0 || day > 6) || new Set(weekend).size > 6) {
      throw new InvalidCalendarError('weekend must list 0..6 (Sunday..Saturday) and leave at least one working weekday');
    }
    const fixed = options.fixedDateHolidays ?? FIXED_DATE_HOLIDAYS;
    const badFixed = fixed.find((monthDay) => !DATE_PATTERN.test(`2000-${monthDay}`));
    if (badFixed !== undefined) throw new InvalidCalendarError(`Not an MM-DD date: ${badFixed}`);
    for (const year of options.years) validateCalendarYear(year);
    this.weekend = new Set(weekend);
    this.holidays = new Set(options.years.flatMap((y) => y.holidays));
    this.makeUpWorkingDays = new Set(options.years.flatMap((y) => y.makeUpWorkingDays));
    this.loadedYears = new Set(options.years.map((y) => y.year));
    this.fixedDateHolidays = new Set(fixed);
  }

  /** A calendar is its own source (`CalendarSource`). */
  current(): Promise<WorkingCalendar> {
    return Promise.resolve(this);
  }

  /**
   * Whether `year` has loaded data (otherwise it runs on the fallback).
   *
   * @example
   * calendar.hasYear(2027); // false until the 2027 notice is loaded
   */
  hasYear(year: number): boolean {
    return this.loadedYears.has(year);
  }

  /**
   * The local date of an instant in this calendar's zone.
   *
   * @example
   * calendar.localDate(new Date('2026-03-01T16:30:00Z')); // '2026-03-02' (Monday in Shanghai)
   */
  localDate(instant: Date): LocalDate {
    return dateOfDay(this.localParts(instant).day);
  }

  /**
   * Whether the local day of `instant` is a working day.
   *
   * @example
   * calendar.isWorkingDay(new Date('2026-10-02T02:00:00Z')); // false, National Day
   */
  isWorkingDay(instant: Date): boolean {
    return this.isWorkingDate(this.localDate(instant));
  }

  /**
   * The same local time of day `n` working days later. Starting on a day
   * off, counting begins at 00:00 of the next working day, so the result is
   * the end of the n-th working day.
   *
   * @example
   * // Friday 17:00 Shanghai + 2 working days = Tuesday 17:00
   * calendar.addWorkingDays(new Date('2026-03-06T09:00:00Z'), 2); // 2026-03-10T09:00:00.000Z
   */
  addWorkingDays(instant: Date, n: number): Date {
    checkCount(n, MAX_WORKING_DAYS, 'Working days');
    let { day, timeOfDay } = this.localParts(instant);
    const lastDay = Math.min(day + MAX_SCAN_DAYS, LAST_DAY);
    if (!this.isWorkingDate(dateOfDay(day))) {
      timeOfDay = 0;
      do day += 1;
      while (day <= lastDay && !this.isWorkingDate(dateOfDay(day)));
    }
    for (let counted = 0; counted < n && day <= lastDay; ) {
      day += 1;
      if (this.isWorkingDate(dateOfDay(day))) counted += 1;
    }
    if (day > lastDay) throw new CalendarRangeError(`No ${n} working days after ${instant.toISOString()} within the calendar's range`);
    return this.toInstant(day, timeOfDay);
  }

  /**
   * The same local date and time `n` calendar months later, clamped to the
   * month's last day (Jan 31 + 1 month = Feb 28).
   *
   * @example
   * calendar.addCalendarMonths(new Date('2026-01-31T02:00:00Z'), 1); // 2026-02-28T02:00:00.000Z
   */
  addCalendarMonths(instant: Date, n: number): Date {
    checkCount(n, MAX_CALENDAR_MONTHS, 'Calendar months');
    const start = this.localParts(instant);
    const [year = 0, month = 1, day = 1] = dateOfDay(start.day).split('-').map(Number);
    const lastDay = new Date(Date.UTC(year, month - 1 + n + 1, 0)).getUTCDate();
    const target = Date.UTC(year, month - 1 + n, Math.min(day, lastDay)) / DAY_MS;
    return this.toInstant(target, start.timeOfDay);
  }

  /**
   * The same local time `n` calendar days later (days off included).
   *
   * @example
   * calendar.addCalendarDays(new Date('2026-09-30T02:00:00Z'), 10); // 2026-10-10T02:00:00.000Z
   */
  addCalendarDays(instant: Date, n: number): Date {
    checkCount(n, MAX_CALENDAR_DAYS, 'Calendar days');
    const start = this.localParts(instant);
    return this.toInstant(start.day + n, start.timeOfDay);
  }

  private isWorkingDate(date: LocalDate): boolean {
    if (this.holidays.has(date)) return false;
    if (this.makeUpWorkingDays.has(date)) return true;
    if (!this.loadedYears.has(Number(date.slice(0, 4))) && this.fixedDateHolidays.has(date.slice(5))) return false;
    return !this.weekend.has(new Date(`${date}T00:00:00Z`).getUTCDay());
  }

  /** The local day (days since 1970-01-01) and time of day of an instant, refused outside the calendar's range. */
  private localParts(instant: Date): LocalParts {
    const ms = instant.getTime();
    // Checked before any zone conversion: an Invalid Date or the year 275000 never reaches the formatter.
    if (!(ms >= (FIRST_DAY - 1) * DAY_MS && ms < (LAST_DAY + 2) * DAY_MS)) throw new CalendarRangeError(`${String(instant)} is outside ${CALENDAR_RANGE.first}..${CALENDAR_RANGE.last}`);
    const wall = wallClockMs(instant, this.timeZone);
    const day = Math.floor(wall / DAY_MS);
    if (day < FIRST_DAY || day > LAST_DAY) throw new CalendarRangeError(`${dateOfDay(day)} is outside ${CALENDAR_RANGE.first}..${CALENDAR_RANGE.last}`);
    return { day, timeOfDay: wall - day * DAY_MS };
  }

  /** The instant whose local wall clock reads `day` + `timeOfDay` (offset re-checked once for DST zones). */
  private toInstant(day: number, timeOfDay: number): Date {
    if (day > LAST_DAY) throw new CalendarRangeError(`${dateOfDay(day)} is past ${CALENDAR_RANGE.last}`);
    const wall = day * DAY_MS + timeOfDay;
    let guess = wall - (wallClockMs(new Date(wall), this.timeZone) - wall);
    guess = wall - (wallClockMs(new Date(guess), this.timeZone) - guess);
    return new Date(guess);
  }
}

const CalendarYearSchema = z.object({
  year: z.number().check(z.int()),
  holidays: z.array(z.string()).check(z.maxLength(120)),
  makeUpWorkingDays: z.array(z.string()).check(z.maxLength(60)),
  source: z.string().check(z.minLength(1), z.maxLength(200)),
});

function validateCalendarYear(year: CalendarYear): void {
  const first = Number(CALENDAR_RANGE.first.slice(0, 4));
  const last = Number(CALENDAR_RANGE.last.slice(0, 4));
  if (!Number.isInteger(year.year) || year.year < first || year.year > last) throw new InvalidCalendarError(`year: must be from ${first} to ${last}`);
  for (const [field, dates] of [['holidays', year.holidays], ['makeUpWorkingDays', year.makeUpWorkingDays]] as const) {
    const bad = dates.find((date) => !DATE_PATTERN.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date);
    if (bad !== undefined) throw new InvalidCalendarError(`${field}: not a YYYY-MM-DD date: ${bad}`);
    const elsewhere = dates.find((date) => Number(date.slice(0, 4)) !== year.year);
    if (elsewhere !== undefined) throw new InvalidCalendarError(`${field}: ${elsewhere} is not in ${year.year}`);
  }
  const both = year.holidays.find((date) => year.makeUpWorkingDays.includes(date));
  if (both !== undefined) throw new InvalidCalendarError(`makeUpWorkingDays: ${both} is also a holiday`);
}

/**
 * Reads one year's arrangement (the file a supervisor loads from the State
 * Council's notice), refusing anything malformed with the field named.
 *
 * @example
 * parseCalendarYear({ year: 2027, holidays: ['2027-01-01'], makeUpWorkingDays: [], source: '国办发明电〔2026〕N号' });
 */
export function parseCalendarYear(input: unknown): CalendarYear {
  const parsed = CalendarYearSchema.safeParse(input);
  if (!parsed.success) throw new InvalidCalendarError(parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; '));
  const year: CalendarYear = { ...parsed.data, holidays: [...new Set(parsed.data.holidays)].sort(), makeUpWorkingDays: [...new Set(parsed.data.makeUpWorkingDays)].sort() };
  validateCalendarYear(year);
  return year;
}

/** Whether the calendar reaches far enough ahead, for the alarm (`CalendarYearsAhead`). */
export interface CalendarStatus {
  /** The local year of `now`. */
  readonly year: number;
  /** Loaded years from this one on without a gap, minus one: 0 = only this year, -1 = not even this year. */
  readonly yearsAhead: number;
  /** True when the clock runs on the fallback, or it is 1 November or later and next year is not loaded. */
  readonly nextYearDue: boolean;
}

/** From this local date on, next year's arrangement is expected (the State Council publishes it in late October or November). */
export const NEXT_YEAR_DUE_FROM = '11-01';

/**
 * How far ahead the loaded calendar reaches at `now`.
 *
 * @example
 * calendarStatus(calendar, new Date('2026-11-02T02:00:00Z')); // { year: 2026, yearsAhead: 0, nextYearDue: true } with only 2026 loaded
 */
export function calendarStatus(calendar: WorkingCalendar, now: Date): CalendarStatus {
  const today = calendar.localDate(now);
  const year = Number(today.slice(0, 4));
  let yearsAhead = -1;
  while (calendar.hasYear(year + yearsAhead + 1) && yearsAhead < 100) yearsAhead += 1;
  return { year, yearsAhead, nextYearDue: yearsAhead < 0 || (yearsAhead === 0 && today.slice(5) >= NEXT_YEAR_DUE_FROM) };
}
