/**
 * Quiet hours: when a notice may not reach a customer, by the local time in
 * the centre's zone and the customer's type. Reminders and bill notices
 * never go out between 21:00 and 08:00; outage notices follow their own,
 * configurable rule (by default an unplanned outage is announced at any hour,
 * a planned one, announced days ahead, waits for the morning).
 */
import { wallClock } from '../tickets/calendar';
import type { Notice } from './notice';
import { OutboundError } from './errors';

/** Local `HH:MM` times; `from` later than `until` means the window crosses midnight. */
export interface QuietWindow {
  readonly from: string;
  readonly until: string;
}

export type CustomerType = Notice['customerType'];

export interface QuietHoursRules {
  /** IANA zone of the centre. */
  readonly timeZone: string;
  /** Bill notices and arrears reminders, per customer type. */
  readonly reminder: Readonly<Record<CustomerType, QuietWindow>>;
  /** Outage notices by outage kind; `null` means any hour. */
  readonly outage: { readonly planned: QuietWindow | null; readonly unplanned: QuietWindow | null };
}

export const DEFAULT_QUIET_HOURS: QuietHoursRules = {
  timeZone: 'Asia/Shanghai',
  reminder: { residential: { from: '21:00', until: '08:00' }, business: { from: '21:00', until: '08:00' } },
  outage: { planned: { from: '21:00', until: '08:00' }, unplanned: null },
};

export class InvalidQuietHoursError extends OutboundError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidQuietHoursError';
  }
}

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(time: string): number {
  const match = TIME.exec(time);
  if (!match) throw new InvalidQuietHoursError(`Not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** What decides the window: the notice's policy, the customer's type, and for outages the kind (`params.outageKind`). */
export type QuietHoursSubject = Pick<Notice, 'quietHours' | 'customerType'> & { readonly outageKind?: 'planned' | 'unplanned' };

export function quietWindowFor(subject: QuietHoursSubject, rules: QuietHoursRules): QuietWindow | null {
  if (subject.quietHours === 'reminder') return rules.reminder[subject.customerType];
  return rules.outage[subject.outageKind ?? 'unplanned'];
}

/**
 * The first instant at or after `now` when the notice may be sent: `now`
 * itself outside quiet hours, otherwise the end of the quiet window in the
 * centre's zone (daylight-saving days included).
 *
 * @example
 * // 23:30 in Shanghai: a bill notice waits for 08:00 the next morning
 * nextAllowedInstant(new Date('2026-03-09T15:30:00Z'), { quietHours: 'reminder', customerType: 'residential' }, DEFAULT_QUIET_HOURS);
 * // 2026-03-10T00:00:00.000Z
 */
export function nextAllowedInstant(now: Date, subject: QuietHoursSubject, rules: QuietHoursRules): Date {
  const window = quietWindowFor(subject, rules);
  if (!window) return now;
  const from = minutesOf(window.from) * 60_000;
  const until = minutesOf(window.until) * 60_000;
  if (from === until) return now;
  const wall = wallClock(now, rules.timeZone);
  const timeOfDay = (wall.hour * 60 + wall.minute) * 60_000 + now.getUTCSeconds() * 1000 + now.getUTCMilliseconds();
  const quiet = from < until ? timeOfDay >= from && timeOfDay < until : timeOfDay >= from || timeOfDay < until;
  if (!quiet) return now;
  let next = new Date(now.getTime() + ((until - timeOfDay + DAY_MS) % DAY_MS));
  // Across a daylight-saving change elapsed time and wall time differ: correct by the difference once.
  const landed = wallClock(next, rules.timeZone);
  const drift = (landed.hour * 60 + landed.minute) * 60_000 - until;
  if (drift !== 0) next = new Date(next.getTime() - (((drift + DAY_MS / 2) % DAY_MS) - DAY_MS / 2));
  return next;
}

/** Validates the rules once, at start-up, rather than on the first notice of the night. */
export function checkQuietHoursRules(rules: QuietHoursRules): QuietHoursRules {
  const windows = [...Object.values(rules.reminder), rules.outage.planned, rules.outage.unplanned];
  for (const window of windows) {
    if (window) {
      minutesOf(window.from);
      minutesOf(window.until);
    }
  }
  return rules;
}
