import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MAX_REJECTED_MESSAGE_BYTES, RejectedContactsQueue } from '../../functions/shared/rejected-contacts';

// SQS is mocked at the SDK boundary: what matters is the message the queue would be sent.
const sqsMock = mockClient(SQSClient);
const queue = new RejectedContactsQueue(new SQSClient({}), 'https://sqs.local/123/rejected');
const AT = new Date('2026-12-01T02:00:00Z');

function sent(): { body: string; parsed: Record<string, unknown> } {
  const body = sqsMock.commandCalls(SendMessageCommand).at(-1)!.args[0].input.MessageBody!;
  return { body, parsed: JSON.parse(body) as Record<string, unknown> };
}

function nested(depth: number): unknown {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) node = (node.a = {}) as Record<string, unknown>;
  return root;
}

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

describe('the rejected-contacts queue keeps anything it is given', () => {
  it('keeps an ordinary payload whole, as JSON', async () => {
    await queue.keep({ source: 'sms-inbound', reason: 'not an SNS event', raw: { hello: '你好' } }, AT);
    expect(sent().parsed).toEqual({ source: 'sms-inbound', reason: 'not an SNS event', at: AT.toISOString(), rawTruncated: false, raw: { hello: '你好' } });
  });

  it('keeps JSON nested 10,000 deep, as text with a note, instead of failing', async () => {
    await queue.keep({ source: 'sms-inbound', reason: 'not an SNS event', raw: nested(10_000) }, AT);
    const { parsed } = sent();
    expect(parsed).toMatchObject({ source: 'sms-inbound', rawTruncated: false, rawNote: expect.stringMatching(/not serialisable as JSON/) });
    expect(parsed.raw).toEqual(expect.stringContaining('{ a: { a: {'));
  });

  it('keeps a circular or BigInt payload, as text with a note', async () => {
    const circular: Record<string, unknown> = { id: 1 };
    circular.self = circular;
    await queue.keep({ source: 'email-inbound', reason: 'x', raw: { circular, big: 10n } }, AT);
    expect(sent().parsed).toMatchObject({ rawNote: expect.stringMatching(/not serialisable as JSON/), raw: expect.stringContaining('[Circular') });
  });

  it('cuts a payload over the message limit by bytes (Chinese text is 3 bytes a character), with a note', async () => {
    await queue.keep({ source: 'sms-inbound', reason: 'too long', raw: { messageBody: '停电'.repeat(200_000) } }, AT);
    const { body, parsed } = sent();
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_REJECTED_MESSAGE_BYTES);
    expect(parsed).toMatchObject({ rawTruncated: true, rawNote: expect.stringMatching(/cut to \d+ of 1200\d+ bytes/), raw: expect.stringMatching(/^\{"messageBody":"停电停电/) });
  });

  it('stays under the limit when escaping would grow the cut text', async () => {
    await queue.keep({ source: 'sms-inbound', reason: 'x', raw: ['"\\\u0001'.repeat(200_000)] }, AT);
    expect(Buffer.byteLength(sent().body)).toBeLessThanOrEqual(MAX_REJECTED_MESSAGE_BYTES);
    expect(sent().parsed.rawTruncated).toBe(true);
  });
});
