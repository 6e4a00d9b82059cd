import type { Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import * as keys from '../../functions/shared/keys';
import { DynamoNoticeStore } from '../../functions/outbound/adapters/dynamo-notice-store';
import type { Notice } from '../../functions/outbound/notice';
import { freshTable, OUTBOUND_TEST_RESOURCES, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent, smsDeliveryLogEvent } from '../support/events';


// SQS, S3 and SNS cannot run here: mocked at the SDK boundary. The notices are in DynamoDB Local.
const sqsMock = mockClient(SQSClient);
const s3Mock = mockClient(S3Client);
const snsMock = mockClient(SNSClient);
const { DISPATCH_QUEUE_URL: BULK, PRIORITY_DISPATCH_QUEUE_URL: PRIORITY } = OUTBOUND_TEST_RESOURCES;
const TOPIC = OUTBOUND_TEST_RESOURCES.UNREACHABLE_TOPIC_ARN;

let setup: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoNoticeStore;
let handler: (event: unknown, context: Context) => Promise<{ receipts: number; outcomes: Record<string, number> }>;
let relay: (event: unknown, context: Context) => Promise<{ unreachable: number }>;
let seq = 0;
const context = { functionName: 'delivery-receipts', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/** A notice the dispatcher sent as attempt `attempts`, with the provider's id for it. */
async function sentNotice(fields: Partial<Notice> = {}): Promise<{ notice: Notice; providerMessageId: string }> {
  seq++;
  const account = `20000${String(seq).padStart(5, '0')}`;
  const channel = fields.channel ?? 'sms';
  const notice: Notice = {
    noticeId: `billing#B7#arrears_reminder#${account}#${channel}`,
    channel,
    template: 'arrears_reminder',
    language: 'zh-CN',
    to: `+86139${String(seq).padStart(8, '0')}`,
    accountNumber: account,
    important: false,
    customerType: 'residential',
    params: {},
    quietHours: 'reminder',
    source: { kind: 'billing', id: 'B7' },
    status: 'pending',
    attempts: 0,
    createdAt: '2026-03-10T01:00:00.000Z',
    notBefore: '2026-03-10T01:00:00.000Z',
    ...fields,
  };
  await store.create({ ...notice, attempts: 0, status: 'pending' });
  const providerMessageId = `provider-${seq}-${channel}`;
  // As the dispatcher does: claim each attempt; fail all but the last; the last is sent.
  for (let attempt = 1; attempt <= notice.attempts; attempt++) {
    const at = new Date(Date.parse('2026-03-10T01:00:00Z') + attempt * 60_000);
    expect(await store.claim(notice.noticeId, attempt - 1, at, new Date(at.getTime() + 60_000))).toBe(true);
    if (attempt < notice.attempts) await store.markRetrying(notice.noticeId, attempt, at, at, 'ThrottlingException');
    else await store.markSent(notice.noticeId, attempt, at, { channel, providerMessageId });
  }
  return { notice, providerMessageId };
}

beforeAll(async () => {
  setup = await freshTable('receipts');
  store = new DynamoNoticeStore(setup.doc, setup.tableName);
  stubFunctionEnvironment(setup, {
    ...OUTBOUND_TEST_RESOURCES,
    RETRY_BACKOFF_SECONDS: '300,1800',
    // Logging as deployed, so a test can read what the function writes (the others' lines are muted).
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  ({ handler } = await import('../../functions/outbound/handlers/delivery-receipts'));
  ({ handler: relay } = await import('../../functions/outbound/handlers/notice-relay'));
});

/** The stream record the table sends notice-relay for a notice's change (MODIFY, new and old images), from the item as stored. */
async function streamChange(noticeId: string, oldStatus: string) {
  const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.notice(noticeId), ConsistentRead: true }));
  const event = loadEvent<{ Records: Record<string, unknown>[] }>('outbound/notice-stream-insert.json');
  const newImage = marshall(Item!, { removeUndefinedValues: true });
  return { Records: [{ ...event.Records[0], eventName: 'MODIFY', dynamodb: { Keys: marshall(keys.notice(noticeId)), NewImage: newImage, OldImage: { ...newImage, status: { S: oldStatus } } } }] };
}

beforeEach(() => {
  // The INFO lines of the other tests would bury the report.
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  onTestFinished(() => quiet.mockRestore());
  sqsMock.reset();
  s3Mock.reset();
  snsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
  s3Mock.on(PutObjectCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'e' });
});

