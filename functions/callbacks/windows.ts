/**
 * When a customer may be called back (DOMAIN.md, "Callbacks"): business
 * customers in working hours on working days, residents after work, never
 * in a rest time, and a repair finished after 22:00 the next day. Windows
 * and rest times are stage configuration (`CALLBACK_WINDOWS`, JSON), read
 * once per container; the working days come from the calendar.
 */
import * as z from 'zod/mini';
import { wallClock, type WorkingCalendar } from '../tickets/calendar';
import { CallbackConfigError } from './errors';

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-4]):[0-5]\d$/));
const WindowSchema = z.object({ from: HHMM, to: HHMM, days: z.enum(['working', 'any']) });

const CallbackWindowsSchema = z.object({
  business: WindowSchema,
  residential: WindowSchema,
  /** Local times nobody is called (a `from` after `to` runs over midnight). */
  restTimes: z.array(z.object({ from: HHMM, to: HHMM })),
  /** A repair finished at or after this local time is called back the next day. */
  lateRepairAfter: HHMM,
  /** A window shorter than this (after rest times are taken out) is not offered. */
  minimumMinutes: z.number().check(z.int(), z.minimum(5), z.maximum(240)),
});
export type CallbackWindowsConfig = z.infer<typeof CallbackWindowsSchema>;
export type CustomerType = 'residential' | 'business';

/** The demo stage's windows: offices 09:00-17:00 on working days, homes 18:30-21:00, no calls over lunch or at night. */
export const DEFAULT_CALLBACK_WINDOWS: CallbackWindowsConfig = {
  business: { from: '09:00', to: '17:00', days: 'working' },
  residential: { from: '18:30', to: '21:00', days: 'any' },
  restTimes: [
    { from: '12:00', to: '14:00' },
    { from: '21:00', to: '08:00' },
  ],
  lateRepairAfter: '22:00',
  minimumMinutes: 30,
};

/**
 * The windows from `CALLBACK_WINDOWS` (JSON), or the defaults; a bad value
 * is a CallbackConfigError naming the field.
 *
 * @example
 * const windows = readCallbackWindows(process.env);
 */
export function readCallbackWindows(env: NodeJS.ProcessEnv = process.env): CallbackWindowsConfig {
  if (!env.CALLBACK_WINDOWS) return DEFAULT_CALLBACK_WINDOWS;
  let raw: unknown;
  try {
    raw = JSON.parse(env.CALLBACK_WINDOWS);
  } catch (cause) {
    throw new CallbackConfigError('CALLBACK_WINDOWS is not JSON', { cause });
  }
  const parsed = CallbackWindowsSchema.safeParse(raw);
  if (!parsed.success) throw new CallbackConfigError(`CALLBACK_WINDOWS: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** An interval of instants in which the call may be placed. */
export interface CallWindow {
  readonly start: Date;
  readonly end: Date;
}

const DAY_MINUTES = 1440;
/** Two weeks covers the longest holiday run (Spring Festival, National Day) with room. */
const MAX_DAYS_SEARCHED = 15;

/**
 * The first legal window at or after `earliest` for a customer of this
 * type; `finishedAt` (a repair's restoration) moves the search to the next
 * day when it is at or after `lateRepairAfter`.
 *
 * @example
 * // a residential customer, repair done 22:30 Shanghai: 18:30-21:00 the next day
 * callbackWindow('residential', new Date('2026-12-01T14:30:00Z'), calendar, DEFAULT_CALLBACK_WINDOWS, { finishedAt: new Date('2026-12-01T14:30:00Z') });
 */
export function callbackWindow(customerType: CustomerType, earliest: Date, calendar: WorkingCalendar, config: CallbackWindowsConfig, options: { readonly finishedAt?: Date } = {}): CallWindow {
  let from = earliest;
  if (options.finishedAt) {
    const finished = wallClock(options.finishedAt, calendar.timeZone);
    if (finished.hour * 60 + finished.minute >= minutes(config.lateRepairAfter)) {
      from = new Date(Math.max(from.getTime(), startOfNextLocalDay(options.finishedAt, calendar).getTime()));
    }
  }
  const rule = config[customerType];
  let day = startOfLocalDay(from, calendar);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, day = startOfNextLocalDay(day, calendar)) {
    if (rule.days === 'working' && !calendar.isWorkingDay(day)) continue;
    for (const [a, b] of segments(rule, config)) {
      const start = new Date(Math.max(day.getTime() + a * 60_000, from.getTime()));
      const end = new Date(day.getTime() + b * 60_000);
      if (end.getTime() - start.getTime() >= config.minimumMinutes * 60_000) return { start, end };
    }
  }
  throw new CallbackConfigError(`No ${customerType} callback window within ${MAX_DAYS_SEARCHED} days of ${from.toISOString()}: check CALLBACK_WINDOWS`);
}

/**
 * Whether a call to this customer at `instant` is allowed (in the type's
 * window, on an allowed day, outside every rest time).
 *
 * @example
 * isLegalCallTime('business', new Date('2026-12-01T04:30:00Z'), calendar, DEFAULT_CALLBACK_WINDOWS); // false: 12:30, lunch rest
 */
export function isLegalCallTime(customerType: CustomerType, instant: Date, calendar: WorkingCalendar, config: CallbackWindowsConfig): boolean {
  const rule = config[customerType];
  if (rule.days === 'working' && !calendar.isWorkingDay(instant)) return false;
  const clock = wallClock(instant, calendar.timeZone);
  const minute = clock.hour * 60 + clock.minute;
  return segments(rule, config).some(([a, b]) => minute >= a && minute < b);
}

/** The window's [from, to) in minutes of the day, with every rest time taken out. */
function segments(rule: { from: string; to: string }, config: CallbackWindowsConfig): [number, number][] {
  let parts: [number, number][] = [[minutes(rule.from), minutes(rule.to)]];
  const rests = config.restTimes.flatMap(({ from, to }): [number, number][] => {
    const a = minutes(from);
    const b = minutes(to);
    return a <= b ? [[a, b]] : [[a, DAY_MINUTES], [0, b]];
  });
  for (const [ra, rb] of rests) {
    parts = parts.flatMap(([a, b]): [number, number][] => {
      if (rb <= a || ra >= b) return [[a, b]];
      return [
        [a, ra],
        [rb, b],
      ].filter(([x, y]) => (y as number) > (x as number)) as [number, number][];
    });
  }
  return parts;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** 00:00 local of the instant's local day, as an instant (the centre's zone has no daylight saving, but this does not assume it). */
function startOfLocalDay(instant: Date, calendar: WorkingCalendar): Date {
  const date = calendar.localDate(instant);
  const guess = Date.parse(`${date}T00:00:00Z`);
  const clock = wallClock(new Date(guess), calendar.timeZone);
  const offset = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute) - guess;
  return new Date(guess - offset);
}

function startOfNextLocalDay(instant: Date, calendar: WorkingCalendar): Date {
  return startOfLocalDay(new Date(startOfLocalDay(instant, calendar).getTime() + 36 * 3_600_000), calendar);
}
