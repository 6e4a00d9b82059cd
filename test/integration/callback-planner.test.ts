import { StartTaskContactCommand, ConnectClient } from '@aws-sdk/client-connect';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoCallbacks } from '../../functions/callbacks/adapters/dynamo-callbacks';
import type { Callback } from '../../functions/callbacks/callback';
import { DEFAULT_CALLBACK_WINDOWS, isLegalCallTime } from '../../functions/callbacks/windows';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import type { Customer } from '../../functions/customers/customer';
import type { Outage } from '../../functions/outages/outage';
import * as keys from '../../functions/shared/keys';
import { seedCalendar } from '../../functions/tickets/seed-calendar';
import type { WorkOrder } from '../../functions/workorders/work-order';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { emfLinesDuring } from '../support/emf';

// Restored Tuesday 1 December 2026, 15:00 in Shanghai; the planner runs a minute later.
const RESTORED = '2026-12-01T07:00:00.000Z';
const NOW = new Date('2026-12-01T07:01:00.000Z');
const context = { functionName: 'callback-planner', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const connectMock = mockClient(ConnectClient);
const calendar = seedCalendar();

// 120 reporters over three feeders (80, 30, 10), a quarter of them businesses.
const customers: Customer[] = Array.from({ length: 120 }, (_, i) => {
  const feeder = i < 80 ? 'HZ-XIHU-F01' : i < 110 ? 'HZ-XIHU-F02' : 'HZ-XIHU-F03';
  return {
    accountNumber: `33100${String(i).padStart(5, '0')}`, name: `客户${i}`, phones: [`+861380010${String(i).padStart(4, '0')}`], address: '杭州市西湖区文三路1号', area: 'HZ-XIHU',
    feeder, transformer: `${feeder}-T${i % 7}`, important: false, customerType: i % 4 === 0 ? 'business' : 'residential', language: 'zh-CN',
  };
});
const outage: Outage = { outageId: 'OUT-CB-1', kind: 'unplanned', areas: [], feeders: ['HZ-XIHU-F01', 'HZ-XIHU-F02', 'HZ-XIHU-F03'], cause: { 'zh-CN': '电缆故障', en: 'cable fault' }, etr: RESTORED, declaredAt: '2026-12-01T03:00:00.000Z', status: 'restored', restoredAt: RESTORED };

let setup: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoCallbacks;
let handler: (event: unknown, context: Context) => Promise<{ planned: number; tasks: number }>;

const record = (item: Record<string, unknown>) => ({ eventName: 'MODIFY', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } });
const stream = (...items: Record<string, unknown>[]) => handler({ Records: items.map(record) }, context);
const itemOf = async (callback: Callback) => (await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.callback(callback.callbackId) }))).Item as Record<string, unknown>;

function order(overrides: Partial<WorkOrder>): WorkOrder {
  return {
    orderId: '261201-0000-0001.1', ticketId: '261201-0000-0001', departmentId: 'repair-HZ-XIHU', ticketType: 'fault_report', state: 'restored', ticketOpenedAt: '2026-12-01T02:00:00.000Z',
    createdAt: '2026-12-01T02:00:00.000Z', updatedAt: RESTORED, due: {}, owed: {}, confidential: false, summary: '停电',
    reporter: { phone: '+8613800009999', language: 'zh-CN', accountNumber: '3310000999', important: false, customerType: 'residential' },
    record: { restore: { cause: '熔丝', result: '更换', restoredAt: RESTORED, recordedAt: RESTORED } }, version: 5, ...overrides,
  };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  setup = await freshTable('callback-planner');
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers(customers);
  await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.outage(outage.outageId), ...outage } }));
  // Every customer reported, some twice (an SMS and a call): one callback each at most.
  for (const [i, c] of customers.entries()) {
    for (const channel of i % 10 === 0 ? ['sms', 'voice'] : ['sms']) {
      const contactKey = `${channel}#r-${i}`;
      await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.outageReport(outage.outageId, contactKey), contactKey, sender: `PHONE#${c.phones[0]}`, accountNumber: c.accountNumber, language: 'zh-CN' } }));
    }
  }
  connectMock.on(StartTaskContactCommand).callsFake((input: { ClientToken: string }) => ({ ContactId: `task-${input.ClientToken}` }));
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/1/rejected', CONNECT_INSTANCE_ID: 'instance-1', CALLBACK_TASK_TEMPLATE_ID: 'template-1', CALLBACK_TASK_RATE: '50', TIME_ZONE: 'Asia/Shanghai', CALENDAR_CACHE_SECONDS: '0' });
  store = new DynamoCallbacks(setup.doc, setup.tableName, 'Asia/Shanghai');
  ({ handler } = await import('../../functions/callbacks/handlers/callback-planner'));
});

