import type { Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoNoticeStore } from '../../functions/outbound/adapters/dynamo-notice-store';
import * as keys from '../../functions/shared/keys';
import type { Notice } from '../../functions/outbound/notice';
import { freshTable, OUTBOUND_TEST_RESOURCES, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';
import { outageSmsNotice } from '../support/notices';

// SQS, SNS and S3 cannot run here: mocked at the SDK boundary. The outbox is DynamoDB Local.
const sqsMock = mockClient(SQSClient);
const snsMock = mockClient(SNSClient);
const s3Mock = mockClient(S3Client);
const { DISPATCH_QUEUE_URL: BULK, PRIORITY_DISPATCH_QUEUE_URL: PRIORITY } = OUTBOUND_TEST_RESOURCES;

type SqsBatch = { Records: { messageId: string; body: string }[] };
let setup: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoNoticeStore;
let dispatcher: (event: unknown, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let relay: (event: unknown, context: Context) => Promise<{ queued: number; important: number }>;
let seq = 0;
const context = (remainingMs = 50_000) => ({ functionName: 'outbound-dispatcher', awsRequestId: 'test', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

/** A quiet window from an hour ago to an hour ahead, in Shanghai (UTC+8) wall-clock time. */
function quietAroundNow(): { from: string; until: string } {
  const hhmm = (offsetHours: number) => new Date(Date.now() + (8 + offsetHours) * 3_600_000).toISOString().slice(11, 16);
  return { from: hhmm(-1), until: hhmm(1) };
}

async function pendingNotice(fields: Partial<Notice> = {}): Promise<Notice> {
  const notice = outageSmsNotice(++seq, 'OUT-LANES', '2026-11-23T02:00:00.000Z', fields);
  await store.create(notice);
  return notice;
}

function bulkBatch(...bodies: string[]): SqsBatch {
  const event = loadEvent<SqsBatch>('outbound/dispatch-queue-batch.json');
  event.Records = bodies.map((body, n) => ({ ...event.Records[0]!, messageId: `bulk-${n}`, body }));
  return event;
}

/** The priority queue holds `bodies` until they are received once, like SQS with a long visibility timeout. */
function priorityQueueHolding(...bodies: string[]): void {
  let waiting = bodies.map((body, n) => ({ MessageId: `p-${n}`, ReceiptHandle: `handle-${n}`, Body: body }));
  sqsMock.on(ReceiveMessageCommand, { QueueUrl: PRIORITY }).callsFake(() => {
    const taken = waiting.slice(0, 10);
    waiting = waiting.slice(10);
    return { Messages: taken };
  });
}

/** Phone numbers texted, in order. */
function textedInOrder(): string[] {
  return snsMock.commandCalls(PublishCommand).flatMap((call) => (call.args[0].input.PhoneNumber ? [call.args[0].input.PhoneNumber] : []));
}

beforeAll(async () => {
  setup = await freshTable('lanes');
  store = new DynamoNoticeStore(setup.doc, setup.tableName);
  stubFunctionEnvironment(setup, {
    ...OUTBOUND_TEST_RESOURCES,
    SMS_PARTS_PER_SECOND: '1000',
    VOICE_CALLS_PER_SECOND: '1000',
    // Outage notices at any hour; reminders quiet for the two hours around now (Shanghai), whenever the suite runs.
    QUIET_HOURS: JSON.stringify({ outage: { unplanned: null, planned: null }, reminder: { residential: quietAroundNow(), business: quietAroundNow() } }),
  });
  ({ handler: dispatcher } = await import('../../functions/outbound/handlers/dispatcher'));
  ({ handler: relay } = await import('../../functions/outbound/handlers/notice-relay'));
});

beforeEach(() => {
  sqsMock.reset();
  snsMock.reset();
  s3Mock.reset();
  sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [] });
  sqsMock.on(DeleteMessageCommand).resolves({});
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  snsMock.on(PublishCommand).callsFake((input: { PhoneNumber?: string }) => ({ MessageId: `sns-${input.PhoneNumber}` }));
});

describe('notice-relay: important customers on the priority queue', () => {
  it('queues an important customer on the priority queue with a wake-up on the bulk queue, everyone else on the bulk queue', async () => {
    const event = loadEvent<{ Records: { dynamodb: { NewImage: Record<string, unknown> } }[] }>('outbound/notice-stream-insert.json');
    const ordinary = event.Records[0]!;
    const important = structuredClone(ordinary);
    important.dynamodb.NewImage.noticeId = { S: 'outage#OUT-20261123-001#outage_initial#3301000009#voice' };
    important.dynamodb.NewImage.important = { BOOL: true };
    event.Records.push(important);
    expect(await relay(event, context())).toEqual({ queued: 2, important: 1, unreachable: 0 });
    const sent = sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(sent.map((batch) => batch.QueueUrl)).toEqual([PRIORITY, BULK]);
    expect(sent[0]!.Entries!.map((e) => e.MessageBody)).toEqual([JSON.stringify({ noticeId: 'outage#OUT-20261123-001#outage_initial#3301000009#voice' })]);
    expect(sent[1]!.Entries!.map((e) => e.MessageBody)).toEqual([JSON.stringify({ wake: 'priority' }), JSON.stringify({ noticeId: 'outage#OUT-20261123-001#outage_initial#3301000001#sms' })]);
  });

  it('sends no wake-up when nothing important was inserted', async () => {
    await relay(loadEvent('outbound/notice-stream-insert.json'), context());
    const sent = sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(sent.map((batch) => batch.QueueUrl)).toEqual([BULK]);
    expect(sent[0]!.Entries).toHaveLength(1);
  });
});

describe('outbound-dispatcher: important customers first', () => {
  it('texts the important customers waiting on the priority queue before its own batch, and takes them off that queue', async () => {
    const ordinary = [await pendingNotice(), await pendingNotice()];
    const important = [await pendingNotice({ important: true, customerType: 'business' }), await pendingNotice({ important: true })];
    priorityQueueHolding(...important.map((n) => JSON.stringify({ noticeId: n.noticeId })));
    const result = await dispatcher(bulkBatch(...ordinary.map((n) => JSON.stringify({ noticeId: n.noticeId }))), context());
    expect(result.batchItemFailures).toEqual([]);
    expect(textedInOrder()).toEqual([...important, ...ordinary].map((n) => n.to));
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: PRIORITY, ReceiptHandle: 'handle-0' },
      { QueueUrl: PRIORITY, ReceiptHandle: 'handle-1' },
    ]);
    for (const notice of [...important, ...ordinary]) expect((await store.get(notice.noticeId))?.status).toBe('sent');
  });

  it('a wake-up alone drains the priority queue, page after page', async () => {
    const important = await Promise.all(Array.from({ length: 12 }, () => pendingNotice({ important: true })));
    priorityQueueHolding(...important.map((n) => JSON.stringify({ noticeId: n.noticeId })));
    const result = await dispatcher(bulkBatch(JSON.stringify({ wake: 'priority' })), context());
    expect(result.batchItemFailures).toEqual([]);
    expect(textedInOrder().sort()).toEqual(important.map((n) => n.to).sort());
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(12);
  });

  it('leaves the priority queue alone when the invocation has no time to spare, and still sends its own batch', async () => {
    const ordinary = await pendingNotice();
    priorityQueueHolding(JSON.stringify({ noticeId: (await pendingNotice({ important: true })).noticeId }));
    await dispatcher(bulkBatch(JSON.stringify({ noticeId: ordinary.noticeId })), context(10_000));
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
    expect(textedInOrder()).toEqual([ordinary.to]);
  });

  it('keeps a priority message whose dispatch failed on the queue (SQS shows it again), and drops a malformed one', async () => {
    // The third failed attempt of a bill notice cannot be reported to billing (S3 is down): the dispatch throws.
    const failing = await pendingNotice({ important: true, attempts: 2, status: 'retrying', source: { kind: 'billing', id: 'B-LANES' } });
    snsMock.on(PublishCommand, { PhoneNumber: failing.to }).rejects(Object.assign(new Error('carrier said no'), { name: 'InternalErrorException' }));
    s3Mock.on(PutObjectCommand).rejects(new Error('S3 unavailable'));
    priorityQueueHolding(JSON.stringify({ noticeId: failing.noticeId }), '{"noticeId": 42}', 'not json');
    const result = await dispatcher(bulkBatch(JSON.stringify({ wake: 'priority' })), context());
    expect(result.batchItemFailures).toEqual([]);
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['handle-1', 'handle-2']);
  });

  it('hands back only the bulk message whose dispatch failed, and still sends the others in order', async () => {
    const [first, failing, last] = [await pendingNotice(), await pendingNotice({ attempts: 2, status: 'retrying', source: { kind: 'billing', id: 'B-LANES' } }), await pendingNotice()];
    // The third failed attempt of a bill notice cannot be reported to billing (S3 is down): the dispatch throws.
    snsMock.on(PublishCommand, { PhoneNumber: failing!.to }).rejects(Object.assign(new Error('carrier said no'), { name: 'InternalErrorException' }));
    s3Mock.on(PutObjectCommand).rejects(new Error('S3 unavailable'));
    const result = await dispatcher(bulkBatch(...[first, failing, last].map((n) => JSON.stringify({ noticeId: n!.noticeId }))), context());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bulk-1' }] });
    expect(textedInOrder()).toEqual([first!.to, failing!.to, last!.to]);
    expect((await store.get(last!.noticeId))?.status).toBe('sent');
  });

  it('reads a batch ahead of sending it, and still texts in queued order, never a number that sent STOP, twice to a number with two notices', async () => {
    const notices = await Promise.all(Array.from({ length: 25 }, () => pendingNotice()));
    const stopped = notices[7]!;
    const twice = await pendingNotice({ to: notices[3]!.to, noticeId: `outage#OUT-LANES-2#outage_initial#${notices[3]!.accountNumber}#sms` });
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.smsOptOut(stopped.to), optedOutAt: '2026-11-23T01:00:00.000Z' } }));
    const queued = [...notices, twice];
    const result = await dispatcher(bulkBatch(...queued.map((n) => JSON.stringify({ noticeId: n.noticeId }))), context());
    expect(result.batchItemFailures).toEqual([]);
    expect(textedInOrder()).toEqual(queued.filter((n) => n !== stopped).map((n) => n.to));
    expect((await store.get(stopped.noticeId))?.status).toBe('suppressed_opt_out');
    expect((await store.get(twice.noticeId))?.status).toBe('sent');
  });

  it('puts an important notice held by quiet hours back on the priority queue, with a wake-up', async () => {
    const reminder = await pendingNotice({ important: true, template: 'arrears_reminder', quietHours: 'reminder', source: { kind: 'billing', id: 'B9' } });
    priorityQueueHolding(JSON.stringify({ noticeId: reminder.noticeId }));
    await dispatcher(bulkBatch(JSON.stringify({ wake: 'priority' })), context());
    expect(textedInOrder()).toEqual([]);
    const sent = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sent.map((m) => [m.QueueUrl, m.MessageBody])).toEqual([
      [PRIORITY, JSON.stringify({ noticeId: reminder.noticeId })],
      [BULK, JSON.stringify({ wake: 'priority' })],
    ]);
    expect(sent.every((m) => m.DelaySeconds! > 0)).toBe(true);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });
});
