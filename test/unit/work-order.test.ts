import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { dueInstants } from '../../functions/tickets/sla';
import type { Ticket, TicketType } from '../../functions/tickets/ticket';
import { WorkOrderInputError, WorkOrderStateError } from '../../functions/workorders/errors';
import { DEFAULT_ROUTING, readRoutingConfig, routeTicket } from '../../functions/workorders/routing';
import { decideAction, isRepeat, openWorkOrder } from '../../functions/workorders/work-order';
import { noticeRenderer } from '../../functions/outbound/render';

const calendar = new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] });
const OPENED = '2026-12-01T02:00:00.000Z'; // Tuesday 10:00 in Shanghai
const at = (iso: string) => new Date(iso);

function ticket(type: TicketType): Ticket {
  return {
    ticketId: '202612-0001-0001', type, status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800000101', summary: '...',
    createdAt: OPENED, updatedAt: OPENED, due: dueInstants({ type, openedAt: at(OPENED), calendar }), confidential: type === 'whistleblowing_report',
  };
}

describe('routing', () => {
  it.each([
    [{ type: 'fault_report', area: 'HZ-XIHU' }, 'repair-HZ-XIHU'],
    [{ type: 'fault_report', area: 'HZ-XIHU', triage: 'emergency' }, 'repair-HZ-XIHU'],
    [{ type: 'fault_report', area: 'HZ-XIHU', triage: 'customer_side' }, 'business'],
    [{ type: 'fault_report', area: 'SOMEWHERE-ELSE' }, 'repair-dispatch'],
    [{ type: 'fault_report' }, 'repair-dispatch'],
    [{ type: 'information_query', area: 'HZ-XIHU' }, 'billing'],
    [{ type: 'consultation' }, 'expert-group'],
    [{ type: 'complaint' }, 'business'],
    [{ type: 'service_application' }, 'business'],
    [{ type: 'whistleblowing_report' }, 'discipline-office'],
    [{ type: 'suggestion_praise' }, undefined],
  ] as const)('%o goes to %s', (input, expected) => {
    expect(routeTicket(DEFAULT_ROUTING, input)).toBe(expected);
  });

  it('refuses a stage config whose rule names an unknown department', () => {
    const config = { ...DEFAULT_ROUTING, rules: [{ type: 'complaint', departmentId: 'nobody' }] };
    expect(() => readRoutingConfig({ ROUTING_CONFIG: JSON.stringify(config) })).toThrow(/unknown departments: nobody/);
  });
});

