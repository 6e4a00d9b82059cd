import { describe, expect, it } from 'vitest';
import { rejectedMessageBody } from '../../functions/shared/rejected-contacts';
import { planReplay } from '../../replay/plan';
import { replayKept, type ReplayTargets } from '../../replay/replay';
import { loadEvent, smsEvent } from '../support/events';

const at = new Date('2026-11-24T02:00:00Z');

describe('what a kept message is, and how it is replayed', () => {
  it('sends an SNS event kept by the function DLQ back to sms-inbound, and an SES receipt to email-inbound', () => {
    const sms = smsEvent({ messageBody: 'no power' });
    expect(planReplay({ body: JSON.stringify(sms) })).toEqual({ kind: 'invoke', functionName: 'sms-inbound', event: sms });
    const ses = loadEvent('ses/receipt-lambda-action.json');
    expect(planReplay({ body: JSON.stringify(ses) })).toEqual({ kind: 'invoke', functionName: 'email-inbound', event: ses });
  });

  it('replays a local DLQ entry through the function it names', () => {
    expect(planReplay({ body: '{"Details":{}}', functionName: 'voice-ivr' })).toEqual({ kind: 'invoke', functionName: 'voice-ivr', event: { Details: {} } });
  });

  it('unwraps an on-failure destination record and an undelivered SNS notification', () => {
    const payload = smsEvent({ messageBody: 'hello' });
    const record = { version: '1.0', requestContext: { functionArn: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-dev-sms:$LATEST', condition: 'RetriesExhausted' }, requestPayload: payload };
    expect(planReplay({ body: JSON.stringify(record) })).toEqual({ kind: 'invoke', functionName: 'hotline-dev-sms', event: payload });
    const notification = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:ap-southeast-1:111122223333:inbound', Message: '{}', Timestamp: at.toISOString() };
    expect(planReplay({ body: JSON.stringify(notification) })).toMatchObject({ kind: 'invoke', functionName: 'sms-inbound', event: { Records: [{ EventSource: 'aws:sns', Sns: notification }] } });
  });

  it('sends a kept reply again, and leaves bad input and cut payloads for a person', () => {
    const reply = rejectedMessageBody({ source: 'sms-inbound', reason: 'reply_not_sent', replay: 'sms_reply', contactKey: 'sms#1', raw: { to: '+8613700000001', text: 'ticket 1' } }, at);
    expect(planReplay({ body: reply })).toEqual({ kind: 'sms_reply', to: '+8613700000001', text: 'ticket 1', contactKey: 'sms#1' });
    // Written before `replay` existed: the reason says it.
    const older = JSON.stringify({ source: 'email-inbound', reason: 'reply_not_sent', raw: { to: 'a@example.com', subject: 'Re: x', text: 't' } });
    expect(planReplay({ body: older })).toEqual({ kind: 'email_reply', to: 'a@example.com', subject: 'Re: x', text: 't' });
    const bad = rejectedMessageBody({ source: 'sms-inbound', reason: 'invalid_origination_number: not a phone number', raw: { x: 1 } }, at);
    expect(planReplay({ body: bad })).toMatchObject({ kind: 'not_replayable', reason: expect.stringContaining('invalid_origination_number') });
    const cut = JSON.stringify({ source: 'voice-ivr', reason: 'dependency_failed', replay: 'invoke', rawTruncated: true, raw: '{"Det' });
    expect(planReplay({ body: cut })).toMatchObject({ kind: 'not_replayable' });
    expect(planReplay({ body: 'not json' })).toMatchObject({ kind: 'not_replayable' });
  });
});

describe('replayKept', () => {
  it('marks done only what was replayed, and reports the rest', async () => {
    const calls: string[] = [];
    const targets: ReplayTargets = {
      invoke: async (name) => (name === 'email-inbound' ? { ok: false, error: 'TimeoutError' } : { ok: true, result: { results: [] } }),
      sendSms: async (to) => void calls.push(`sms ${to}`),
      sendEmail: async () => {
        throw new Error('SES down');
      },
    };
    const done: string[] = [];
    const report = await replayKept(
      [
        { id: 'a', message: { body: JSON.stringify(smsEvent({})) } },
        { id: 'b', message: { body: '{}', functionName: 'email-inbound' } },
        { id: 'c', message: { body: rejectedMessageBody({ source: 'sms-inbound', reason: 'reply_not_sent', replay: 'sms_reply', raw: { to: '+8613700000002', text: 't' } }, at) } },
        { id: 'd', message: { body: rejectedMessageBody({ source: 'email-inbound', reason: 'reply_not_sent', replay: 'email_reply', raw: { to: 'x@example.com', subject: 's', text: 't' } }, at) } },
        { id: 'e', message: { body: rejectedMessageBody({ source: 'sms-inbound', reason: 'not an SNS event', raw: 1 }, at) } },
      ],
      targets,
      (outcome) => void done.push(outcome.id),
    );
    expect(done).toEqual(['a', 'c']);
    expect(calls).toEqual(['sms +8613700000002']);
    expect(report).toMatchObject({ replayed: 2, failed: 2, notReplayable: 1 });
  });
});
