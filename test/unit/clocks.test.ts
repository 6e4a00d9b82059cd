import { describe, expect, it } from 'vitest';
import { clocksOf, clockVerdict, DEFAULT_CLOCK_POLICY, nextWorkingInstant, scheduleChanges, scheduleName } from '../../functions/clocks/clock';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { dueInstants } from '../../functions/tickets/sla';
import type { Ticket, TicketType } from '../../functions/tickets/ticket';
import { decideAction, openWorkOrder } from '../../functions/workorders/work-order';

const calendar = new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] });
const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const weekdays = { from: '08:30', to: '17:30' };
const office = { workingHours: weekdays };
const always = { workingHours: { from: '00:00', to: '24:00' } };

function order(type: TicketType, opened: string) {
  const ticket: Ticket = {
    ticketId: '202612-0001-0001', type, status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800000101', summary: '...',
    createdAt: opened, updatedAt: opened, due: dueInstants({ type, openedAt: at(opened), calendar }), confidential: false,
  };
  return openWorkOrder(ticket, type === 'fault_report' ? 'repair-HZ-XIHU' : 'billing');
}

describe('schedules from the table stream', () => {
  const fault = order('fault_report', '2026-12-01T15:50:00.000Z'); // 23:50 in Shanghai: on site due 00:35 the next day

  it('names a schedule from order, milestone and instant, within Scheduler\'s limits', () => {
    const [clock] = clocksOf(fault);
    expect(clock).toEqual({ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T16:35:00.000Z' });
    expect(scheduleName(clock!)).toBe('202612-0001-0001.1_crewOnSite_20261201T163500Z');
    expect(scheduleName({ orderId: `${'9'.repeat(70)}.1`, milestone: 'x', dueAt: clock!.dueAt })).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
  });

  it('creates the first clock when the order appears, and nothing when it changes without moving a clock', () => {
    expect(scheduleChanges(undefined, fault)).toEqual({ create: clocksOf(fault), delete: [] });
    const dispatched = decideAction(fault, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T15:55:00Z' }, at('2026-12-01T15:56:00Z')).order;
    expect(scheduleChanges(fault, dispatched)).toEqual({ create: [], delete: [] });
  });

  it('on arrival after midnight deletes the on-site clock and creates the cause report\'s, 30 minutes on', () => {
    const dispatched = decideAction(fault, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T15:55:00Z' }, at('2026-12-01T15:56:00Z')).order;
    const arrived = decideAction(dispatched, 'arrive', { arrivedAt: '2026-12-01T16:20:00Z' }, at('2026-12-01T16:21:00Z')).order;
    expect(scheduleChanges(dispatched, arrived)).toEqual({
      create: [{ orderId: '202612-0001-0001.1', milestone: 'causeReport', dueAt: '2026-12-01T16:50:00.000Z' }],
      delete: [{ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T16:35:00.000Z' }],
    });
    const restored = decideAction(arrived, 'restore', { cause: '熔断', result: '更换', restoredAt: '2026-12-01T16:40:00Z' }, at('2026-12-01T16:41:00Z')).order;
    expect(scheduleChanges(arrived, restored)).toEqual({ create: [], delete: clocksOf(arrived) });
  });
});

describe('sla-watch verdicts at exact instants', () => {
  const fault = order('fault_report', '2026-12-01T02:00:00.000Z'); // on site due 02:45Z (10:45 local)

  it('waits until the warning margin, warns inside it, chases once late, and again after the interval', () => {
    expect(clockVerdict(fault, 'crewOnSite', at('2026-12-01T02:34:59Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'not_yet', checkAt: at('2026-12-01T02:35:00Z') });
    // The warning looks again at the limit itself (10:45 local), not 30 minutes on.
    expect(clockVerdict(fault, 'crewOnSite', at('2026-12-01T02:35:00Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'warning', chaseAt: at('2026-12-01T02:35:00Z'), nextCheckAt: at('2026-12-01T02:45:00Z') });
    expect(clockVerdict(fault, 'crewOnSite', at('2026-12-01T02:44:59Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toMatchObject({ kind: 'warning', nextCheckAt: at('2026-12-01T02:45:00Z') });
    expect(clockVerdict(fault, 'crewOnSite', at('2026-12-01T02:45:00Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'late', chaseAt: at('2026-12-01T02:45:00Z'), nextCheckAt: at('2026-12-01T03:15:00Z') });
  });

  it('does nothing once the milestone is met or the order settled', () => {
    const arrived = decideAction(
      decideAction(fault, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:05:00Z' }, at('2026-12-01T02:06:00Z')).order,
      'arrive',
      { arrivedAt: '2026-12-01T02:40:00Z' },
      at('2026-12-01T02:41:00Z'),
    ).order;
    expect(clockVerdict(arrived, 'crewOnSite', at('2026-12-01T02:50:00Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'met' });
    expect(clockVerdict(undefined, 'crewOnSite', at('2026-12-01T02:50:00Z'), always, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'met' });
  });

  it('chases a fault at night (an emergency) but a late answer only when the department\'s day begins', () => {
    // A bill question opened Friday 16:00 local: the answer is due Tuesday 16:00 local (2 working days over the weekend).
    const query = order('information_query', '2026-12-04T08:00:00.000Z');
    expect(query.due).toEqual({ departmentAnswer: '2026-12-08T08:00:00.000Z' });
    // Checked Tuesday 22:00 local: late, chased Wednesday 08:30 local.
    expect(clockVerdict(query, 'departmentAnswer', at('2026-12-08T14:00:00Z'), office, DEFAULT_CLOCK_POLICY, TZ)).toEqual({
      kind: 'late', chaseAt: at('2026-12-09T00:30:00Z'), nextCheckAt: at('2026-12-09T01:00:00Z'),
    });
    const nightFault = order('fault_report', '2026-12-01T15:50:00.000Z');
    expect(clockVerdict(nightFault, 'crewOnSite', at('2026-12-01T16:36:00Z'), office, DEFAULT_CLOCK_POLICY, TZ)).toMatchObject({ kind: 'late', chaseAt: at('2026-12-01T16:36:00Z') });
  });
});

describe('the centre\'s reply to the customer after an answer', () => {
  const query = order('information_query', '2026-12-01T02:00:00.000Z');
  const answeredAt = at('2026-12-01T09:00:00.000Z'); // 17:00 in Shanghai
  const answered = { ...decideAction(query, 'answer', { answer: '已核对' }, answeredAt).order, reply: { noticeId: 'n-1', dueBy: '2026-12-02T09:00:00.000Z' } };

  it('ends the department\'s clocks and starts the centre\'s, due a working day after the answer', () => {
    expect(clocksOf(answered)).toEqual([{ orderId: query.orderId, milestone: 'customerReply', dueAt: '2026-12-02T09:00:00.000Z' }]);
    expect(scheduleChanges(query, answered)).toEqual({ create: clocksOf(answered), delete: clocksOf(query) });
  });

  it('is chased at once when late, even outside the department\'s hours (the centre works round the clock)', () => {
    expect(clockVerdict(answered, 'customerReply', at('2026-12-02T14:00:00Z'), office, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'late', chaseAt: at('2026-12-02T14:00:00Z'), nextCheckAt: at('2026-12-02T14:30:00Z') });
  });
});

describe('working hours', () => {
  it.each([
    ['2026-12-01T00:29:00Z', '2026-12-01T00:30:00Z'], // 08:29 local: at 08:30
    ['2026-12-01T00:30:00Z', '2026-12-01T00:30:00Z'], // 08:30: now
    ['2026-12-01T09:29:59Z', '2026-12-01T09:29:59Z'], // 17:29:59: now
    ['2026-12-01T09:30:00Z', '2026-12-02T00:30:00Z'], // 17:30: tomorrow 08:30
    ['2026-12-01T15:59:00Z', '2026-12-02T00:30:00Z'], // 23:59: tomorrow 08:30
    ['2026-12-01T16:00:00Z', '2026-12-02T00:30:00Z'], // 00:00 the next day: that morning
  ])('%s -> %s', (now, expected) => {
    expect(nextWorkingInstant(at(now), weekdays, TZ)).toEqual(at(expected));
  });
});
