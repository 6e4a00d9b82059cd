import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import { OutageRepository } from '../../functions/outages/adapters/outage-repository';
import type { LambdaHttpHandler } from '../../functions/shared/http-api';
import { AsyncInvocations } from '../../local/async-invocations';
import { injectDynamoFaults, type InjectedFaults } from '../../local/fault-injection';
import { replayKept, type ReplayItem, type ReplayTargets } from '../../replay/replay';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent, smsEvent } from '../support/events';

// DynamoDB is the real DynamoDB Local, with chosen calls made to fail at the SDK boundary; SNS and SQS are mocked.
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.local/123/rejected-contacts';
const context = (name: string) => ({ functionName: name, awsRequestId: 'req-1', getRemainingTimeInMillis: () => 8_000 }) as unknown as Context;
const customers = syntheticCustomers(300);
const caller = customers.find((c) => c.phones[0] === '+8615916308645')!;

type SmsHandler = (event: unknown, context: Context) => Promise<{ results: { outcome: string; ticketId?: string }[] }>;
let sms: SmsHandler;
let voice: (event: unknown, context: Context) => Promise<Record<string, string>>;
let chat: LambdaHttpHandler;
let clients: typeof import('../../functions/shared/clients');
let setup: Awaited<ReturnType<typeof freshTable>>;
let faults: InjectedFaults | undefined;
let run = 0;
/** Replies the (mocked) carrier accepted, by number. */
let delivered: Map<string, number>;
let snsFailsNext: (to: string) => boolean;

beforeAll(async () => {
  setup = await freshTable('faults');
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: QUEUE_URL, CONNECT_INSTANCE_ID: 'instance-1', CONNECT_CONTACT_FLOW_ID: 'flow-1', CONNECT_REGION: 'ap-southeast-1' });
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([caller]);
  await new OutageRepository(setup.doc, setup.tableName).declare({
    outageId: 'OUT-FAULTS-1',
    kind: 'unplanned',
    areas: [],
    feeders: [caller.feeder],
    cause: { 'zh-CN': '线路故障', en: 'a line fault' },
    etr: '2030-01-01T12:00:00Z',
    declaredAt: new Date().toISOString(),
    status: 'active',
  });
  clients = await import('../../functions/shared/clients');
  ({ handler: sms } = (await import('../../functions/sms/handlers/inbound-sms')) as unknown as { handler: SmsHandler });
  ({ handler: voice } = (await import('../../functions/voice/handlers/ivr')) as unknown as { handler: typeof voice });
  ({ handler: chat } = await import('../../functions/chat/handlers/chat-api'));
});

beforeEach(() => {
  run += 1;
  delivered = new Map();
  snsFailsNext = () => false;
  snsMock.reset();
  sqsMock.reset();
  snsMock.on(PublishCommand).callsFake((input: { PhoneNumber: string }) => {
    if (snsFailsNext(input.PhoneNumber)) throw Object.assign(new Error('Injected: SNS throttled'), { name: 'ThrottledException' });
    delivered.set(input.PhoneNumber, (delivered.get(input.PhoneNumber) ?? 0) + 1);
    return { MessageId: `sns-${input.PhoneNumber}` };
  });
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'kept' });
});

afterEach(() => {
  faults?.remove();
  faults = undefined;
});

/** N texts from N different senders (none in the outage): each must end as exactly one ticket and one reply. */
function texts(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const phone = `+86137${String(run).padStart(2, '0')}${String(i).padStart(6, '0')}`;
    return { phone, event: smsEvent({ inboundMessageId: `fault-${run}-${i}`, originationNumber: phone, messageBody: i % 2 ? '我要咨询电费怎么算' : 'complaint: the meter reader was rude' }) };
  });
}

/**
 * Runs every text as Lambda runs an asynchronous invocation (two retries;
 * waits of 0 ms here, the schedule is tested in unit/async-invocations), then
 * lets DynamoDB recover (faults off) and replays what was kept: the DLQ and
 * the rejected-contacts messages. Returns the counts a person would check.
 */
