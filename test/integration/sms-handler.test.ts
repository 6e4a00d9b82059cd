import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import * as keys from '../../functions/shared/keys';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { smsEvent } from '../support/events';

// SNS and SQS cannot run here: they are mocked at the SDK boundary. DynamoDB is the real DynamoDB Local.
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.local/123/rejected-contacts';
const context = { functionName: 'sms-inbound', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

let handler: (event: unknown, context: Context) => Promise<{ results: { outcome: string; ticketId?: string; rejectedBecause?: string; replied?: boolean }[] }>;
let setup: Awaited<ReturnType<typeof freshTable>>;
let seq = 0;

/** A fresh message id and sender per case, so cases do not see each other as duplicates or threads. */
function message(fields: Record<string, unknown>) {
  seq++;
  return smsEvent({ inboundMessageId: `case-${seq}-${Date.now()}`, originationNumber: `+86137${String(seq).padStart(8, '0')}`, ...fields });
}

function rejectedBodies(): { reason: string; raw: unknown }[] {
  return sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}'));
}

beforeAll(async () => {
  setup = await freshTable('sms-handler');
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: QUEUE_URL });
  ({ handler } = await import('../../functions/sms/handlers/inbound-sms'));
});

beforeEach(() => {
  snsMock.reset();
  sqsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-reply-1' });
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
});