afterAll(() => vi.useRealTimers());

describe('a restored outage', () => {
  let planned: Callback[];

  it('plans 5% of its reporters (6 of 120), every feeder covered, each in a legal window', async () => {
    expect(await stream({ ...keys.outage(outage.outageId), ...outage })).toEqual({ planned: 6, tasks: 0 });
    planned = await store.ofSource('outage', outage.outageId);
    expect(planned).toHaveLength(6);
    expect(new Set(planned.map((c) => c.feeder))).toEqual(new Set(['HZ-XIHU-F01', 'HZ-XIHU-F02', 'HZ-XIHU-F03']));
    expect(new Set(planned.map((c) => c.accountNumber)).size).toBe(6);
    for (const c of planned) {
      expect(isLegalCallTime(c.customerType, new Date(c.window.start), calendar, DEFAULT_CALLBACK_WINDOWS)).toBe(true);
      expect(Date.parse(c.window.start)).toBeGreaterThanOrEqual(Date.parse(RESTORED));
      expect(c).toMatchObject({ state: 'planned', reason: 'outage_restored', ticketNumber: outage.outageId, attempts: 0 });
    }
  });

  it('plans the same customers again and nothing more, however often it runs', async () => {
    expect(await stream({ ...keys.outage(outage.outageId), ...outage }, { ...keys.outage(outage.outageId), ...outage })).toEqual({ planned: 0, tasks: 0 });
    expect((await store.ofSource('outage', outage.outageId)).map((c) => c.callbackId).sort()).toEqual(planned.map((c) => c.callbackId).sort());
    expect(await store.counters('2026-12-01', '2026-12-01')).toMatchObject({ planned_outage_restored: 6 });
  });

  it('an outage still active plans nothing', async () => {
    expect(await stream({ ...keys.outage('OUT-ACTIVE'), ...outage, outageId: 'OUT-ACTIVE', status: 'active', restoredAt: undefined })).toEqual({ planned: 0, tasks: 0 });
  });

  it('gives each callback one Connect task, scheduled into its window, without personal data; a repeat makes none', async () => {
    const items = await Promise.all(planned.map(itemOf));
    expect(await stream(...items)).toEqual({ planned: 0, tasks: 6 });
    const calls = connectMock.commandCalls(StartTaskContactCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(6);
    for (const input of calls) {
      const callback = planned.find((c) => c.callbackId === input.Attributes?.callbackId)!;
      expect(input).toMatchObject({ InstanceId: 'instance-1', TaskTemplateId: 'template-1', ClientToken: `${callback.callbackId}-1` });
      // A window already open (a business at 15:01) is called now; a later one is scheduled at its start.
      expect(input.ScheduledTime).toEqual(Date.parse(callback.window.start) > NOW.getTime() ? new Date(callback.window.start) : undefined);
      expect(input.Description).toContain(outage.outageId);
      expect(JSON.stringify(input)).not.toMatch(/\+86|33100\d{5}/);
    }
    const after = await store.ofSource('outage', outage.outageId);
    expect(after.every((c) => c.state === 'task_created' && c.attempts === 1 && c.taskContactId === `task-${c.callbackId}-1`)).toBe(true);
    // The stream brings the task_created images too: nothing more happens.
    expect(await stream(...(await Promise.all(after.map(itemOf))))).toEqual({ planned: 0, tasks: 0 });
    expect(connectMock.commandCalls(StartTaskContactCommand)).toHaveLength(6);
  });
});

describe('a work order\'s result', () => {
  it('a restored fault: its reporter, once', async () => {
    const restored = order({});
    expect(await stream({ ...keys.workOrder(restored.ticketId, 1), ...restored })).toEqual({ planned: 1, tasks: 0 });
    expect(await stream({ ...keys.workOrder(restored.ticketId, 1), ...restored })).toEqual({ planned: 0, tasks: 0 });
    const [callback] = await store.ofSource('ticket', restored.ticketId);
    expect(callback).toMatchObject({ reason: 'fault_repair', phone: '+8613800009999', window: { start: '2026-12-01T10:30:00.000Z' } });
  });

  it('an answered complaint: a callback due within one working day of the result', async () => {
    // Answered Friday 4 December 16:45: due Monday 16:45; 15 minutes of office hours left, so a business is called Monday morning, not on the weekend.
    const answeredAt = '2026-12-04T08:45:00.000Z';
    vi.setSystemTime(new Date(answeredAt));
    const complaint = order({ orderId: '261204-0000-0002.1', ticketId: '261204-0000-0002', departmentId: 'business', ticketType: 'complaint', state: 'answered', record: { answer: { answer: '已处理', recordedAt: answeredAt } }, reporter: { phone: '+8613800008888', language: 'en', important: false, customerType: 'business' } });
    expect(await stream({ ...keys.workOrder(complaint.ticketId, 1), ...complaint })).toEqual({ planned: 1, tasks: 0 });
    const [callback] = await store.ofSource('ticket', complaint.ticketId);
    expect(callback).toMatchObject({ reason: 'complaint_result', dueBy: '2026-12-07T08:45:00.000Z', window: { start: '2026-12-07T01:00:00.000Z' } });
    vi.setSystemTime(NOW);
  });

  it('a report\'s result: the reporter, if they left a number, in the office\'s queue only', async () => {
    const ticketId = '261201-0000-0003';
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.ticket(ticketId), ticketId, type: 'whistleblowing_report', openedBy: '+8613800007777', createdAt: '2026-11-20T02:00:00.000Z', confidential: true } }));
    const report = order({ orderId: `${ticketId}.1`, ticketId, departmentId: 'discipline-office', ticketType: 'whistleblowing_report', state: 'result_reported', confidential: true, reporter: undefined, record: { result: { result: '查实', finished: true, recordedAt: RESTORED } } });
    expect(await stream({ ...keys.workOrder(ticketId, 1), ...report })).toEqual({ planned: 1, tasks: 0 });
    const [callback] = await store.ofSource('ticket', ticketId);
    expect(callback).toMatchObject({ reason: 'report_result', confidential: true, phone: '+8613800007777' });
    expect(await itemOf(callback!)).toMatchObject({ gsi2pk: 'CALLBACKS#OPEN#office' });
    expect((await store.open('centre', '9999')).some((c) => c.confidential)).toBe(false);
    // An anonymous report (e-mail, no number) has nobody to call.
    const anonymousId = '261201-0000-0004';
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.ticket(anonymousId), ticketId: anonymousId, type: 'whistleblowing_report', openedBy: 'someone@example.com', createdAt: '2026-11-20T02:00:00.000Z', confidential: true } }));
    expect(await stream({ ...keys.workOrder(anonymousId, 1), ...report, orderId: `${anonymousId}.1`, ticketId: anonymousId })).toEqual({ planned: 0, tasks: 0 });
  });
});

describe('the callback counters as metrics (the quality dashboard)', () => {
  it('publishes a callback planned once, with its reason, at the result\'s time (as the day counters are keyed); planning again publishes nothing', async () => {
    const answeredAt = '2026-12-01T06:30:00.000Z';
    const application = order({ orderId: '261201-0000-0005.1', ticketId: '261201-0000-0005', departmentId: 'business', ticketType: 'service_application', state: 'answered', record: { answer: { answer: '已接电', recordedAt: answeredAt } }, reporter: { phone: '+8613800006666', language: 'zh-CN', important: false, customerType: 'residential' } });
    const item = { ...keys.workOrder(application.ticketId, 1), ...application };
    const first = (await emfLinesDuring(() => stream(item))).filter((line) => 'CallbackPlanned' in line);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ service: 'quality', reason: 'service_completed', CallbackPlanned: 1, _aws: { Timestamp: Date.parse(answeredAt), CloudWatchMetrics: [{ Namespace: 'Hotline/Quality', Dimensions: [['service', 'Table', 'reason']] }] } });
    expect((await emfLinesDuring(() => stream(item))).filter((line) => 'CallbackPlanned' in line)).toEqual([]);
  });
});