async function streamThenReplay(batch: ReturnType<typeof texts>) {
  const dlq: ReplayItem[] = [];
  const invocations = new AsyncInvocations({
    run: async (_name, event) => {
      await sms(event, context('sms-inbound'));
      return { ok: true };
    },
    keep: (failed) => dlq.push({ id: failed.requestId, message: { body: JSON.stringify(failed.event), functionName: failed.functionName } }),
    retryDelaysMs: [0, 0],
  });
  batch.forEach(({ event }, i) => invocations.accept('sms-inbound', event, `req-${run}-${i}`));
  await invocations.settled();
  faults?.remove();
  snsFailsNext = () => false;
  const kept = sqsMock.commandCalls(SendMessageCommand).map((call, i) => ({ id: `sqs-${i}`, message: { body: call.args[0].input.MessageBody ?? '' } }));
  const targets: ReplayTargets = {
    invoke: async (_name, event) => ({ ok: true, result: await sms(event, context('sms-inbound')) }),
    sendSms: async (to, text) => void (await clients.sns.send(new PublishCommand({ PhoneNumber: to, Message: text }))),
    sendEmail: async () => {
      throw new Error('no e-mail in this test');
    },
  };
  const keptBeforeReplay = dlq.length + kept.length;
  const report = await replayKept([...dlq, ...kept], targets);
  return { keptBeforeReplay, report, totals: invocations.totals };
}

async function ticketsByOpener(): Promise<Map<string, number>> {
  const { Items = [] } = await setup.doc.send(new ScanCommand({ TableName: setup.tableName, FilterExpression: 'sk = :t', ExpressionAttributeValues: { ':t': 'TICKET' } }));
  const count = new Map<string, number>();
  for (const item of Items) count.set(item.openedBy as string, (count.get(item.openedBy as string) ?? 0) + 1);
  return count;
}

async function expectEveryContactOnceWithOneReply(batch: ReturnType<typeof texts>) {
  const tickets = await ticketsByOpener();
  for (const { phone } of batch) {
    expect(tickets.get(phone), `tickets of ${phone}`).toBe(1);
    expect(delivered.get(phone), `replies to ${phone}`).toBe(1);
  }
}

describe('nothing lost when DynamoDB fails under the SMS channel', () => {
  it('throttling: every text ends as one ticket and one reply, after Lambda retries and the replay of what was kept', async () => {
    const batch = texts(24);
    // Every call fails for a while (as a table throttled hard), then every third: some texts exhaust their three attempts.
    faults = injectDynamoFaults(clients.dynamo, (_command, call) => (call <= 60 || call % 3 === 0 ? 'throttle' : undefined));
    const { keptBeforeReplay, report, totals } = await streamThenReplay(batch);
    expect(faults.injected.throttle).toBeGreaterThan(0);
    expect(totals.retried).toBeGreaterThan(0);
    expect(keptBeforeReplay).toBeGreaterThan(0);
    expect(report).toMatchObject({ failed: 0, notReplayable: 0 });
    await expectEveryContactOnceWithOneReply(batch);
  });

  it('TransactionCanceled conflicts on the contact transaction: the adapter retries, then Lambda, then the replay; none twice', async () => {
    const batch = texts(16);
    faults = injectDynamoFaults(clients.dynamo, (command) => (command === 'TransactWriteItemsCommand' ? 'conflict' : undefined));
    const { keptBeforeReplay, report } = await streamThenReplay(batch);
    // Every transaction conflicted: every text was kept after three attempts (and the replay made each one ticket, so none was half-written before).
    expect(keptBeforeReplay).toBe(batch.length);
    expect(report).toMatchObject({ replayed: batch.length, failed: 0 });
    await expectEveryContactOnceWithOneReply(batch);
  });

  it('timeouts, including answers lost after the write was applied: the retry finds the contact and opens nothing new', async () => {
    const batch = texts(20);
    let calls = 0;
    faults = injectDynamoFaults(clients.dynamo, (command) => {
      if (command === 'QueryCommand') return ++calls % 5 === 0 ? 'timeout' : undefined;
      return command === 'TransactWriteItemsCommand' && ++calls % 4 === 0 ? 'lost_answer' : undefined;
    });
    const { report } = await streamThenReplay(batch);
    expect(faults.injected.lost_answer).toBeGreaterThan(0);
    expect(faults.injected.timeout).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    const tickets = await ticketsByOpener();
    for (const { phone } of batch) expect(tickets.get(phone), `tickets of ${phone}`).toBe(1);
    // A text whose transaction was applied but whose answer was lost is a duplicate on retry: never answered twice, and not
    // answered at all (the contact does not record that its reply went out: that would be a third request per contact). Every
    // other text gets its one reply.
    for (const { phone } of batch) expect(delivered.get(phone) ?? 0).toBeLessThanOrEqual(1);
    expect([...delivered.values()].reduce((a, b) => a + b, 0)).toBe(batch.length - faults.injected.lost_answer);
  });

  it('SNS refusing replies: each reply is kept, and sent once by the replay', async () => {
    const batch = texts(12);
    let publishes = 0;
    snsFailsNext = () => ++publishes % 2 === 1;
    const { report } = await streamThenReplay(batch);
    expect(report).toMatchObject({ replayed: batch.length / 2, failed: 0 });
    await expectEveryContactOnceWithOneReply(batch);
  });
});

