/**
 * Working days of the centre, in its own time zone. China moves weekends
 * around public holidays ("make-up working days"), so the calendar is data:
 * weekend days, holidays off, and weekend dates that are worked.
 */
import { TicketError } from './errors';

/** A `YYYY-MM-DD` date in the calendar's zone. */
export type LocalDate = string;

export interface WorkingCalendarOptions {
  /** IANA zone; default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** Days of the week off, 0 = Sunday; default Saturday and Sunday. */
  readonly weekend?: readonly number[];
  /** Local dates off (public holidays). */
  readonly holidays: readonly LocalDate[];
  /** Weekend dates that are working days (China's 调休 make-up days). */
  readonly makeUpWorkingDays: readonly LocalDate[];
}

export class InvalidCalendarError extends TicketError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidCalendarError';
  }
}

interface LocalParts {
  readonly date: LocalDate;
  /** Milliseconds since local midnight. */
  readonly timeOfDay: number;
}

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;
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

function nextDate(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export class WorkingCalendar {
  readonly timeZone: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly makeUpWorkingDays: ReadonlySet<LocalDate>;

  /**
   * @example
   * const calendar = new WorkingCalendar({ holidays: ['2026-10-01'], makeUpWorkingDays: ['2026-10-10'] });
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
    const bad = [...options.holidays, ...options.makeUpWorkingDays].find((date) => !DATE_PATTERN.test(date));
    if (bad !== undefined) throw new InvalidCalendarError(`Not a YYYY-MM-DD date: ${bad}`);
    this.weekend = new Set(weekend);
    this.holidays = new Set(options.holidays);
    this.makeUpWorkingDays = new Set(options.makeUpWorkingDays);
  }

  /**
   * The local date of an instant in this calendar's zone.
   *
   * @example
   * CHINA_2026_CALENDAR.localDate(new Date('2026-03-01T16:30:00Z')); // '2026-03-02' (Monday in Shanghai)
   */
  localDate(instant: Date): LocalDate {
    return localDateIn(instant, this.timeZone);
  }

  /**
   * Whether the local day of `instant` is a working day.
   *
   * @example
   * CHINA_2026_CALENDAR.isWorkingDay(new Date('2026-10-02T02:00:00Z')); // false, National Day
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
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number >= 0, got ${n}`);
    let { date, timeOfDay } = this.localParts(instant);
    if (!this.isWorkingDate(date)) {
      while (!this.isWorkingDate(date)) date = nextDate(date);
      timeOfDay = 0;
    }
    for (let counted = 0; counted < n; ) {
      date = nextDate(date);
      if (this.isWorkingDate(date)) counted += 1;
    }
    return this.toInstant(date, timeOfDay);
  }

  /**
   * The same local date and time `n` calendar months later, clamped to the
   * month's last day (Jan 31 + 1 month = Feb 28).
   *
   * @example
   * calendar.addCalendarMonths(new Date('2026-01-31T02:00:00Z'), 1); // 2026-02-28T02:00:00.000Z
   */
  addCalendarMonths(instant: Date, n: number): Date {
    const { date, timeOfDay } = this.localParts(instant);
    const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
    const lastDay = new Date(Date.UTC(year, month - 1 + n + 1, 0)).getUTCDate();
    const target = new Date(Date.UTC(year, month - 1 + n, Math.min(day, lastDay))).toISOString().slice(0, 10);
    return this.toInstant(target, timeOfDay);
  }

  /**
   * The same local time `n` calendar days later (days off included).
   *
   * @example
   * calendar.addCalendarDays(new Date('2026-09-30T02:00:00Z'), 10); // 2026-10-10T02:00:00.000Z
   */
  addCalendarDays(instant: Date, n: number): Date {
    const start = this.localParts(instant);
    let date = start.date;
    for (let i = 0; i < n; i += 1) date = nextDate(date);
    return this.toInstant(date, start.timeOfDay);
  }

  private isWorkingDate(date: LocalDate): boolean {
    if (this.holidays.has(date)) return false;
    if (this.makeUpWorkingDays.has(date)) return true;
    return !this.weekend.has(new Date(`${date}T00:00:00Z`).getUTCDay());
  }

  private localParts(instant: Date): LocalParts {
    const wall = wallClockMs(instant, this.timeZone);
    const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
    return { date: new Date(midnight).toISOString().slice(0, 10), timeOfDay: wall - midnight };
  }

  /** The instant whose local wall clock reads `date` + `timeOfDay` (offset re-checked once for DST zones). */
  private toInstant(date: LocalDate, timeOfDay: number): Date {
    const wall = Date.parse(`${date}T00:00:00Z`) + timeOfDay;
    let guess = wall - (wallClockMs(new Date(wall), this.timeZone) - wall);
    guess = wall - (wallClockMs(new Date(guess), this.timeZone) - guess);
    return new Date(guess);
  }
}

/**
 * Sample data, not an official schedule: the 2026 calendar in the shape the
 * State Council publishes it, with New Year, Spring Festival and National Day
 * holidays and their make-up working days (weekend dates worked). Load the
 * real notice for production.
 */
export const CHINA_2026_CALENDAR = new WorkingCalendar({
  timeZone: 'Asia/Shanghai',
  holidays: [
    '2026-01-01', '2026-01-02', '2026-01-03',
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'],
});
