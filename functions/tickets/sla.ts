/**
 * The centre's time-limit commitments (DOMAIN.md, "What a contact becomes")
 * as data, and the due instants they give a ticket.
 */
import type { WorkingCalendar } from './calendar';
import type { TicketType } from './ticket';

export type Zone = 'urban' | 'suburban' | 'remote';
export type ApplicationKind = 'low_voltage' | 'high_voltage_single' | 'high_voltage_dual' | 'residential';

/** How long a milestone may take from when the ticket opened. */
export type TimeLimit = { minutes: number } | { workingDays: number } | { calendarDays: number } | { calendarMonths: number };

export interface SlaRule {
  readonly type: TicketType;
  /** Only for fault reports in this zone. */
  readonly zone?: Zone;
  /** Only for service applications of this kind. */
  readonly applicationKind?: ApplicationKind;
  readonly milestone: string;
  readonly within: TimeLimit;
}

/**
 * The policy table. Left out: the crew's cause report (30 min after arrival,
 * so it is set when the crew arrives, not at intake) and suggestions/praise
 * (no time limit). Complaints' department answer is due in 2 working days,
 * extendable to 4 at most; the reply to the customer follows within 1.
 */
export const SLA_RULES: readonly SlaRule[] = [
  { type: 'fault_report', zone: 'urban', milestone: 'crewOnSite', within: { minutes: 45 } },
  { type: 'fault_report', zone: 'suburban', milestone: 'crewOnSite', within: { minutes: 90 } },
  { type: 'fault_report', zone: 'remote', milestone: 'crewOnSite', within: { minutes: 120 } },
  { type: 'information_query', milestone: 'departmentAnswer', within: { workingDays: 2 } },
  { type: 'information_query', milestone: 'customerReply', within: { workingDays: 3 } },
  { type: 'consultation', milestone: 'departmentAnswer', within: { workingDays: 2 } },
  { type: 'consultation', milestone: 'customerReply', within: { workingDays: 3 } },
  { type: 'complaint', milestone: 'departmentAnswer', within: { workingDays: 2 } },
  { type: 'complaint', milestone: 'departmentAnswerLatest', within: { workingDays: 4 } },
  { type: 'complaint', milestone: 'customerReply', within: { workingDays: 3 } },
  { type: 'whistleblowing_report', milestone: 'investigationResult', within: { workingDays: 9 } },
  { type: 'service_application', applicationKind: 'low_voltage', milestone: 'supplyPlan', within: { calendarDays: 10 } },
  { type: 'service_application', applicationKind: 'high_voltage_single', milestone: 'supplyPlan', within: { calendarMonths: 1 } },
  { type: 'service_application', applicationKind: 'high_voltage_dual', milestone: 'supplyPlan', within: { calendarMonths: 2 } },
  { type: 'service_application', applicationKind: 'residential', milestone: 'connectionLive', within: { workingDays: 5 } },
];

export interface DueInput {
  readonly type: TicketType;
  readonly openedAt: Date;
  /** Fault location; unknown at intake means the strictest limit (urban). */
  readonly zone?: Zone;
  /** Service applications get no clock until the business department knows the kind. */
  readonly applicationKind?: ApplicationKind;
  readonly calendar: WorkingCalendar;
}

function addLimit(calendar: WorkingCalendar, from: Date, limit: TimeLimit): Date {
  if ('minutes' in limit) return new Date(from.getTime() + limit.minutes * 60_000);
  if ('workingDays' in limit) return calendar.addWorkingDays(from, limit.workingDays);
  if ('calendarDays' in limit) return calendar.addCalendarDays(from, limit.calendarDays);
  return calendar.addCalendarMonths(from, limit.calendarMonths);
}

/**
 * Due instants (ISO-8601, UTC) of a new ticket, keyed by milestone.
 *
 * @example
 * dueInstants({ type: 'fault_report', zone: 'suburban', openedAt: new Date('2026-03-06T09:00:00Z'), calendar });
 * // { crewOnSite: '2026-03-06T10:30:00.000Z' }
 */
export function dueInstants(input: DueInput): Record<string, string> {
  const zone = input.zone ?? 'urban';
  const due: Record<string, string> = {};
  for (const rule of SLA_RULES) {
    if (rule.type !== input.type) continue;
    if (rule.zone !== undefined && rule.zone !== zone) continue;
    if (rule.applicationKind !== undefined && rule.applicationKind !== input.applicationKind) continue;
    due[rule.milestone] = addLimit(input.calendar, input.openedAt, rule.within).toISOString();
  }
  return due;
}
