/**
 * Clocks that fire (issue 11, step 3), the pure half: which milestones of a
 * work order have a clock, what a schedule is named, how a stream change
 * turns into schedules to create and delete (the clock keeper), and what
 * `sla-watch` does when one fires (nothing, warn, or chase, and when to look
 * again). DynamoDB holds the due instants; these functions only read orders.
 */
import { wallClock } from '../tickets/calendar';
import type { Department } from '../workorders/routing';
import type { WorkOrder } from '../workorders/work-order';

/** One clock: an order's milestone due at an instant. */
export interface Clock {
  readonly orderId: string;
  readonly milestone: string;
  readonly dueAt: string;
}

export interface ClockPolicy {
  /** Chase this long before a step is due (the warning margin). */
  readonly warningMinutes: number;
  /** Chase again at this interval until the step is done. */
  readonly repeatMinutes: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = { warningMinutes: 10, repeatMinutes: 30 };

/** The states in which an order owes nothing more: no clock of the department's runs. */
const SETTLED = new Set(['restored', 'answered', 'result_reported', 'sent_back']);

/**
 * The centre's own clock on an order: the reply to the customer, due within 1 working day of a
 * query's or consultation's answer (the order's `reply`). It runs after the order is settled, is met
 * when the reply's text has gone, and is chased on the shift lead's list, not to the department.
 */
export const CUSTOMER_REPLY = 'customerReply';

/**
 * The order's running clocks: the department's (none once it is settled) and the centre's reply to the customer.
 *
 * @example
 * clocksOf(order); // [{ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T02:45:00.000Z' }]
 */
export function clocksOf(order: Pick<WorkOrder, 'orderId' | 'state' | 'due' | 'reply'> | undefined): Clock[] {
  if (!order) return [];
  const department = SETTLED.has(order.state) ? [] : Object.entries(order.due);
  const centre = order.reply ? [[CUSTOMER_REPLY, order.reply.dueBy] as const] : [];
  return [...department, ...centre]
    .map(([milestone, dueAt]) => ({ orderId: order.orderId, milestone, dueAt }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.milestone.localeCompare(b.milestone));
}

/**
 * The instant a milestone of the order is due now (undefined when it owes it no more).
 *
 * @example
 * dueInstantOf(answered, 'customerReply'); // '2026-12-02T02:00:00.000Z'
 */
export function dueInstantOf(order: Pick<WorkOrder, 'due' | 'reply'>, milestone: string): string | undefined {
  return milestone === CUSTOMER_REPLY ? order.reply?.dueBy : order.due[milestone];
}

/**
 * The EventBridge Scheduler name of a clock's first check: from the order
 * and milestone (and the due instant, so a moved milestone is a new
 * schedule and the old one is deleted), within Scheduler's 64 characters of
 * `[0-9a-zA-Z-_.]`.
 *
 * @example
 * scheduleName({ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T02:45:00.000Z' });
 * // '202612-0001-0001.1_crewOnSite_20261201T024500Z'
 */
export function scheduleName(clock: Clock): string {
  const at = clock.dueAt.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${clock.orderId}_${clock.milestone}_${at}`.replace(/[^0-9a-zA-Z\-_.]/g, '-').slice(0, 64);
}

/**
 * What a table-stream change of one order means for its schedules: create
 * the clocks it gained (or whose instant moved), delete those it lost
 * (milestone met, order settled or deleted).
 *
 * @example
 * scheduleChanges(before, after); // { create: [causeReport clock], delete: [crewOnSite clock] }
 */
export function scheduleChanges(before: Parameters<typeof clocksOf>[0], after: Parameters<typeof clocksOf>[0]): { create: Clock[]; delete: Clock[] } {
  const old = clocksOf(before);
  const now = clocksOf(after);
  const names = (clocks: Clock[]) => new Set(clocks.map(scheduleName));
  const oldNames = names(old);
  const newNames = names(now);
  return { create: now.filter((c) => !oldNames.has(scheduleName(c))), delete: old.filter((c) => !newNames.has(scheduleName(c))) };
}

/**
 * When a clock should first be looked at: the warning margin before it is due.
 *
 * @example
 * firstCheckAt({ dueAt: '2026-12-01T02:45:00.000Z' } as Clock, DEFAULT_CLOCK_POLICY); // 2026-12-01T02:35:00.000Z
 */
export function firstCheckAt(clock: Pick<Clock, 'dueAt'>, policy: ClockPolicy): Date {
  return new Date(Date.parse(clock.dueAt) - policy.warningMinutes * 60_000);
}

export type ClockVerdict =
  | { readonly kind: 'met' }
  | { readonly kind: 'not_yet'; readonly checkAt: Date }
  | { readonly kind: 'warning' | 'late'; readonly chaseAt: Date; readonly nextCheckAt: Date };

/**
 * What `sla-watch` does when a clock fires, after re-reading the order: the
 * milestone met (or moved) means nothing; before the warning margin it looks
 * again at the margin; inside the margin or past due it chases the duty
 * contact, at once if the department is at work or the order is an
 * emergency (a fault), else when its working hours begin, and looks again
 * after the repeat interval (a warning, at the limit if that comes first).
 *
 * @example
 * clockVerdict(order, 'crewOnSite', new Date('2026-12-01T02:46:00Z'), department, DEFAULT_CLOCK_POLICY, 'Asia/Shanghai');
 * // { kind: 'late', chaseAt: 02:46, nextCheckAt: 03:16 }
 */
export function clockVerdict(
  order: Pick<WorkOrder, 'orderId' | 'state' | 'due' | 'ticketType' | 'reply'> | undefined,
  milestone: string,
  now: Date,
  department: Pick<Department, 'workingHours'>,
  policy: ClockPolicy,
  timeZone: string,
): ClockVerdict {
  const clock = clocksOf(order).find((c) => c.milestone === milestone);
  if (!clock || !order) return { kind: 'met' };
  const due = Date.parse(clock.dueAt);
  const warnAt = firstCheckAt(clock, policy);
  if (now < warnAt) return { kind: 'not_yet', checkAt: warnAt };
  const emergency = order.ticketType === 'fault_report';
  // The centre works round the clock: its own late reply is chased at once, whatever the department's hours.
  const chaseAt = emergency || milestone === CUSTOMER_REPLY ? now : nextWorkingInstant(now, department.workingHours, timeZone);
  const late = now.getTime() >= due;
  // A warning chased before the limit looks again at the limit itself, so passing it is chased when it happens.
  const repeatAt = chaseAt.getTime() + policy.repeatMinutes * 60_000;
  const nextCheckAt = new Date(!late && chaseAt.getTime() < due ? Math.min(due, repeatAt) : repeatAt);
  return { kind: late ? 'late' : 'warning', chaseAt, nextCheckAt };
}

/**
 * `now` if it falls inside the daily working hours (local `HH:MM`, `to`
 * exclusive; `00:00`-`24:00` is any time), else the next start of them.
 * Daily hours only: a weekday department is chased at 08:30 on a Saturday too.
 *
 * @example
 * nextWorkingInstant(new Date('2026-12-01T12:00:00Z'), { from: '08:30', to: '17:30' }, 'Asia/Shanghai'); // 2026-12-02T00:30:00.000Z
 */
export function nextWorkingInstant(now: Date, hours: Pick<Department['workingHours'], 'from' | 'to'>, timeZone: string): Date {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const from = minutes(hours.from);
  const to = minutes(hours.to);
  const local = wallClock(now, timeZone);
  const nowMinutes = local.hour * 60 + local.minute;
  if (nowMinutes >= from && nowMinutes < to) return now;
  const daysAhead = nowMinutes < from ? 0 : 1;
  // Shift by whole local minutes from now: the zone's offset is fixed over a day for the centre's zones.
  const deltaMinutes = daysAhead * 1440 + from - nowMinutes;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + deltaMinutes * 60_000);
}