describe('work order actions', () => {
  const fault = openWorkOrder(ticket('fault_report'), 'repair-HZ-XIHU', 'HZ-XIHU');
  const dispatch = { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:05:00Z' };

  it('opens a fault order with the crew-on-site clock (urban 45 min)', () => {
    expect(fault).toMatchObject({ orderId: '202612-0001-0001.1', state: 'open', due: { crewOnSite: '2026-12-01T02:45:00.000Z' } });
  });

  it('sets the cause report due exactly 30 minutes after the arrival, and clears the arrival clock', () => {
    const dispatched = decideAction(fault, 'dispatch', dispatch, at('2026-12-01T02:06:00Z')).order;
    const arrived = decideAction(dispatched, 'arrive', { arrivedAt: '2026-12-01T10:40:00+08:00' }, at('2026-12-01T02:41:00Z'));
    expect(arrived.order.due).toEqual({ causeReport: '2026-12-01T03:10:00.000Z' });
    expect(arrived.ticketStatus).toBe('in_progress');
    expect(decideAction(arrived.order, 'cause', { cause: '熔丝熔断', expectedFixAt: '2026-12-01T04:00:00Z' }, at('2026-12-01T02:50:00Z')).order.due).toEqual({});
  });

  it('refuses an action in the wrong state with the current state', () => {
    const error = (() => {
      try {
        decideAction(fault, 'arrive', { arrivedAt: '2026-12-01T02:30:00Z' }, at('2026-12-01T02:31:00Z'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WorkOrderStateError);
    expect(error).toMatchObject({ state: 'open' });
  });

  it.each([
    [{ ...dispatch, phone: undefined }, 'phone'],
    [{ ...dispatch, crewLeader: '  ' }, 'crewLeader'],
    [{ ...dispatch, departedAt: '2026-12-01 02:05' }, 'departedAt'],
    [{ ...dispatch, departedAt: '2026-12-01T02:07:00Z' }, 'departedAt'], // after now: in the future
    [{ ...dispatch, departedAt: '2026-12-01T01:59:59Z' }, 'departedAt'], // before the ticket opened
  ])('refuses %o naming %s', (input, field) => {
    expect(() => decideAction(fault, 'dispatch', input, at('2026-12-01T02:06:00Z'))).toThrow(expect.objectContaining({ field }));
    expect(() => decideAction(fault, 'dispatch', input, at('2026-12-01T02:06:00Z'))).toThrow(WorkOrderInputError);
  });

  it('knows a repeat once the action is recorded', () => {
    const dispatched = decideAction(fault, 'dispatch', dispatch, at('2026-12-01T02:06:00Z')).order;
    expect(isRepeat(fault, 'dispatch')).toBe(false);
    expect(isRepeat(dispatched, 'dispatch')).toBe(true);
  });

  it('extends a complaint once, to 4 working days after it opened, across the weekend', () => {
    // Opened Thursday 10:00: 2 working days is Monday, 4 is Wednesday.
    const opened = '2026-12-03T02:00:00.000Z';
    const complaint = openWorkOrder({ ...ticket('complaint'), createdAt: opened, due: dueInstants({ type: 'complaint', openedAt: at(opened), calendar }) }, 'business');
    expect(complaint.due).toEqual({ departmentAnswer: '2026-12-07T02:00:00.000Z' });
    const extended = decideAction(complaint, 'extend', { reason: '需要现场核查' }, at('2026-12-04T02:00:00Z')).order;
    expect(extended).toMatchObject({ state: 'open', due: { departmentAnswer: '2026-12-09T02:00:00.000Z' } });
    expect(isRepeat(extended, 'extend')).toBe(true);
  });

  it('lets only a complaint be extended, and only a whistleblowing order take a result', () => {
    const query = openWorkOrder(ticket('information_query'), 'billing');
    expect(() => decideAction(query, 'extend', { reason: 'x' }, at('2026-12-01T03:00:00Z'))).toThrow(WorkOrderStateError);
    expect(() => decideAction(query, 'result', { result: 'x', finished: true }, at('2026-12-01T03:00:00Z'))).toThrow(WorkOrderStateError);
    const report = openWorkOrder(ticket('whistleblowing_report'), 'discipline-office');
    expect(report.due).toEqual({ investigationResult: '2026-12-14T02:00:00.000Z' });
    expect(decideAction(report, 'result', { result: '调查中', finished: false }, at('2026-12-02T02:00:00Z')).order.state).toBe('result_reported');
  });

  it('sends an order back only while it is open, with a reason', () => {
    expect(() => decideAction(fault, 'send_back', {}, at('2026-12-01T02:06:00Z'))).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(decideAction(fault, 'send_back', { reason: '不在本班辖区' }, at('2026-12-01T02:06:00Z')).order).toMatchObject({ state: 'sent_back', due: {} });
  });
});

describe('texts to the reporter', () => {
  const reporter = { phone: '+8613800000101', language: 'en' as const, accountNumber: '3300000101', important: false, customerType: 'residential' as const };

  it('renders the dispatch apology and plan in the reporter\'s language, with local times', () => {
    const order = openWorkOrder(ticket('fault_report'), 'repair-HZ-XIHU', 'HZ-XIHU', reporter);
    const { notices } = decideAction(order, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:05:00Z' }, at('2026-12-01T02:06:00Z'));
    expect(notices.map(noticeRenderer({ utilityName: 'Hangzhou' }))).toEqual([
      'Hello, the Hangzhou power supply 95598 service line with your repair update. A repair crew for your fault report (ticket 202612-0001-0001) left at 12-01 10:05 and should be on site by 12-01 10:45. We apologise for the inconvenience.',
    ]);
  });

  it('relays a query\'s answer, but not a complaint\'s result or anything without a reporter', () => {
    const query = openWorkOrder({ ...ticket('information_query') }, 'billing', undefined, { ...reporter, language: 'zh-CN' });
    const answered = decideAction(query, 'answer', { answer: '本月为阶梯电价第二档' }, at('2026-12-01T03:00:00Z'));
    expect(answered.notices.map(noticeRenderer({ utilityName: '杭州' }))).toEqual(['您好，杭州供电公司95598服务热线为您送达工单答复。关于您的工单202612-0001-0001，答复如下：本月为阶梯电价第二档']);
    expect(decideAction(openWorkOrder(ticket('complaint'), 'business', undefined, reporter), 'answer', { answer: 'x' }, at('2026-12-01T03:00:00Z')).notices).toEqual([]);
    expect(decideAction(openWorkOrder(ticket('information_query'), 'billing'), 'answer', { answer: 'x' }, at('2026-12-01T03:00:00Z')).notices).toEqual([]);
  });
});
