import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describeSnsCommand, describeSqsCommand, LocalOutbox, LocalOutboxUnsupportedCommandError } from '../../local/outbox';

const QUEUE_URL = 'http://localhost/queue/rejected-contacts';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('local outbox middleware', () => {
  let dataDir: string;
  // A listener standing in for AWS: any connection to it means a call left the SDK.
  let fakeAws: Server;
  let connections = 0;
  let endpoint: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'outbox-'));
    fakeAws = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => fakeAws.listen(0, '127.0.0.1', () => done()));
    const address = fakeAws.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((done) => fakeAws.close(done));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records an SMS publish without it leaving the machine, and reads it back', async () => {
    const sns = new SNSClient({ region: 'local', credentials, endpoint, maxAttempts: 1 });
    const outbox = new LocalOutbox(dataDir, () => new Date('2026-03-02T01:00:00.000Z'));
    outbox.attach(sns, describeSnsCommand);

    const output = await sns.send(
      new PublishCommand({
        PhoneNumber: '+8613800000000',
        Message: '您的报修已受理',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+8695598' },
        },
      }),
    );

    expect(connections).toBe(0);
    expect(output.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(outbox.read('outbox')).toEqual([
      {
        at: '2026-03-02T01:00:00.000Z',
        channel: 'sms',
        to: '+8613800000000',
        from: '+8695598',
        text: '您的报修已受理',
        attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional', 'AWS.MM.SMS.OriginationNumber': '+8695598' },
      },
    ]);
    // One JSON object per line, for a person with `cat`.
    expect(readFileSync(outbox.path('outbox'), 'utf8').trim().split('\n')).toHaveLength(1);
    sns.destroy();
  });

  it('records a rejected contact as a DLQ entry with the MD5 the SQS client checks', async () => {
    const sqs = new SQSClient({ region: 'local', credentials, endpoint, maxAttempts: 1 });
    const outbox = new LocalOutbox(dataDir);
    outbox.attach(sqs, describeSqsCommand(QUEUE_URL));
    const body = JSON.stringify({ source: 'sms-inbound', reason: 'not an SNS event', raw: { hello: '世界' } });

    const output = await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: body }));

    expect(connections).toBe(0);
    expect(output.MessageId).toBeTruthy();
    expect(outbox.read('dlq')).toEqual([{ at: expect.any(String), queue: QUEUE_URL, body }]);
    sqs.destroy();
  });

  it('refuses commands it does not emulate instead of calling AWS', async () => {
    const sns = new SNSClient({ region: 'local', credentials, endpoint, maxAttempts: 1 });
    new LocalOutbox(dataDir).attach(sns, describeSnsCommand);

    await expect(sns.send(new ListTopicsCommand({}))).rejects.toBeInstanceOf(LocalOutboxUnsupportedCommandError);
    expect(connections).toBe(0);
    sns.destroy();
  });

  it('gives distinct ids to two identical sends, continuing the journal across instances', async () => {
    const sns = new SNSClient({ region: 'local', credentials, endpoint, maxAttempts: 1 });
    new LocalOutbox(dataDir).attach(sns, describeSnsCommand);
    const first = await sns.send(new PublishCommand({ PhoneNumber: '+8613900000000', Message: 'same' }));
    new LocalOutbox(dataDir).attach(sns, describeSnsCommand);
    const second = await sns.send(new PublishCommand({ PhoneNumber: '+8613900000000', Message: 'same' }));

    expect(first.MessageId).not.toBe(second.MessageId);
    expect(new LocalOutbox(dataDir).read('outbox').filter((e) => e.to === '+8613900000000')).toHaveLength(2);
    sns.destroy();
  });
});