describe('delivery-receipts: SMS delivery-status logs', () => {
  it('records a text the carrier accepted as delivered, once however often the log line arrives', async () => {
    const { notice, providerMessageId } = await sentNotice({ attempts: 1 });
    const event = smsDeliveryLogEvent([{ messageId: providerMessageId, status: 'SUCCESS' }]);
    expect((await handler(event, context)).outcomes).toEqual({ delivered: 1 });
    expect((await handler(event, context)).outcomes).toEqual({ already_recorded: 1 });
    expect(await store.get(notice.noticeId)).toMatchObject({ status: 'delivered', attempts: 1, providerMessageId });
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('treats an undelivered text as a failed attempt: retried after the backoff, back on its lane', async () => {
    const { notice, providerMessageId } = await sentNotice({ attempts: 1 });
    const important = await sentNotice({ attempts: 1, important: true });
    const event = smsDeliveryLogEvent([
      { messageId: providerMessageId, status: 'FAILURE', providerResponse: 'Phone is currently unreachable/unavailable' },
      { messageId: important.providerMessageId, status: 'FAILURE' },
    ]);
    expect((await handler(event, context)).outcomes).toEqual({ retrying: 2 });
    const stored = await store.get(notice.noticeId);
    expect(stored).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'NotDelivered: Phone is currently unreachable/unavailable' });
    expect(Date.parse(stored!.notBefore) - Date.now()).toBeGreaterThan(290_000);
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: BULK, MessageBody: JSON.stringify({ noticeId: notice.noticeId }), DelaySeconds: 300 });
    // The important customer's goes back on the priority queue, with a wake-up on the bulk queue.
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: PRIORITY, MessageBody: JSON.stringify({ noticeId: important.notice.noticeId }) });
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: BULK, MessageBody: JSON.stringify({ wake: 'priority' }) });
    // The same failure line again (at-least-once delivery) changes nothing.
    sqsMock.resetHistory();
    expect((await handler(event, context)).outcomes).toEqual({ not_a_notice: 2 });
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('after the third attempt is not delivered, puts the customer on the unreachable list for billing', async () => {
    const { notice, providerMessageId } = await sentNotice({ attempts: 3 });
    expect((await handler(smsDeliveryLogEvent([{ messageId: providerMessageId, status: 'FAILURE' }]), context)).outcomes).toEqual({ unreachable: 1 });
    expect(await store.get(notice.noticeId)).toMatchObject({ status: 'unreachable', attempts: 3 });
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'billing-bucket', Key: expect.stringMatching(/^unreachable\/B7\//) });
    // The report is the CSV billing opens in a spreadsheet: a header and the customer's row.
    const [header, row] = String(s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Body).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('noticeId,sourceKind,sourceId,accountNumber,template,channel,attempts,lastError,at');
    expect(row).toContain(`,billing,B7,${notice.accountNumber},`);
    expect(row).toMatch(/,3,"?NotDelivered/);
    // delivery-receipts publishes no event itself (issue 12, item 8): the table's change does, through notice-relay.
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);

    expect(await relay(await streamChange(notice.noticeId, 'sent'), context)).toMatchObject({ unreachable: 1 });
    const reportKey = s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Key;
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    const published = snsMock.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(published.TopicArn).toBe(TOPIC);
    expect(JSON.parse(published.Message!)).toMatchObject({
      type: 'customer_unreachable', noticeId: notice.noticeId, accountNumber: notice.accountNumber, attempts: 3, source: { kind: 'billing', id: 'B7' },
      report: { bucket: 'billing-bucket', key: reportKey },
    });
    expect(published.Message).not.toContain(notice.to);
    // A change that is not the one to unreachable (a later touch of an unreachable notice) publishes nothing.
    expect(await relay(await streamChange(notice.noticeId, 'unreachable'), context)).toMatchObject({ unreachable: 0 });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('ignores receipts for messages that are not notices (replies to inbound texts) and lines that are not delivery records', async () => {
    const { notice, providerMessageId } = await sentNotice({ attempts: 1 });
    const event = smsDeliveryLogEvent([
      { messageId: 'reply-to-an-inbound-text', status: 'SUCCESS' },
      'not json at all',
      JSON.stringify({ notification: { messageId: providerMessageId }, status: 'MAYBE' }),
      JSON.stringify({ notification: { messageId: providerMessageId }, delivery: {}, status: 'SUCCESS' }),
    ]);
    expect(await handler(event, context)).toEqual({ receipts: 2, outcomes: { not_a_notice: 1, delivered: 1 } });
    expect((await store.get(notice.noticeId))?.status).toBe('delivered');
  });

  it('rejects an event that is not a log delivery or a contact event, or whose data is not gzip, so Lambda dead-letters it', async () => {
    for (const event of [{}, { awslogs: { data: 'bm90IGd6aXA=' } }, { awslogs: { data: 'x'.repeat(2_000_001) } }, { Records: [] }, 'text']) {
      await expect(handler(event, context)).rejects.toThrow();
    }
  });

  it('logs no phone number, account number or provider text, and keeps no number from the provider text', async () => {
    // The logger writes each line to process.stdout; stderr is read too, for anything else a dependency might print.
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
    try {
      const { notice, providerMessageId } = await sentNotice({ attempts: 1 });
      await handler(smsDeliveryLogEvent([{ messageId: providerMessageId, status: 'FAILURE', providerResponse: `Unknown subscriber ${notice.to}` }]), context);
      const logged = lines.join('\n');
      expect(logged).toContain('delivery receipt');
      for (const secret of [notice.to, notice.to.slice(1), notice.accountNumber, 'Unknown subscriber']) expect(logged).not.toContain(secret);
      // Nor is the number kept in the notice's reason (it reaches billing's unreachable report).
      expect((await store.get(notice.noticeId))?.lastError).toBe('NotDelivered: Unknown subscriber [number]');
    } finally {
      write.mockRestore();
      warn.mockRestore();
    }
  });
});

describe('delivery-receipts: outbound call contact events', () => {
  it('records an answered notice call as delivered, and an unanswered one as a failed attempt', async () => {
    const answered = await sentNotice({ channel: 'voice', attempts: 1 });
    const event = loadEvent<{ detail: Record<string, unknown> }>('outbound/connect-outbound-call-disconnected.json');
    event.detail.contactId = answered.providerMessageId;
    expect((await handler(event, context)).outcomes).toEqual({ delivered: 1 });
    expect((await store.get(answered.notice.noticeId))?.status).toBe('delivered');

    const unanswered = await sentNotice({ channel: 'voice', attempts: 1 });
    const missed = loadEvent<{ detail: Record<string, unknown> }>('outbound/connect-outbound-call-disconnected.json');
    missed.detail.contactId = unanswered.providerMessageId;
    delete missed.detail.connectedToSystemTimestamp;
    missed.detail.disconnectReason = 'TELECOM_PROBLEM';
    expect((await handler(missed, context)).outcomes).toEqual({ retrying: 1 });
    expect(await store.get(unanswered.notice.noticeId)).toMatchObject({ status: 'retrying', lastError: 'NotDelivered: call not answered (TELECOM_PROBLEM)' });
  });

  it('ignores inbound calls and events other than the disconnect', async () => {
    const { notice, providerMessageId } = await sentNotice({ channel: 'voice', attempts: 1 });
    for (const change of [{ initiationMethod: 'INBOUND' }, { eventType: 'CONNECTED_TO_SYSTEM' }]) {
      const event = loadEvent<{ detail: Record<string, unknown> }>('outbound/connect-outbound-call-disconnected.json');
      Object.assign(event.detail, { contactId: providerMessageId, ...change });
      expect(await handler(event, context)).toEqual({ receipts: 0, outcomes: {} });
    }
    expect((await store.get(notice.noticeId))?.status).toBe('sent');
  });
});
