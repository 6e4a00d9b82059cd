import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { DynamoChaseLists } from '../../functions/clocks/adapters/dynamo-chases';
import * as keys from '../../functions/shared/keys';
import { INDEX } from '../../functions/shared/table-design';
import { useTimeSource } from '../../functions/shared/time';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { dueInstants } from '../../functions/tickets/sla';
import type { Ticket, TicketType } from '../../functions/tickets/ticket';
import { DynamoWorkOrders } from '../../functions/workorders/adapters/dynamo-work-orders';
import { decideAction, openWorkOrder, type WorkOrder } from '../../functions/workorders/work-order';
import { workOrderItem } from '../../functions/workorders/work-order-item';
import { recordAction } from '../../functions/workorders/work-order-actions';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// sla-watch and the sweep on DynamoDB Local; Scheduler and SQS mocked at the SDK boundary; time injected (shared/time.ts).
const schedulerMock = mockClient(SchedulerClient);
const sqsMock = mockClient(SQSClient);
const GROUP = 'hotline-test-clocks';
const QUEUE_ARN = 'arn:aws:sqs:ap-southeast-1:111122223333:sla-watch';
const QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/sla-watch';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/clock-scheduler';
const TZ = 'Asia/Shanghai';
const context = (name: string) => ({ functionName: name, awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 }) as unknown as Context;
const calendar = new WorkingCalendar({ timeZone: TZ, years: [], fixedDateHolidays: [] });

let setup: Awaited<ReturnType<typeof freshTable>>;
let chases: DynamoChaseLists;
let orders: DynamoWorkOrders;
let slaWatch: (event: unknown, context: Context) => Promise<SQSBatchResponse>;
let sweep: (event: unknown, context: Context) => Promise<{ looked: number; sent: number }>;
let clockNow = new Date('2026-12-01T02:00:00.000Z');
let seq = 0;

async function seedOrder(type: TicketType, opened: string, departmentId: string, fields: Partial<Ticket> = {}): Promise<WorkOrder> {
  const ticketId = `202612-0001-${String(++seq).padStart(4, '0')}`;
  const ticket: Ticket = {
    ticketId, type, status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800000101', summary: '停电了', createdAt: opened, updatedAt: opened,
    due: dueInstants({ type, openedAt: new Date(opened), calendar }), confidential: false, ...fields,
  };
  const order = openWorkOrder(ticket, departmentId);
  await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.ticket(ticketId), ...ticket } }));
  await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: workOrderItem(order) }));
  return order;
}

function firing(order: WorkOrder, milestone: string, checkAt?: string) {
  const event = loadEvent<{ Records: { messageId: string; body: string }[] }>('sqs/sla-watch-clock.json');
  event.Records[0]!.messageId = `m-${++seq}`;
  event.Records[0]!.body = JSON.stringify({ orderId: order.orderId, milestone, dueAt: order.due[milestone], ...(checkAt ? { checkAt } : {}) });
  return event;
}

async function timeline(ticketId: string) {
  const { Items = [] } = await setup.doc.send(new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': keys.ticketPartition(ticketId), ':e': 'EVENT#' } }));
  return Items;
}

async function noticesOf(orderId: string) {
  const { Items = [] } = await setup.doc.send(
    new QueryCommand({ TableName: setup.tableName, IndexName: INDEX.byCustomerOrFeeder, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.noticesBySource('work_order', orderId, '').gsi1pk } }),
  );
  return Items;
}

const at = (iso: string) => (clockNow = new Date(iso));
const looksAsked = () => schedulerMock.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);

beforeAll(async () => {
  setup = await freshTable('sla-watch');
  chases = new DynamoChaseLists(setup.doc, setup.tableName);
  orders = new DynamoWorkOrders(setup.doc, setup.tableName);
  useTimeSource(() => clockNow);
  stubFunctionEnvironment(setup, { CLOCK_SCHEDULE_GROUP: GROUP, SLA_WATCH_QUEUE_ARN: QUEUE_ARN, SLA_WATCH_QUEUE_URL: QUEUE_URL, CLOCK_SCHEDULER_ROLE_ARN: ROLE_ARN, TIME_ZONE: TZ });
  ({ handler: slaWatch } = await import('../../functions/clocks/handlers/sla-watch'));
  ({ handler: sweep } = await import('../../functions/clocks/handlers/clock-sweep'));
});