describe('nothing lost when DynamoDB fails under voice and chat', () => {
  it('voice: a call whose outage report DynamoDB refused reaches an agent, is kept, and the replay records it once', async () => {
    const event = loadEvent<{ Details: { ContactData: { ContactId: string; CustomerEndpoint: { Address: string } } } }>('connect/ivr-outage-check.json');
    event.Details.ContactData.ContactId = `fault-call-${Date.now()}`;
    event.Details.ContactData.CustomerEndpoint.Address = caller.phones[0]!;
    faults = injectDynamoFaults(clients.dynamo, (command) => (command === 'TransactWriteItemsCommand' ? 'throttle' : undefined));
    const answer = await voice(event, context('voice-ivr'));
    expect(answer.route).toBe('agent');
    faults.remove();
    const kept = sqsMock.commandCalls(SendMessageCommand).map((call, i) => ({ id: `v-${i}`, message: { body: call.args[0].input.MessageBody ?? '' } }));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]!.message.body)).toMatchObject({ source: 'voice-ivr', replay: 'invoke', contactKey: `voice#${event.Details.ContactData.ContactId}` });
    const targets: ReplayTargets = { invoke: async (_n, e) => ({ ok: true, result: await voice(e, context('voice-ivr')) }), sendSms: async () => {}, sendEmail: async () => {} };
    expect(await replayKept(kept, targets)).toMatchObject({ replayed: 1 });
    expect(await replayKept(kept, targets)).toMatchObject({ replayed: 1 });
    const { Items = [] } = await setup.doc.send(
      new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': 'OUTAGE#OUT-FAULTS-1', ':r': 'REPORT#' } }),
    );
    expect(Items.filter((i) => i.sk === `REPORT#voice#${event.Details.ContactData.ContactId}`)).toHaveLength(1);
  });

  it('chat: a fault report DynamoDB throttles is answered 503 with Retry-After and writes nothing; the same request again makes one ticket', async () => {
    const event = loadEvent<Record<string, unknown> & { requestContext: { http: Record<string, string> }; body: string }>('chat/http-api-fault-report.json');
    const body = { ...JSON.parse(event.body), sessionId: `fault-session-${Date.now()}-abcdef`, clientMessageId: `fault-msg-${Date.now()}` };
    event.body = JSON.stringify(body);
    faults = injectDynamoFaults(clients.dynamo, (command) => (command === 'TransactWriteItemsCommand' ? 'throttle' : undefined));
    const refused = await chat(structuredClone(event), context('chat-api'));
    expect(refused.statusCode).toBe(503);
    expect(refused.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(refused.body)).toMatchObject({ reason: 'unavailable' });
    faults.remove();
    const sessionTickets = async () => (await ticketsByOpener()).get(body.sessionId) ?? 0;
    expect(await sessionTickets()).toBe(0);
    const accepted = await chat(structuredClone(event), context('chat-api'));
    expect(accepted.statusCode).toBe(200);
    await chat(structuredClone(event), context('chat-api'));
    expect(await sessionTickets()).toBe(1);
  });
});
