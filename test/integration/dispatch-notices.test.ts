import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConnectVoiceCaller } from '../../functions/outbound/adapters/connect-voice-caller';
import { DynamoNoticeStore, DynamoOptOutLedger } from '../../functions/outbound/adapters/dynamo-notice-store';
import { S3UnreachableReporter } from '../../functions/outbound/adapters/s3-unreachable-reporter';
import { callClientToken, dispatchNotice, type DispatchDeps } from '../../functions/outbound/dispatch';
import type { Notice } from '../../functions/outbound/notice';
import { DEFAULT_QUIET_HOURS } from '../../functions/outbound/quiet-hours';
import { noticeRenderer } from '../../functions/outbound/render';
import * as keys from '../../functions/shared/keys';
import { SnsSmsSender } from '../../functions/sms/adapters/sns-sms-sender';
import { freshTable } from '../support/dynamo';

// SNS, Connect and S3 cannot run here: mocked at the SDK boundary. The outbox is the real DynamoDB Local.
const snsMock = mockClient(SNSClient);
const connectMock = mockClient(ConnectClient);
const s3Mock = mockClient(S3Client);

let setup: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoNoticeStore;
let now: Date;
let seq = 0;

function deps(): DispatchDeps {
  const noPacing = { take: async () => ({ sent: () => {}, release: () => {} }) };
  return {
    notices: store,
    optOuts: new DynamoOptOutLedger(setup.doc, setup.tableName),
    sms: new SnsSmsSender(new SNSClient({ region: 'local' }), '+8695598'),
    voice: new ConnectVoiceCaller(new ConnectClient({ region: 'local' }), { instanceId: 'i-1', contactFlowId: 'flow-1', sourcePhoneNumber: '+8695598' }),
    unreachable: new S3UnreachableReporter(new S3Client({ region: 'local' }), 'billing-bucket'),
    pacers: { sms: noPacing, voice: noPacing },
    text: noticeRenderer({ utilityName: 'Riverside' }),
    quietHours: DEFAULT_QUIET_HOURS,
    now: () => now,
    retryBackoffSeconds: [300, 1800],
    claimSeconds: 60,
  };
}

async function billNotice(fields: Partial<Notice> = {}): Promise<Notice> {
  seq++;
  const phone = `+86139${String(seq).padStart(8, '0')}`;
  const account = `10000${String(seq).padStart(5, '0')}`;
  const channel = fields.channel ?? 'sms';
  const notice: Notice = {
    noticeId: `billing#B1#bill_notice#${account}#${channel}`,
    channel,
    template: 'bill_notice',
    language: 'en',
    to: phone,
    accountNumber: account,
    important: false,
    customerType: 'residential',
    params: { meterReadingDate: '2026-03-01', reading: 10234, kwhUsed: 215, amount: 120.4, previousBalance: 0, amountDue: 120.4 },
    quietHours: 'reminder',
    source: { kind: 'billing', id: 'B1' },
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
    notBefore: now.toISOString(),
    ...fields,
  };
  await store.create(notice);
  return notice;
}

beforeAll(async () => {
  setup = await freshTable('dispatch');
  store = new DynamoNoticeStore(setup.doc, setup.tableName);
});

beforeEach(() => {
  now = new Date('2026-03-10T02:00:00Z'); // 10:00 in Shanghai, a Tuesday
  snsMock.reset();
  connectMock.reset();
  s3Mock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'sms-1' });
  connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'contact-1' });
  s3Mock.on(PutObjectCommand).resolves({});
});

