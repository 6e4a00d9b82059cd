import { describe, expect, it } from 'vitest';
import { planChase } from '../../functions/clocks/chase';
import { clockVerdict, DEFAULT_CLOCK_POLICY } from '../../functions/clocks/clock';
import { noticeRenderer } from '../../functions/outbound/render';
import { FIXED_DATE_HOLIDAYS, WorkingCalendar } from '../../functions/tickets/calendar';
import { dueInstants } from '../../functions/tickets/sla';
import type { Ticket, TicketType } from '../../functions/tickets/ticket';
import { openWorkOrder } from '../../functions/workorders/work-order';
import { durationMs } from '../../local/clocks';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
// A year not loaded: weekends plus the fixed-date holidays (1-3 October).
const calendar = new WorkingCalendar({ timeZone: TZ, years: [], fixedDateHolidays: FIXED_DATE_HOLIDAYS });
const billing = { departmentId: 'billing', dutyContact: '+8613900000201', workingHours: { from: '08:30', to: '17:30' } };

function order(type: TicketType, opened: string, confidential = false) {
  const ticket: Ticket = {
    ticketId: '300930-0001-0001', type, status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800000101', summary: '电费为什么这么高',
    createdAt: opened, updatedAt: opened, due: dueInstants({ type, openedAt: at(opened), calendar }), confidential,
  };
  return openWorkOrder(ticket, type === 'fault_report' ? 'repair-HZ-XIHU' : 'billing');
}

describe('clocks across the National Day holiday, at exact instants', () => {
  // Monday 30 September 2030, 10:00 local: 1-3 October are holidays, 5-6 the weekend; 2 working days end Monday 7 October 10:00.
  const query = order('information_query', '2030-09-30T02:00:00.000Z');

  it('counts the answer\'s 2 working days over the holiday and the weekend', () => {
    expect(query.due.departmentAnswer).toBe('2030-10-07T02:00:00.000Z');
  });

  it('is quiet through the holiday, warns at 09:50 on the Monday, and looks again at 10:00', () => {
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-03T02:00:00Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'not_yet', checkAt: at('2030-10-07T01:50:00Z') });
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-07T01:49:59.999Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toMatchObject({ kind: 'not_yet' });
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-07T01:50:00Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'warning', chaseAt: at('2030-10-07T01:50:00Z'), nextCheckAt: at('2030-10-07T02:00:00Z') });
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-07T02:00:00Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'late', chaseAt: at('2030-10-07T02:00:00Z'), nextCheckAt: at('2030-10-07T02:30:00Z') });
  });

  it('late after the desk\'s day (17:30) is chased at 08:30 the next morning, across midnight', () => {
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-07T09:30:00Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toEqual({ kind: 'late', chaseAt: at('2030-10-08T00:30:00Z'), nextCheckAt: at('2030-10-08T01:00:00Z') });
    expect(clockVerdict(query, 'departmentAnswer', at('2030-10-07T16:00:00Z'), billing, DEFAULT_CLOCK_POLICY, TZ)).toMatchObject({ chaseAt: at('2030-10-08T00:30:00Z') });
  });
});

describe('planChase: what one chase writes', () => {
  const fault = order('fault_report', '2026-12-01T15:50:00.000Z'); // 23:50 local: on site by 00:35
  const clock = { orderId: fault.orderId, milestone: 'crewOnSite', dueAt: fault.due.crewOnSite! };
  const xihu = { departmentId: 'repair-HZ-XIHU', dutyContact: '+8613900000101', dutyLanguage: 'zh-CN' as const };

  it('texts a fault\'s duty contact at any hour, on the priority lane, the n-th chase after the state it read', () => {
    const plan = planChase({
      order: fault, clock, department: xihu, previous: { ...clock, chases: 1, nextCheckAt: '2026-12-01T16:35:00.000Z' },
      verdict: 'late', sendAt: at('2026-12-01T16:35:00Z'), nextCheckAt: at('2026-12-01T17:05:00Z'), now: at('2026-12-01T16:35:00Z'), timeZone: TZ,
    });
    expect(plan.chase).toMatchObject({ chaseId: `${fault.orderId}#crewOnSite#2`, n: 2, verdict: 'late', confidential: false });
    expect(plan.state).toEqual({ ...clock, chases: 2, lastChasedAt: '2026-12-01T16:35:00.000Z', nextCheckAt: '2026-12-01T17:05:00.000Z' });
    expect(plan.notice).toMatchObject({ noticeId: `work_order#${fault.orderId}#department_chase-crewOnSite-2#duty#sms`, to: '+8613900000101', quietHours: 'outage', important: true, notBefore: '2026-12-01T16:35:00.000Z' });
    expect(noticeRenderer({ utilityName: '杭州' })(plan.notice!)).toBe(
      `您好，杭州供电公司95598服务热线为您送达工单催办通知。催办：工单${fault.orderId}（抢修人员到达现场）已超过时限（时限12-02 00:35），请尽快处理并在系统中反馈。第2次催办。`,
    );
    expect(JSON.stringify(plan)).not.toContain(fault.summary);
  });

  it('texts the duty contact in the language the routing gives, and in English where it gives none', () => {
    const plan = (department: { departmentId: string; dutyContact: string; dutyLanguage?: 'zh-CN' | 'en' }) =>
      planChase({ order: fault, clock, department, verdict: 'warning', sendAt: at('2026-12-01T16:25:00Z'), nextCheckAt: at('2026-12-01T16:35:00Z'), now: at('2026-12-01T16:25:00Z'), timeZone: TZ }).notice;
    const english = `Hello, the Hangzhou power supply 95598 service line with your work order chase. Chase: work order ${fault.orderId} (crew on site) is due soon (due 12-02 00:35). Please act and record it in the system. Chase 1.`;
    expect(noticeRenderer({ utilityName: 'Hangzhou' })(plan({ ...xihu, dutyLanguage: 'en' })!)).toBe(english);
    const { dutyLanguage: _none, ...unknown } = xihu;
    expect(plan(unknown)!.language).toBe('en');
    expect(plan(xihu)!.language).toBe('zh-CN');
  });

  it('an answer\'s chase waits for the reminder quiet hours and is not on the priority lane', () => {
    const query = order('information_query', '2030-09-30T02:00:00.000Z');
    const plan = planChase({
      order: query, clock: { orderId: query.orderId, milestone: 'departmentAnswer', dueAt: query.due.departmentAnswer! }, department: billing,
      verdict: 'late', sendAt: at('2030-10-08T00:30:00Z'), nextCheckAt: at('2030-10-08T01:00:00Z'), now: at('2030-10-07T16:00:00Z'), timeZone: TZ,
    });
    expect(plan.notice).toMatchObject({ quietHours: 'reminder', important: false, notBefore: '2030-10-08T00:30:00.000Z' });
    expect(plan.entry).toMatchObject({ kind: 'chase', ref: `${query.orderId}#departmentAnswer#1` });
  });
});

describe('POST /local/clock durations (ISO-8601)', () => {
  it.each([
    ['PT50M', 3_000_000],
    ['PT30M', 1_800_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 1_209_600_000],
    ['PT1.5S', 1500],
  ])('%s is %i ms', (text, ms) => expect(durationMs(text)).toBe(ms));

  it.each(['50 minutes', 'P', 'PT', 'PT0S', '-PT5M', 'pt50m', 50, undefined])('refuses %s', (text) => expect(durationMs(text)).toBeUndefined());
});
