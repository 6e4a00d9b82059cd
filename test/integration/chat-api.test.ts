import { beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import type { Context } from 'aws-lambda';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { demoPin, syntheticCustomers } from '../../functions/customers/synthetic';
import type { Customer } from '../../functions/customers/customer';
import { OutageRepository } from '../../functions/outages/adapters/outage-repository';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import type { LambdaHttpHandler } from '../../functions/shared/http-api';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// Amazon Connect is mocked at the SDK boundary; DynamoDB is the real DynamoDB Local.
const connectMock = mockClient(ConnectClient);
const context = { functionName: 'chat-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

let handler: LambdaHttpHandler;
let setup: Awaited<ReturnType<typeof freshTable>>;
let queries: TicketQueries;
let customers: Customer[];
let seq = 0;

const newSession = () => `session-${++seq}-${Date.now().toString(36)}-abcdef`;
const messageId = () => `msg-${++seq}-${Date.now().toString(36)}`;

async function post(path: string, body: unknown, sourceIp = `198.51.100.${(seq % 200) + 1}`) {
  const event = loadEvent<Record<string, unknown> & { requestContext: { http: Record<string, string> } }>('chat/http-api-fault-report.json');
  event.rawPath = `/chat/api/${path}`;
  event.routeKey = `POST /chat/api/${path}`;
  event.requestContext.http.path = `/chat/api/${path}`;
  event.requestContext.http.sourceIp = sourceIp;
  event.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await handler(event, context);
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  setup = await freshTable('chat-api');
  queries = new TicketQueries(setup.doc, setup.tableName);
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/123/rejected-contacts', CONNECT_INSTANCE_ID: 'instance-1', CONNECT_CONTACT_FLOW_ID: 'flow-1', CONNECT_REGION: 'ap-southeast-1' });
  customers = syntheticCustomers(40);
  const directory = new CustomerRepository(setup.doc, setup.tableName);
  await directory.saveCustomers(customers);
  for (const customer of customers) await directory.saveLatestBill({ accountNumber: customer.accountNumber, period: '2026-10', kwh: 210, billAmountFen: 11298, balanceDueFen: 11298, dueDate: '2026-11-25' });
  const hit = customers[0]!;
  await new OutageRepository(setup.doc, setup.tableName).declare({
    outageId: 'OUT-CHAT-1',
    kind: 'unplanned',
    areas: [],
    feeders: [hit.feeder],
    cause: { 'zh-CN': '线路故障', en: 'a line fault' },
    etr: '2030-01-01T12:00:00Z',
    declaredAt: new Date().toISOString(),
    status: 'active',
  });
  ({ handler } = await import('../../functions/chat/handlers/chat-api'));
});

beforeEach(() => {
  connectMock.reset();
  connectMock.on(StartChatContactCommand).resolves({ ContactId: 'contact-1', ParticipantId: 'participant-1', ParticipantToken: 'token-1' });
});

describe('chat-api: self-service', () => {
  it('takes a fault report and answers with its ticket number; a resent message gets the same number', async () => {
    const sessionId = newSession();
    const request = { sessionId, clientMessageId: messageId(), text: '家里停电了，整栋楼都没电', address: '滨江区江南大道1号' };
    const first = await post('fault-report', request);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'ticket_opened', ticketId: expect.stringMatching(/^\d{6}-\d{4}-\d{4}$/) });
    const again = await post('fault-report', request);
    expect(again.body).toMatchObject({ ticketId: first.body.ticketId, duplicate: true });
    const ticket = await queries.get(first.body.ticketId);
    expect(ticket?.ticket).toMatchObject({ channel: 'chat', type: 'fault_report' });
    expect(ticket?.timeline[0]?.text).toContain('滨江区江南大道1号');
  });

  it('tells the outage cause and restoration time by account number or by address', async () => {
    const hit = customers[0]!;
    const byAccount = await post('outage-status', { sessionId: newSession(), accountNumber: hit.accountNumber, language: 'en' });
    expect(byAccount.body).toEqual({ outage: { cause: 'a line fault', etr: '2030-01-01T12:00:00Z', kind: 'unplanned' } });
    const other = customers.find((c) => c.area !== hit.area)!;
    expect((await post('outage-status', { sessionId: newSession(), accountNumber: other.accountNumber })).body).toEqual({ outage: null });
    const area = hit.area === 'HZ-XIHU' ? '杭州市西湖区文三路1号' : hit.area === 'HZ-BINJIANG' ? '滨江区长河路2号' : hit.area === 'NB-HAISHU' ? '海曙区药行街3号' : '鹿城区人民路4号';
    expect((await post('outage-status', { sessionId: newSession(), address: area })).body.outage).toMatchObject({ cause: '线路故障' });
    expect(await post('outage-status', { sessionId: newSession(), address: 'somewhere' })).toMatchObject({ status: 400, body: { reason: 'address_not_recognised' } });
  });

  it('answers an unknown account exactly like a known one without an outage (accounts cannot be enumerated)', async () => {
    const quiet = customers.find((c) => c.area !== customers[0]!.area)!;
    const known = await post('outage-status', { sessionId: newSession(), accountNumber: quiet.accountNumber });
    const unknown = await post('outage-status', { sessionId: newSession(), accountNumber: '9900000001' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(Object.keys(unknown.headers ?? {}).sort()).toEqual(Object.keys(known.headers ?? {}).sort());
  });

  it('answers bill questions only after the account PIN is verified', async () => {
    const customer = customers[3]!;
    const sessionId = newSession();
    const before = await post('bill', { sessionId, clientMessageId: messageId(), text: 'How much do I owe?' });
    expect(before).toMatchObject({ status: 401, body: { reason: 'not_verified' } });
    expect(await post('verify', { sessionId, accountNumber: customer.accountNumber, pin: '0000' === demoPin(customer.accountNumber) ? '1111' : '0000' })).toMatchObject({
      status: 401,
      body: { reason: 'verification_failed' },
    });
    expect((await post('verify', { sessionId, accountNumber: customer.accountNumber, pin: demoPin(customer.accountNumber) })).status).toBe(200);
    const after = await post('bill', { sessionId, clientMessageId: messageId(), text: 'How much do I owe?' });
    expect(after.status).toBe(200);
    expect(after.body.bill).toEqual({ period: '2026-10', kwh: 210, amountYuan: '112.98', balanceDueYuan: '112.98', dueDate: '2026-11-25' });
    expect((await queries.get(after.body.ticketId))?.ticket.accountNumber).toBe(customer.accountNumber);
  });

  it('a verified customer inside an outage reporting a fault joins the outage', async () => {
    const hit = customers[0]!;
    const sessionId = newSession();
    await post('verify', { sessionId, accountNumber: hit.accountNumber, pin: demoPin(hit.accountNumber) });
    const report = await post('fault-report', { sessionId, clientMessageId: messageId(), text: 'no power since noon', language: 'en' });
    expect(report.body).toMatchObject({ outcome: 'outage_joined', outage: { cause: 'a line fault' } });
  });
});

describe('chat-api: talk to an agent', () => {
  it('puts the transcript on the session ticket and starts a Connect chat with the ticket number', async () => {
    const sessionId = newSession();
    const report = await post('fault-report', { sessionId, clientMessageId: messageId(), text: '电表箱冒烟了' });
    const clientMessageId = messageId();
    const agent = await post('agent', {
      sessionId,
      clientMessageId,
      transcript: [
        { from: 'customer', text: '电表箱冒烟了' },
        { from: 'bot', text: `已受理，您的工单号是 ${report.body.ticketId}` },
      ],
    });
    expect(agent.status).toBe(200);
    expect(agent.body).toMatchObject({
      ticketId: report.body.ticketId,
      // The page joins through the Participant Service of the instance's region (CONNECT_REGION).
      agent: { contactId: 'contact-1', participantToken: 'token-1', participantEndpoint: 'https://participant.connect.ap-southeast-1.amazonaws.com' },
    });
    expect(connectMock).toReceiveCommandWith(StartChatContactCommand, {
      InstanceId: 'instance-1',
      ContactFlowId: 'flow-1',
      Attributes: expect.objectContaining({ ticketNumber: report.body.ticketId }),
      ClientToken: clientMessageId,
    });
    const timeline = (await queries.get(report.body.ticketId))?.timeline ?? [];
    expect(timeline.at(-1)?.text).toContain('客户/customer: 电表箱冒烟了');
  });
});

describe('chat-api: whistleblowing at the hand-over (issue 12)', () => {
  it('puts misconduct told at the hand-over into a confidential ticket of its own, not onto the session ticket', async () => {
    const sessionId = newSession();
    const report = await post('fault-report', { sessionId, clientMessageId: messageId(), text: '家里停电了' });
    const agent = await post('agent', { sessionId, clientMessageId: messageId(), transcript: [{ from: 'customer', text: '抄表员收受贿赂，我要举报他' }] });
    expect(agent.status).toBe(200);
    expect(agent.body.ticketId).not.toBe(report.body.ticketId);
    expect((await queries.get(agent.body.ticketId))?.ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(JSON.stringify(await queries.get(report.body.ticketId))).not.toContain('贿赂');
  });
});

describe('chat-api: limits and refusals', () => {
  it('refuses text over the length limit, bad JSON and unknown routes with 4xx and a reason', async () => {
    const sessionId = newSession();
    expect(await post('fault-report', { sessionId, clientMessageId: messageId(), text: 'x'.repeat(1001) })).toMatchObject({ status: 400, body: { reason: 'invalid_request' } });
    expect(await post('fault-report', '{nope')).toMatchObject({ status: 400, body: { reason: 'not_json' } });
    expect(await post('fault-report', { sessionId, clientMessageId: messageId(), text: 'y'.repeat(20_000) })).toMatchObject({ status: 413, body: { reason: 'too_large' } });
    expect(await post('delete-everything', { sessionId })).toMatchObject({ status: 404, body: { reason: 'no_route' } });
  });

  it('limits requests per session, with Retry-After', async () => {
    // The limit counts per clock minute: every request at one instant, 5 s into a minute, so all 23 share a window.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T02:15:05Z'));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const sessionId = newSession();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await post('outage-status', { sessionId, address: '西湖区' }, '203.0.113.7')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const limited = await post('outage-status', { sessionId, address: '西湖区' }, '203.0.113.7');
    expect(limited).toMatchObject({ status: 429, body: { reason: 'rate_limited' } });
    expect(limited.headers?.['retry-after']).toBe('55');
  });

  it('limits PIN attempts per account, whatever the session (three, then locked with Retry-After)', async () => {
    const customer = customers[5]!;
    const wrong = demoPin(customer.accountNumber) === '9999' ? '8888' : '9999';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post('verify', { sessionId: newSession(), accountNumber: customer.accountNumber, pin: wrong }));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 429, 429]);
    expect(answers[3]).toMatchObject({ body: { reason: 'pin_locked' } });
    expect(Number(answers[3]!.headers?.['retry-after'])).toBeGreaterThan(0);
  });
});
