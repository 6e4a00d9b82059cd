import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INDEX } from '../../functions/shared/table-design';
import type { Context } from 'aws-lambda';
import type { Customer } from '../../functions/customers/customer';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import { classifyText } from '../../functions/intake/classify';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps } from '../../functions/intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import * as keys from '../../functions/shared/keys';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { WITHHELD } from '../../functions/tickets/confidentiality';
import type { WorkOrder } from '../../functions/workorders/work-order';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity } from '../../local/identity';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';
import { recordTableRequests, refusedByOpsApiPolicy, type TableRequest } from '../support/ops-api-requests';

// Intake writes the order in its transaction; departments act on it through the ops API (DynamoDB Local behind both).
const OPENED = '2026-12-01T02:00:00.000Z'; // Tuesday 10:00 in Shanghai
const NOW = new Date('2026-12-01T02:40:00.000Z');
const context = { functionName: 'ops-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const xihu: Customer = {
  accountNumber: '3300000101', name: '王芳', phones: ['+8613800000101'], address: '杭州市西湖区文三路5号', area: 'HZ-XIHU', feeder: 'HZ-XIHU-F02',
  transformer: 'T-0101', important: false, customerType: 'residential', language: 'zh-CN',
};

let setup: Awaited<ReturnType<typeof freshTable>>;
let deps: IntakeDeps;
let requests = 0;
let identity: LocalIdentity;
let jwksServer: Server;
let tableRequests: TableRequest[] = [];
let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;
let seq = 0;
/** A Xihu customer of its own per ticket, so no contact joins another's open ticket (threading). */
const xihuCustomers = Array.from({ length: 9 }, (_, i) => ({ ...xihu, accountNumber: `33000002${String(i).padStart(2, '0')}`, phones: [`+86138000002${String(i).padStart(2, '0')}`] }));
let nextCustomer = 0;
const aCustomer = () => xihuCustomers[nextCustomer++]!.phones[0]!;

function sms(from: string, text: string): Contact {
  return { channel: 'sms', providerMessageId: `wo-${++seq}`, sender: { phone: from }, receiver: '+8695598', receivedAt: OPENED, language: 'zh-CN', text, attachments: [], rawRef: 'inline' };
}

async function openTicket(from: string, text: string): Promise<string> {
  const result = await recordContact(sms(from, text), deps);
  if (result.outcome.kind !== 'ticket_opened') throw new Error(`expected a ticket, got ${result.outcome.kind}`);
  return result.outcome.ticketId;
}

const token = (role: 'department' | 'shift_lead' | 'agent' | 'discipline_office', department?: string) => identity.login({ role, ...(department ? { department } : {}) });

/** The outbox items a work order's actions wrote (gsi1: notices by source). */
async function noticesOf(orderId: string) {
  const { Items = [] } = await setup.doc.send(
    new QueryCommand({ TableName: setup.tableName, IndexName: INDEX.byCustomerOrFeeder, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.noticesBySource('work_order', orderId, '').gsi1pk } }),
  );
  return Items;
}