describe('dispatching a notice', () => {
  it('texts the customer once with the scripted greeting, and records it sent', async () => {
    const notice = await billNotice();
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'sent', attempt: 1 });
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'already_done', status: 'sent' });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
    expect(snsMock).toReceiveCommandWith(PublishCommand, {
      PhoneNumber: notice.to,
      Message: expect.stringMatching(/^Hello, the Riverside power supply 95598 service line with your bill notice\..*amount due CNY 120\.40/),
    });
    expect(await store.get(notice.noticeId)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'sms-1' });
  });

  it('sends only once when two workers take the same notice at the same time', async () => {
    const notice = await billNotice();
    const outcomes = await Promise.all([dispatchNotice(notice.noticeId, deps()), dispatchNotice(notice.noticeId, deps())]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['claimed_elsewhere', 'sent']);
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
  });

  it('never texts or calls a number that sent STOP', async () => {
    const sms = await billNotice();
    const voice = await billNotice({ channel: 'voice' });
    for (const n of [sms, voice]) await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.smsOptOut(n.to), optedOutAt: now.toISOString() } }));
    expect(await dispatchNotice(sms.noticeId, deps())).toEqual({ kind: 'suppressed_opt_out' });
    expect(await dispatchNotice(voice.noticeId, deps())).toEqual({ kind: 'suppressed_opt_out' });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
    expect(connectMock).toReceiveCommandTimes(StartOutboundVoiceContactCommand, 0);
    expect(await store.get(sms.noticeId)).toMatchObject({ status: 'suppressed_opt_out', attempts: 0 });
  });

  it('does not call a number on the voice opt-out ledger, but still texts it', async () => {
    const voice = await billNotice({ channel: 'voice' });
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.voiceOptOut(voice.to), optedOutAt: now.toISOString() } }));
    expect(await dispatchNotice(voice.noticeId, deps())).toEqual({ kind: 'suppressed_opt_out' });
    const sms = await billNotice({ to: voice.to });
    expect(await dispatchNotice(sms.noticeId, deps())).toMatchObject({ kind: 'sent' });
  });

  it('holds a bill notice at 23:00 until 08:00, without spending an attempt', async () => {
    now = new Date('2026-03-10T15:00:00Z'); // 23:00 in Shanghai
    const notice = await billNotice();
    expect(await dispatchNotice(notice.noticeId, deps())).toEqual({ kind: 'deferred_quiet_hours', retryAt: '2026-03-11T00:00:00.000Z' });
    expect(await dispatchNotice(notice.noticeId, deps())).toEqual({ kind: 'not_yet', retryAt: '2026-03-11T00:00:00.000Z' });
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 0);
    now = new Date('2026-03-11T00:00:00Z');
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'sent', attempt: 1 });
  });

  it('calls with a client token derived from the notice and attempt', async () => {
    const notice = await billNotice({ channel: 'voice', language: 'zh-CN' });
    await dispatchNotice(notice.noticeId, deps());
    expect(connectMock).toReceiveCommandWith(StartOutboundVoiceContactCommand, {
      DestinationPhoneNumber: notice.to,
      ClientToken: callClientToken(notice.noticeId, 1),
      Attributes: expect.objectContaining({ script: expect.stringMatching(/^您好，Riverside供电公司95598服务热线为您送达电费通知。/) }),
    });
  });

  it('retries with backoff, and after the third failure puts the customer on the unreachable list', async () => {
    snsMock.on(PublishCommand).callsFake((input: { PhoneNumber?: string }) => {
      if (input.PhoneNumber) throw Object.assign(new Error('phone unreachable'), { name: 'InvalidParameterException' });
      return { MessageId: 'event-1' };
    });
    const notice = await billNotice();
    const first = await dispatchNotice(notice.noticeId, deps());
    expect(first).toEqual({ kind: 'retrying', attempt: 1, retryAt: '2026-03-10T02:05:00.000Z', error: 'InvalidParameterException' });
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'not_yet' });
    now = new Date('2026-03-10T02:05:00Z');
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'retrying', attempt: 2, retryAt: '2026-03-10T02:35:00.000Z' });
    now = new Date('2026-03-10T02:35:00Z');
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'unreachable', attempt: 3 });
    expect(await store.get(notice.noticeId)).toMatchObject({ status: 'unreachable', attempts: 3 });
    expect(s3Mock).toReceiveCommandWith(PutObjectCommand, {
      Bucket: 'billing-bucket',
      Key: expect.stringMatching(/^unreachable\/B1\/.+\.csv$/),
      Body: expect.stringContaining(`,${notice.accountNumber},`),
      ContentType: 'text/csv; charset=utf-8',
    });
    // The dispatcher texts numbers and publishes to no topic: notice-relay sends the event from the table's change (issue 12, item 8).
    expect(snsMock.commandCalls(PublishCommand).filter((call) => call.args[0].input.TopicArn !== undefined)).toEqual([]);
    // The phone number stays out of the report: billing has it.
    expect(JSON.stringify(s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Body)).not.toContain(notice.to);
    expect(await dispatchNotice(notice.noticeId, deps())).toMatchObject({ kind: 'already_done', status: 'unreachable' });
  });
});