describe('sms-inbound handler', () => {
  it('answers a new message with its ticket number, from the sender to the sender', async () => {
    const event = message({ originationNumber: '+8613712345678', messageBody: 'How much is my bill this month?' });
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened', replied: true });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
    expect(snsMock).toReceiveCommandWith(PublishCommand, {
      PhoneNumber: '+8613712345678',
      Message: expect.stringContaining(results[0]!.ticketId!),
    });
  });

  it('does not answer or write again when SNS delivers the same message twice', async () => {
    const event = message({ messageBody: 'bill question' });
    const first = await handler(event, context);
    const second = await handler(structuredClone(event), context);
    expect(second.results[0]).toMatchObject({ outcome: first.results[0]!.outcome, ticketId: first.results[0]!.ticketId, duplicate: true, replied: false });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
  });

  it('answers STOP once in the sender language and keeps the number on the ledger', async () => {
    const event = message({ originationNumber: '+8613700000009', messageBody: '退订' });
    await handler(event, context);
    await handler(structuredClone(event), context);
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
    expect(snsMock).toReceiveCommandWith(PublishCommand, { Message: expect.stringContaining('退订') });
    const ledger = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.smsOptOut('+8613700000009') }));
    expect(ledger.Item).toBeDefined();
  });

  it('records a message from an opted-out number without texting back', async () => {
    await handler(message({ originationNumber: '+8613700000010', messageBody: 'STOP' }), context);
    snsMock.resetHistory();
    const { results } = await handler(message({ originationNumber: '+8613700000010', messageBody: 'complaint: rude staff' }), context);
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened', replied: false });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
  });

  it('answers a message whose SNS timestamp is in the year 10000 (Shanghai time), its clocks started on receipt', async () => {
    const event = smsEvent({ inboundMessageId: `year-10000-${Date.now()}`, originationNumber: '+8613800000200', messageBody: 'complaint: the meter reader was rude' });
    event.Records[0]!.Sns.Timestamp = '9999-12-31T20:00:00.000Z';
    const before = Date.now();
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened', replied: true });
    const { Item: ticket } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(results[0]!.ticketId!) }));
    expect(Date.parse(ticket!.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(ticket!.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(ticket!.due.departmentAnswer)).toBeLessThan(before + 30 * 86_400_000);
    const contactKey = `sms#${JSON.parse(event.Records[0]!.Sns.Message).inboundMessageId}`;
    const { Item: contact } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.contact(contactKey) }));
    expect(contact).toMatchObject({ providerTimestamp: '9999-12-31T20:00:00.000Z', receivedAt: ticket!.createdAt });
  });

  it('answers a whitespace-only message with the help text instead of opening a ticket', async () => {
    for (const blank of ['   ', '\n\t \u3000', '']) {
      snsMock.resetHistory();
      // Not message(): its numbering would shift, and a later case would get the opted-out number.
      const event = smsEvent({ inboundMessageId: `blank-${blank.length}-${Date.now()}`, originationNumber: `+861380000010${blank.length}`, messageBody: blank });
      const { results } = await handler(event, context);
      expect(results[0]).toMatchObject({ outcome: 'help', replied: true });
      expect(results[0]!.ticketId).toBeUndefined();
      expect(snsMock).toReceiveCommandWith(PublishCommand, { Message: expect.stringMatching(/退订|STOP|HELP|帮助/) });
    }
  });

  it('keeps an event nested 10,000 deep in the rejected-contacts queue instead of failing there', async () => {
    const event: Record<string, unknown> = {};
    let node = event;
    for (let i = 0; i < 10_000; i++) node = (node.Records = {}) as Record<string, unknown>;
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected', rejectedBecause: 'not an SNS event' });
    expect(rejectedBodies().at(-1)).toMatchObject({ reason: 'not an SNS event', raw: expect.stringContaining('Records') });
  });

  it('keeps a long 2,000-character message whole on the ticket timeline and still answers', async () => {
    const body = `停电了，${'楼道里的灯也不亮。'.repeat(222)}`.slice(0, 2000);
    const { results } = await handler(message({ messageBody: body }), context);
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened', replied: true });
    const ticket = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(results[0]!.ticketId!) }));
    expect(ticket.Item?.summary.length).toBeLessThanOrEqual(280);
  });

  it('takes Chinese with emoji and hostile markup as plain text', async () => {
    const body = '投诉😡<script>alert(1)</script>\'; DROP TABLE tickets;--';
    const { results } = await handler(message({ messageBody: body }), context);
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened' });
    const ticket = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(results[0]!.ticketId!) }));
    expect(ticket.Item).toMatchObject({ type: 'complaint', summary: body });
  });

  it.each([
    ['a malformed SNS envelope', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'x' } }] }, 'not an SNS event'],
    ['an event that is not SNS at all', 'just a string', 'not an SNS event'],
  ])('keeps %s in the rejected-contacts queue, raw', async (_name, event, reason) => {
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected' });
    expect(rejectedBodies()).toEqual([expect.objectContaining({ reason, raw: event })]);
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
  });

  it('keeps a message body that is not JSON, with the whole record', async () => {
    const event = message({});
    event.Records[0]!.Sns.Message = 'hello, not json';
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected', rejectedBecause: 'message_not_json' });
    expect(JSON.stringify(rejectedBodies()[0]?.raw)).toContain('hello, not json');
  });

  it.each([
    ['no originationNumber', { originationNumber: undefined }, 'invalid_sms_payload'],
    ['an originationNumber that is not a phone', { originationNumber: '+1' }, 'invalid_origination_number'],
    ['a 6,000-character body', { messageBody: 'x'.repeat(6_000) }, 'invalid_sms_payload'],
    ['no inboundMessageId', { inboundMessageId: '' }, 'invalid_sms_payload'],
  ])('rejects a message with %s without a ticket or a reply', async (_name, fields, reason) => {
    const event = smsEvent({ inboundMessageId: `bad-${++seq}`, ...fields });
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected', rejectedBecause: reason });
    expect(rejectedBodies()).toHaveLength(1);
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
  });

  it('keeps the reply for replay when SNS refuses it, without failing the contact', async () => {
    snsMock.on(PublishCommand).rejects(new Error('Throttling'));
    const { results } = await handler(message({ messageBody: 'bill please' }), context);
    expect(results[0]?.outcome).toBe('ticket_opened');
    expect(rejectedBodies()).toEqual([expect.objectContaining({ reason: 'reply_not_sent', raw: expect.objectContaining({ text: expect.stringContaining(results[0]!.ticketId!) }) })]);
  });

  it('throws, so Lambda retries and then dead-letters, when DynamoDB is unavailable', async () => {
    vi.resetModules();
    vi.stubEnv('TABLE_NAME', 'no-such-table');
    const broken = await import('../../functions/sms/handlers/inbound-sms');
    await expect(broken.handler(message({ messageBody: 'bill' }), context)).rejects.toThrow();
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
    vi.stubEnv('TABLE_NAME', setup.tableName);
  });
});