async function call(method: string, path: string, bearer: string, body?: unknown, query: Record<string, string> | null = null) {
  const event = loadEvent<Record<string, unknown>>('apigw/outage-declare.json');
  const response = await handler({ ...event, httpMethod: method, path, resource: path, queryStringParameters: query, headers: { authorization: `Bearer ${bearer}` }, body: body === undefined ? null : JSON.stringify(body) }, context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  setup = await freshTable('work-orders');
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([xihu, ...xihuCustomers]);
  // Counts every request the table's client sends (the first test reads it around one contact alone).
  setup.doc.middlewareStack.add((next) => async (args) => (requests++, next(args)), { step: 'initialize', name: 'countRequests' });
  deps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), () => NOW.getTime()),
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
  };
  jwksServer = createServer((_req, res) => res.end(JSON.stringify(identity.jwks())));
  await new Promise<void>((done) => jwksServer.listen(0, '127.0.0.1', done));
  identity = new LocalIdentity(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/local`);
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/123/rejected', ACCESS_ISSUER: identity.issuer, ACCESS_JWKS_URI: identity.jwksUri, ACCESS_CLIENT_ID: LOCAL_ACCESS_CLIENT_ID });
  ({ handler } = await import('../../functions/ops/handlers/ops-api'));
  // What the handler asks of the table, to hold against the IAM policy its stack gives it (last test).
  tableRequests = recordTableRequests((await import('../../functions/shared/clients')).documentClient);
});

afterEach(() => vi.setSystemTime(NOW));

afterAll(async () => {
  vi.useRealTimers();
  await new Promise<void>((done) => jwksServer.close(() => done()));
});

describe('a fault report becomes a work order in its area\'s repair inbox', () => {
  it('writes the order in the ticket\'s transaction: still 2 DynamoDB requests for the contact', async () => {
    await openTicket(aCustomer(), '停电了'); // warms the outage cache, as a running function's is
    requests = 0;
    const ticketId = await openTicket(xihu.phones[0]!, '家里停电了，整栋楼都没电');
    expect(requests).toBe(2);
    const { Items = [] } = await setup.doc.send(new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.ticketPartition(ticketId) } }));
    expect(Items.find((i) => i.sk === 'ORDER#1')).toMatchObject({ orderId: `${ticketId}.1`, departmentId: 'repair-HZ-XIHU', state: 'open', due: { crewOnSite: '2026-12-01T02:45:00.000Z' } });
  });

  it('lists it in the Xihu desk\'s inbox only; another desk cannot read or act on it (403, nothing changed)', async () => {
    const ticketId = await openTicket(aCustomer(), '整条街都停电了，路灯也不亮');
    const orderId = `${ticketId}.1`;
    const inbox = await call('GET', '/work-orders', token('department', 'repair-HZ-XIHU'));
    expect(inbox.status).toBe(200);
    expect((inbox.body.orders as WorkOrder[]).map((o) => o.orderId)).toContain(orderId);
    const other = token('department', 'repair-HZ-BINJIANG');
    expect((inbox.body.orders as WorkOrder[]).every((o) => o.departmentId === 'repair-HZ-XIHU')).toBe(true);
    expect((await call('GET', '/work-orders', other)).body.orders.map((o: WorkOrder) => o.orderId)).not.toContain(orderId);
    expect((await call('GET', '/work-orders', other, undefined, { department: 'repair-HZ-XIHU' })).status).toBe(403);
    expect((await call('GET', `/work-orders/${orderId}`, other)).status).toBe(403);
    const refused = await call('POST', `/work-orders/${orderId}/dispatch`, other, { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:10:00Z' });
    expect(refused.status).toBe(403);
    expect((await call('GET', `/work-orders/${orderId}`, token('department', 'repair-HZ-XIHU'))).body.order.state).toBe('open');
  });

  it('sends a fault on the customer\'s own wiring (a tripped switch) to the business desk, not a repair crew', async () => {
    const orderId = `${await openTicket(aCustomer(), '家里跳闸了，邻居家都有电')}.1`;
    expect((await call('GET', `/work-orders/${orderId}`, token('shift_lead'))).body.order.departmentId).toBe('business');
  });

  it('dispatch, arrive (cause due 30 min later), restore: the ticket resolves; wrong state 409, repeat the same answer', async () => {
    const ticketId = await openTicket(aCustomer(), '停电了，小区变压器冒烟');
    const orderId = `${ticketId}.1`;
    const desk = token('department', 'repair-HZ-XIHU');
    expect(await call('POST', `/work-orders/${orderId}/arrive`, desk, { arrivedAt: '2026-12-01T02:30:00Z' })).toMatchObject({ status: 409, body: { state: 'open' } });
    const dispatched = await call('POST', `/work-orders/${orderId}/dispatch`, desk, { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:10:00Z' });
    expect(dispatched).toMatchObject({ status: 200, body: { changed: true, order: { state: 'dispatched' } } });
    // The reporter is texted an apology and the repair plan, in their language, through the outbox.
    const reporter = xihuCustomers[nextCustomer - 1]!;
    expect(await noticesOf(orderId)).toEqual([
      expect.objectContaining({
        template: 'repair_dispatched', channel: 'sms', to: reporter.phones[0], language: 'zh-CN', accountNumber: reporter.accountNumber, status: 'pending', quietHours: 'outage',
        params: { ticketId, departedText: '12-01 10:10', onSiteByText: '12-01 10:45' },
      }),
    ]);
    const again = await call('POST', `/work-orders/${orderId}/dispatch`, desk, { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T02:10:00Z' });
    expect(again).toMatchObject({ status: 200, body: { changed: false, order: dispatched.body.order } });

    // Two crew members press "arrived" at once: one arrival.
    const [a, b] = await Promise.all([
      call('POST', `/work-orders/${orderId}/arrive`, desk, { arrivedAt: '2026-12-01T02:30:00Z' }),
      call('POST', `/work-orders/${orderId}/arrive`, desk, { arrivedAt: '2026-12-01T02:31:00Z' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.changed, b.body.changed].sort()).toEqual([false, true]);
    expect(a.body.order.due).toEqual(b.body.order.due);
    expect(Object.values(a.body.order.due)).toHaveLength(1);

    const restored = await call('POST', `/work-orders/${orderId}/restore`, desk, { cause: '变压器熔丝熔断', result: '更换熔丝', restoredAt: '2026-12-01T02:38:00Z' });
    expect(restored.body.order).toMatchObject({ state: 'restored', due: {} });
    const ticket = await call('GET', `/tickets/${ticketId}`, token('agent'));
    expect(ticket.body.ticket.status).toBe('resolved');
    expect(ticket.body.timeline.filter((e: { kind: string }) => e.kind === 'work_order')).toHaveLength(3);
  });

  it('refuses a missing field, a time in the future and one before the ticket opened with 400 naming the field', async () => {
    const orderId = `${await openTicket(aCustomer(), '没电了')}.1`;
    const desk = token('department', 'repair-HZ-XIHU');
    const missing = await call('POST', `/work-orders/${orderId}/dispatch`, desk, { crewLeader: '李强', departedAt: '2026-12-01T02:10:00Z' });
    expect(missing).toMatchObject({ status: 400, body: { field: 'phone' } });
    const future = await call('POST', `/work-orders/${orderId}/dispatch`, desk, { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T03:10:00Z' });
    expect(future).toMatchObject({ status: 400, body: { field: 'departedAt' } });
    expect(future.body.message).toContain('in the future');
    const early = await call('POST', `/work-orders/${orderId}/dispatch`, desk, { crewLeader: '李强', phone: '+8613900001111', departedAt: '2026-12-01T01:59:00Z' });
    expect(early).toMatchObject({ status: 400, body: { field: 'departedAt' } });
    expect((await call('POST', `/work-orders/${orderId}/teleport`, desk, {})).body).toMatchObject({ problems: [expect.stringMatching(/^action:/)] });
  });
});

describe('answers and reports', () => {
  it('a bill question goes to billing, which answers it once; the customer\'s text is due within 1 working day', async () => {
    const orderId = `${await openTicket(aCustomer(), '我的电费账单为什么这么高？')}.1`;
    const billing = token('department', 'billing');
    const order = await call('GET', `/work-orders/${orderId}`, billing);
    expect(order.body.order).toMatchObject({ departmentId: 'billing', state: 'open' });
    const answered = await call('POST', `/work-orders/${orderId}/answer`, billing, { answer: '本月为阶梯电价第二档' });
    expect(answered.body.order.state).toBe('answered');
    expect(await noticesOf(orderId)).toEqual([expect.objectContaining({ template: 'department_answer', to: xihuCustomers[nextCustomer - 1]!.phones[0], params: expect.objectContaining({ answer: '本月为阶梯电价第二档' }), dueBy: '2026-12-02T02:40:00.000Z' })]);
    expect((await call('POST', `/work-orders/${orderId}/extend`, billing, { reason: '需要核查' })).status).toBe(409);
  });

  it('an order sent back is routed on by the shift lead, once, to the next department\'s inbox', async () => {
    const orderId = `${await openTicket(aCustomer(), '这个月的电费账单怎么比上个月多？')}.1`;
    const first = await call('GET', `/work-orders/${orderId}`, token('shift_lead'));
    expect(first.body.order.departmentId).toBe('billing');
    const own = token('department', 'billing');
    expect((await call('POST', `/work-orders/${orderId}/reroute`, token('shift_lead'), { department: 'business' })).status).toBe(409);
    expect((await call('POST', `/work-orders/${orderId}/send_back`, own, { reason: '属于营销业务' })).body.order.state).toBe('sent_back');
    expect((await call('POST', `/work-orders/${orderId}/reroute`, own, { department: 'business' })).status).toBe(403);
    expect(await call('POST', `/work-orders/${orderId}/reroute`, token('shift_lead'), { department: 'nowhere' })).toMatchObject({ status: 400, body: { field: 'department' } });
    const rerouted = await call('POST', `/work-orders/${orderId}/reroute`, token('shift_lead'), { department: 'business' });
    expect(rerouted.body).toMatchObject({ changed: true, order: { orderId: orderId.replace(/\.1$/, '.2'), departmentId: 'business', state: 'open', routedFrom: orderId } });
    expect(rerouted.body.order.due).toEqual(first.body.order.due);
    const again = await call('POST', `/work-orders/${orderId}/reroute`, token('shift_lead'), { department: 'business' });
    expect(again.body).toMatchObject({ changed: false, order: { orderId: rerouted.body.order.orderId } });
    const inbox = await call('GET', '/work-orders', token('department', 'business'));
    expect((inbox.body.orders as WorkOrder[]).map((o) => o.orderId)).toContain(rerouted.body.order.orderId);
  });

  it('a whistleblowing report reaches the discipline office only; the centre sees it withheld', async () => {
    const orderId = `${await openTicket(aCustomer(), '举报抄表员收受贿赂，偷电')}.1`;
    const office = await call('GET', `/work-orders/${orderId}`, token('discipline_office'));
    expect(office.body.order).toMatchObject({ departmentId: 'discipline-office', confidential: true });
    expect(office.body.order.summary).toContain('贿赂');
    expect((await call('GET', `/work-orders/${orderId}`, token('department', 'billing'))).status).toBe(403);
    const lead = await call('GET', `/work-orders/${orderId}`, token('shift_lead'));
    expect(lead.body.order.summary).toBe(WITHHELD);
    const result = await call('POST', `/work-orders/${orderId}/result`, token('discipline_office'), { result: '调查中，尚未结束', finished: false });
    expect(result.body.order.state).toBe('result_reported');
    expect(office.body.order.reporter).toBeUndefined();
    expect(await noticesOf(orderId)).toEqual([]);
  });
});

// Last in the file: every request the tests above made through the handler.
describe('ops-api\'s table requests and its IAM policy (lib/back-office-stack.ts)', () => {
  it('asks the table only what the policy allows: reads of tickets and the calendar, writes of tickets, the outbox and corrections', () => {
    expect(tableRequests.some((r) => r.action === 'PutItem' || r.action === 'UpdateItem')).toBe(true);
    expect(refusedByOpsApiPolicy(tableRequests)).toEqual([]);
  });
});
