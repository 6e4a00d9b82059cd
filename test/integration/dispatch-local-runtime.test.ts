import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../functions/shared/keys';
import { localDynamoClient } from '../../local/dynamodb-local';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

describe('billing file to unreachable list, through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-outbound-'));
    process.env.HOTLINE_LOCAL_FAILING_DIGITS = '9';
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: 0 });
  });

  afterAll(async () => {
    delete process.env.HOTLINE_LOCAL_FAILING_DIGITS;
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (path: string, body: string) => (await (await fetch(`${runtime.url}${path}`, { method: 'POST', body })).json()) as { outcomes?: Record<string, number> };
  const dispatchAt = (at: Date) => post('/dispatch', JSON.stringify({ at: at.toISOString() }));
  const outbox = async () => ((await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] }).entries;

  it('sends by day, never at night or to an opted-out number, and lists the unreachable after three attempts', async () => {
    // The runtime judges billing dates against its own today: a reading ten days ago.
    const readOn = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const csv = [
      'type,accountNumber,phone,language,channel,meterReadingDate,reading,kwhUsed,amount,previousBalance,amountDue',
      `bill_notice,5000000001,+8613900000001,en,sms,${readOn},100,20,10.00,0,10.00`,
      `bill_notice,5000000002,+8613900000002,zh-CN,voice,${readOn},100,20,10.00,0,10.00`,
      `bill_notice,5000000003,+8613900000009,en,sms,${readOn},100,20,10.00,0,10.00`,
      `bill_notice,5000000004,+8613900000004,en,sms,${readOn},100,20,10.00,0,10.00`,
    ].join('\n');
    expect(await post('/billing/files?name=bills-e2e.csv', csv)).toMatchObject({ lines: 4, accepted: 4, rejected: 0 });
    const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
    await doc.send(new PutCommand({ TableName: runtime.tableName, Item: { ...keys.smsOptOut('+8613900000004'), optedOutAt: new Date().toISOString() } }));

    // Tomorrow in Shanghai, 23:00 then 10:00 (the notices were accepted now).
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const night = new Date(`${tomorrow}T23:00:00+08:00`);
    expect((await dispatchAt(night)).outcomes).toEqual({ deferred_quiet_hours: 3, suppressed_opt_out: 1 });
    expect(await outbox()).toEqual([]);

    const morning = new Date(night.getTime() + 11 * 3_600_000); // 10:00 the next day
    expect((await dispatchAt(morning)).outcomes).toEqual({ sent: 2, retrying: 1 });
    const sent = await outbox();
    expect(sent.map((e) => [e.channel, e.to]).sort()).toEqual([['sms', '+8613900000001'], ['voice', '+8613900000002']]);
    expect(sent.find((e) => e.channel === 'voice')?.text).toMatch(/^您好，XX供电公司95598服务热线为您送达电费通知。/);

    await dispatchAt(new Date(morning.getTime() + 5 * 60_000));
    expect(await (await fetch(`${runtime.url}/billing/unreachable`)).json()).toEqual({ entries: [] });
    expect((await dispatchAt(new Date(morning.getTime() + 40 * 60_000))).outcomes).toEqual({ unreachable: 1 });
    const { entries } = (await (await fetch(`${runtime.url}/billing/unreachable`)).json()) as { entries: { accountNumber: string; attempts: number }[] };
    expect(entries).toEqual([expect.objectContaining({ accountNumber: '5000000003', attempts: 3, source: { kind: 'billing', id: 'bills-e2e' } })]);
    expect((await outbox()).some((e) => e.to === '+8613900000004')).toBe(false);
  });
});