afterAll(() => {
  useTimeSource(() => new Date());
  vi.unstubAllEnvs();
});

beforeEach(() => {
  schedulerMock.reset();
  schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe('sla-watch: a fault\'s crew is not on site', () => {
  let order: WorkOrder;
  beforeAll(async () => {
    order = await seedOrder('fault_report', '2026-12-01T02:00:00.000Z', 'repair-HZ-XIHU'); // 10:00 Shanghai, on site by 10:45
  });

  it('inside the warning margin chases the desk\'s duty contact at once, on the timeline and the lead\'s list, and looks again at the limit', async () => {
    at('2026-12-01T02:35:00.000Z');
    expect(await slaWatch(firing(order, 'crewOnSite'), context('sla-watch'))).toEqual({ batchItemFailures: [] });

    const [chase, ...more] = await chases.forDay('2026-12-01', { confidential: false, limit: 10 });
    expect(more).toEqual([]);
    expect(chase).toMatchObject({ orderId: order.orderId, departmentId: 'repair-HZ-XIHU', milestone: 'crewOnSite', verdict: 'warning', n: 1, sendAt: '2026-12-01T02:35:00.000Z', nextCheckAt: '2026-12-01T02:45:00.000Z' });
    expect((await timeline(order.ticketId)).filter((e) => e.kind === 'chase').map((e) => e.text)).toEqual([
      "crewOnSite due soon (due 2026-12-01T02:45:00.000Z): chase 1 to repair-HZ-XIHU's duty contact, text from 2026-12-01T02:35:00.000Z",
    ]);
    const [notice] = await noticesOf(order.orderId);
    expect(notice).toMatchObject({ template: 'department_chase', to: '+8613900000101', quietHours: 'outage', important: true, notBefore: '2026-12-01T02:35:00.000Z', status: 'pending', params: { verdict: 'warning', n: 1, dueText: '12-01 10:45' } });
    expect(looksAsked()).toEqual([
      expect.objectContaining({ Name: `${order.orderId}_crewOnSite_r20261201T024500Z`, GroupName: GROUP, ScheduleExpression: 'at(2026-12-01T02:45:00)', ActionAfterCompletion: 'DELETE', Target: expect.objectContaining({ Arn: QUEUE_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ orderId: order.orderId, milestone: 'crewOnSite', dueAt: order.due.crewOnSite, checkAt: '2026-12-01T02:45:00.000Z' }) }) }),
    ]);
  });

  it('a redelivered firing chases nothing twice (the same look is asked for again, a no-op at Scheduler)', async () => {
    at('2026-12-01T02:35:40.000Z');
    await slaWatch(firing(order, 'crewOnSite'), context('sla-watch'));
    expect(await chases.forDay('2026-12-01', { confidential: false, limit: 10 })).toHaveLength(1);
    expect(await noticesOf(order.orderId)).toHaveLength(1);
    expect(looksAsked().map((l) => l?.Name)).toEqual([`${order.orderId}_crewOnSite_r20261201T024500Z`]);
  });

  it('the look at the limit chases again as late; after the crew arrives the next look chases nothing', async () => {
    at('2026-12-01T02:45:00.000Z');
    await slaWatch(firing(order, 'crewOnSite', '2026-12-01T02:45:00.000Z'), context('sla-watch'));
    const list = await chases.forDay('2026-12-01', { confidential: false, limit: 10 });
    expect(list.map((c) => [c.n, c.verdict])).toEqual([[2, 'late'], [1, 'warning']]);

    const current = (await orders.get(order.orderId))!;
    const dispatched = decideAction(current, 'dispatch', { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:46:00Z' }, at('2026-12-01T02:47:00.000Z'));
    await orders.record(current, dispatched, { at: dispatched.order.updatedAt, kind: 'work_order', ref: 'd', text: 'dispatch' });
    const arrived = decideAction(dispatched.order, 'arrive', { arrivedAt: '2026-12-01T03:20:00Z' }, at('2026-12-01T03:21:00.000Z'));
    await orders.record(dispatched.order, arrived, { at: arrived.order.updatedAt, kind: 'work_order', ref: 'a', text: 'arrive' });

    at('2026-12-01T03:15:00.000Z');
    schedulerMock.reset();
    await slaWatch(firing(order, 'crewOnSite', '2026-12-01T03:15:00.000Z'), context('sla-watch'));
    expect(await chases.forDay('2026-12-01', { confidential: false, limit: 10 })).toHaveLength(2);
    expect(schedulerMock.calls()).toHaveLength(0);
  });
});

describe('sla-watch: the centre\'s reply to the customer (1 working day after a department\'s answer)', () => {
  it('chases a reply whose text has not gone by its limit on the shift lead\'s list (no text to the department), and stops once it has gone', async () => {
    const seeded = await seedOrder('information_query', '2026-12-01T02:00:00.000Z', 'billing', { openedBy: '+8613800000202' });
    const reporter = { phone: '+8613800000202', language: 'zh-CN' as const, important: false, customerType: 'residential' as const };
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: workOrderItem({ ...seeded, reporter }) }));
    // Billing answers Tuesday 11:00 (Shanghai): the customer's reply is due Wednesday 11:00.
    at('2026-12-01T03:00:00.000Z');
    const { order: answered } = await recordAction({ ...seeded, reporter }, 'answer', { answer: '您的电费已核对无误' }, { store: orders, now: () => clockNow, replyDueAfter: (a) => calendar.addWorkingDays(a, 1) });
    expect(answered.reply).toEqual({ noticeId: `work_order#${seeded.orderId}#department_answer#anonymous#sms`, dueBy: '2026-12-02T03:00:00.000Z' });
    const replyFiring = (checkAt?: string) => {
      const event = firing(answered, 'departmentAnswer');
      event.Records[0]!.body = JSON.stringify({ orderId: answered.orderId, milestone: 'customerReply', dueAt: answered.reply!.dueBy, ...(checkAt ? { checkAt } : {}) });
      return event;
    };

    // The text is still waiting (say the dispatcher is behind) when the limit passes: the lead's list, not billing's phone.
    at('2026-12-02T03:00:00.000Z');
    await slaWatch(replyFiring(), context('sla-watch'));
    const chased = (await chases.forDay('2026-12-02', { confidential: false, limit: 50 })).filter((c) => c.orderId === answered.orderId);
    expect(chased).toEqual([expect.objectContaining({ milestone: 'customerReply', verdict: 'late', n: 1, sendAt: '2026-12-02T03:00:00.000Z' })]);
    expect(chased[0]).not.toHaveProperty('noticeId');
    expect((await chases.forDepartment('billing', 50)).filter((c) => c.orderId === answered.orderId)).toEqual([]);
    expect((await noticesOf(answered.orderId)).map((n) => n.template)).toEqual(['department_answer']);
    expect((await timeline(answered.ticketId)).find((e) => e.kind === 'chase')?.text).toContain("customerReply late (due 2026-12-02T03:00:00.000Z): the reply has not reached the customer; chase 1 on the shift lead's list");
    expect(looksAsked().map((l) => l?.Name)).toEqual([`${answered.orderId}_customerReply_r20261202T033000Z`]);

    // The text goes: the next look finds the reply met, chases nothing and asks for no further look.
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.notice(answered.reply!.noticeId), UpdateExpression: 'SET #s = :sent', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':sent': 'sent' } }));
    at('2026-12-02T03:30:00.000Z');
    schedulerMock.reset();
    await slaWatch(replyFiring('2026-12-02T03:30:00.000Z'), context('sla-watch'));
    expect((await chases.forDay('2026-12-02', { confidential: false, limit: 50 })).filter((c) => c.orderId === answered.orderId)).toHaveLength(1);
    expect(schedulerMock.calls()).toHaveLength(0);
  });
});

describe('sla-watch: departments at work and not', () => {
  it('a billing answer late at 22:00 chases billing\'s duty contact at 08:30 the next morning, in quiet-hours rules for reminders', async () => {
    const order = await seedOrder('information_query', '2026-11-27T02:00:00.000Z', 'billing'); // Friday 10:00: answer due Tuesday 10:00
    expect(order.due.departmentAnswer).toBe('2026-12-01T02:00:00.000Z');
    at('2026-12-01T14:00:00.000Z'); // Tuesday 22:00 in Shanghai
    await slaWatch(firing(order, 'departmentAnswer'), context('sla-watch'));
    const [chase] = await chases.forDepartment('billing', 10);
    expect(chase).toMatchObject({ verdict: 'late', sendAt: '2026-12-02T00:30:00.000Z', nextCheckAt: '2026-12-02T01:00:00.000Z' });
    expect(await noticesOf(order.orderId)).toEqual([expect.objectContaining({ to: '+8613900000201', quietHours: 'reminder', important: false, notBefore: '2026-12-02T00:30:00.000Z' })]);
  });

  it('a whistleblowing report\'s chase is on the discipline office\'s list only, never the day\'s', async () => {
    const order = await seedOrder('whistleblowing_report', '2026-11-18T02:00:00.000Z', 'discipline-office', { confidential: true });
    at(new Date(Date.parse(order.due.investigationResult!) + 60_000).toISOString());
    await slaWatch(firing(order, 'investigationResult'), context('sla-watch'));
    const day = clockNow.toISOString().slice(0, 10);
    expect((await chases.forDay(day, { confidential: false, limit: 50 })).filter((c) => c.orderId === order.orderId)).toEqual([]);
    expect((await chases.forDepartment('discipline-office', 10)).map((c) => c.orderId)).toEqual([order.orderId]);
    expect((await timeline(order.ticketId)).find((e) => e.kind === 'chase')?.text).not.toContain('停电了');
  });

  it('a message that is not a clock is a batch item failure (to the DLQ after its retries), the others still looked at', async () => {
    const order = await seedOrder('fault_report', '2026-12-01T05:00:00.000Z', 'repair-HZ-XIHU');
    at('2026-12-01T05:20:00.000Z'); // before the margin: look again at 05:35
    const good = firing(order, 'crewOnSite');
    const event = { Records: [{ ...good.Records[0]!, messageId: 'bad', body: '{"orderId":"x"}' }, good.Records[0]!] };
    expect(await slaWatch(event, context('sla-watch'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(looksAsked()).toEqual([expect.objectContaining({ ScheduleExpression: 'at(2026-12-01T05:35:00)' })]);
  });
});

describe('clock-sweep: the safety net under lost schedules', () => {
  it('sends sla-watch the clock whose schedule was lost, and only that one; sla-watch then chases it', async () => {
    const lost = await seedOrder('fault_report', '2026-12-02T02:00:00.000Z', 'repair-HZ-BINJIANG'); // due 02:45, first look 02:35
    const notYet = await seedOrder('fault_report', '2026-12-02T02:30:00.000Z', 'repair-HZ-BINJIANG'); // first look 03:05
    const chased = await seedOrder('fault_report', '2026-12-02T02:01:00.000Z', 'repair-HZ-BINJIANG');
    at('2026-12-02T02:36:00.000Z');
    await slaWatch(firing(chased, 'crewOnSite'), context('sla-watch')); // its schedule fired: chased, next look at its limit, 02:46

    at('2026-12-02T02:50:00.000Z'); // the lost clock's look is 15 minutes overdue
    await sweep({}, context('clock-sweep'));
    // Earlier tests' clocks on this table lost their looks too (Scheduler is mocked): only this desk's three are the case here.
    const sent = sqsMock.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []).filter((e) => [lost, notYet, chased].some((o) => e.MessageBody!.includes(o.orderId)));
    expect(sent.map((e) => JSON.parse(e.MessageBody!))).toEqual([{ orderId: lost.orderId, milestone: 'crewOnSite', dueAt: lost.due.crewOnSite, checkAt: '2026-12-02T02:50:00.000Z' }]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl)).toContain(QUEUE_URL);

    await slaWatch({ Records: [{ ...firing(lost, 'crewOnSite').Records[0]!, body: sent[0]!.MessageBody! }] }, context('sla-watch'));
    expect((await chases.forDepartment('repair-HZ-BINJIANG', 10)).map((c) => [c.orderId, c.verdict])).toEqual([
      [lost.orderId, 'late'],
      [chased.orderId, 'warning'],
    ]);
    // Five minutes on: the lost one, chased now, is left to its next look (03:20); the other's look at 02:46 never fired (Scheduler is mocked), so the sweep sends it.
    sqsMock.resetHistory();
    at('2026-12-02T02:55:00.000Z');
    await sweep({}, context('clock-sweep'));
    const again = sqsMock.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(again.filter((e) => [lost, notYet, chased].some((o) => e.MessageBody!.includes(o.orderId))).map((e) => JSON.parse(e.MessageBody!).orderId)).toEqual([chased.orderId]);
  });
});
