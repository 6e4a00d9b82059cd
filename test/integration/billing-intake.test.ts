import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { acceptBillingRequest } from '../../functions/billing/billing-api';
import type { LambdaHttpHandler } from '../../functions/shared/http-api';
import { acceptBillingFile, type BillingIntakeDeps } from '../../functions/billing/billing-intake';
import { DEFAULT_LATE_FEE_RULE } from '../../functions/billing/late-fee';
import { DynamoNoticeStore, MAX_NOTICES_PER_CREATE } from '../../functions/outbound/adapters/dynamo-notice-store';
import { OutboxReader } from '../../functions/outbound/adapters/outbox-reader';
import type { Notice } from '../../functions/outbound/notice';
import { localDynamoClient } from '../../local/dynamodb-local';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedCalendar } from '../../functions/tickets/seed-calendar';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';

let store: DynamoNoticeStore;
let deps: BillingIntakeDeps;
let outbox: OutboxReader;
let table: { tableName: string; endpoint: string };
const NOW = new Date('2026-03-11T02:00:00Z'); // Wednesday 10:00 in Shanghai

const bill = (account: string, fields: Record<string, unknown> = {}) => ({
  type: 'bill_notice', accountNumber: account, phone: '13800138000', meterReadingDate: '2026-03-01', reading: 10234, kwhUsed: 215, amount: 120.4, previousBalance: -3.5, amountDue: 116.9, ...fields,
});
const arrears = (account: string, fields: Record<string, unknown> = {}) => ({
  type: 'arrears_reminder', accountNumber: account, phone: '+8613800138001', language: 'en', billingPeriod: '2026-02', amountOverdue: 100, dueDate: '2026-03-01', whereToPay: 'State Grid app, Alipay, or any service hall', ...fields,
});
const post = async (body: unknown) => ({ body: await acceptBillingRequest(JSON.stringify(body), deps) });

/** The deployed path: billing-notices behind API Gateway (REST proxy event), on this file's table. */
let handler: LambdaHttpHandler;
async function overApiGateway(body: unknown, path = '/billing/notices') {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const event = {
    resource: path, path, httpMethod: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) },
    multiValueHeaders: null, queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
    body: raw, isBase64Encoded: false, requestContext: { stage: 'prod', domainName: 'api.example.com', requestId: 'r-1', httpMethod: 'POST', path },
  };
  const response = await handler(event, { functionName: 'billing-notices', awsRequestId: 'r-1' } as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

beforeAll(async () => {
  const setup = await freshTable('billing');
  const { doc, tableName } = setup;
  table = setup;
  outbox = new OutboxReader(doc, tableName);
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/123/rejected' });
  ({ handler } = await import('../../functions/billing/handlers/billing-notices'));
  store = new DynamoNoticeStore(doc, tableName);
  deps = { notices: store, now: () => NOW, calendar: seedCalendar(), lateFeeRule: DEFAULT_LATE_FEE_RULE };
});

describe('billing API', () => {
  it('accepts valid items with a result each, due within one working day', async () => {
    const { body } = await post({ batchId: 'api-1', items: [bill('1000000001'), arrears('1000000002')] });
    expect(body.counts).toMatchObject({ accepted: 2, rejected: 0 });
    const notice = await store.get('billing#api-1#bill_notice#1000000001#sms');
    expect(notice).toMatchObject({ status: 'pending', to: '+8613800138000', quietHours: 'reminder', dueBy: '2026-03-12T02:00:00.000Z' });
  });

  it('computes the late fee to today by the documented rule (0.1% a day from the day after the due date)', async () => {
    await post({ batchId: 'api-fee', items: [arrears('1000000003')] });
    const notice = await store.get('billing#api-fee#arrears_reminder#1000000003#sms');
    // Due 1 March, today 11 March: 10 days x 0.1% x 100 yuan = 1.00 yuan.
    expect(notice?.params).toMatchObject({ lateFee: 1, lateFeeDays: 10, lateFeeFrom: '2026-03-02', lateFeeAsOf: '2026-03-11', totalOwed: 101 });
  });

  it('rejects malformed items one by one and keeps the good ones, without echoing values', async () => {
    const { body } = await post({
      batchId: 'api-2',
      items: [bill('1000000010'), bill('12', { amount: -5 }), { type: 'refund' }, 'not an object', bill('1000000011', { meterReadingDate: '2026-02-30', phone: 'call me' }), arrears('1000000012', { amountOverdue: 10.005 })],
    });
    expect(body.results?.map((r) => r.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    const errors = body.results?.[4] && 'errors' in body.results[4] ? body.results[4].errors : [];
    expect(errors.join(' ')).toMatch(/meterReadingDate.*phone|phone.*meterReadingDate/);
    expect(JSON.stringify(body)).not.toContain('call me');
  });

  it('refuses billing dates outside a sane range around today, naming the field', async () => {
    const { body } = await post({
      batchId: 'api-dates',
      items: [
        bill('1000000021', { meterReadingDate: '1900-01-01' }),
        bill('1000000022', { meterReadingDate: '2027-06-01' }),
        arrears('1000000023', { dueDate: '9999-12-31' }),
        arrears('1000000024', { dueDate: '1970-01-01' }),
        arrears('1000000025', { billingPeriod: '2999-01' }),
        arrears('1000000026'),
      ],
    });
    expect(body.results!.map((r) => ('errors' in r ? r.errors : r.status))).toEqual([
      [expect.stringMatching(/^meterReadingDate: must be between 2025-03-11 and 2026-03-12/)],
      [expect.stringMatching(/^meterReadingDate: must be between/)],
      [expect.stringMatching(/^dueDate: must be between 2021-03-11 and 2027-03-11/)],
      [expect.stringMatching(/^dueDate: must be between/)],
      [expect.stringMatching(/^billingPeriod: must be between 2021-03 and 2026-03/)],
      'accepted',
    ]);
  });

  it('marks the second of two identical items in a request as a duplicate, and a resubmission as already accepted', async () => {
    const { body } = await post({ batchId: 'api-3', items: [bill('1000000020'), bill('1000000020')] });
    expect(body.results).toEqual([
      expect.objectContaining({ index: 0, status: 'accepted' }),
      expect.objectContaining({ index: 1, status: 'duplicate', duplicateOf: 0 }),
    ]);
    const again = await post({ batchId: 'api-3', items: [bill('1000000020')] });
    expect(again.body.results?.[0]).toMatchObject({ status: 'already_accepted' });
  });

  it('refuses more than 1,000 items whole, writing nothing, with 413 and the limit', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => bill(String(2000000000 + i)));
    expect(await overApiGateway({ batchId: 'api-big', items })).toMatchObject({ status: 413, body: { limit: 1000 } });
    expect(await store.get('billing#api-big#bill_notice#2000000000#sms')).toBeUndefined();
  });

  it('answers a 10 MB body with 413 and the limit, not a complaint about JSON', async () => {
    const huge = JSON.stringify({ batchId: 'api-huge', items: [bill('1000000099', { whereToPay: 'x'.repeat(10 * 1024 * 1024) })] });
    expect(await overApiGateway(huge)).toMatchObject({ status: 413, body: { limitBytes: 2 * 1024 * 1024 } });
  });

  it.each([
    ['not JSON', '{"batchId":', 'body'],
    ['no items', JSON.stringify({ batchId: 'x' }), 'items'],
    ['a hostile batch id', JSON.stringify({ batchId: '../../etc/passwd', items: [] }), 'batchId'],
  ])('answers 400 naming the field to a body that is %s', async (_name, raw, field) => {
    const { status, body } = await overApiGateway(raw);
    expect(status).toBe(400);
    expect((body.problems as string[]).join(' ')).toContain(field);
  });

  it('answers 404 for any other route', async () => {
    expect((await overApiGateway('{}', '/billing/everything')).status).toBe(404);
  });

  it('takes hostile text as plain text but refuses control characters and prototype tricks', async () => {
    const { body } = await post({
      batchId: 'api-4',
      items: [
        arrears('1000000030', { whereToPay: '<script>alert(1)</script>; DROP TABLE' }),
        arrears('1000000031', { whereToPay: 'pay here\u0000\u001b[2J' }),
        JSON.parse('{"__proto__":{"polluted":true},"type":"bill_notice"}'),
      ],
    });
    expect(body.results?.map((r) => r.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('billing file', () => {
  const lines = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);

  it('streams a CSV file with a header and reports rejected lines by number', async () => {
    const csv = [
      'type,accountNumber,phone,language,meterReadingDate,reading,kwhUsed,amount,previousBalance,amountDue',
      'bill_notice,3000000001,13800138000,zh-CN,2026-03-01,10234,215,120.40,0,120.40',
      'bill_notice,3000000002,13800138000,en,2026-03-01,oops,215,120.40,0,120.40',
      'bill_notice,3000000003,13800138000',
      'bill_notice,3000000001,13800138000,zh-CN,2026-03-01,10234,215,120.40,0,120.40',
    ].join('\r\n');
    const report = await acceptBillingFile('file-1', lines(csv), deps);
    expect(report).toMatchObject({ lines: 4, accepted: 1, alreadyAccepted: 1, rejected: 2 });
    expect(report.rejections.map((r) => r.line)).toEqual([3, 4]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, after a BOM, and numbers rejections by the line a record starts on', async () => {
    const csv = [
      '\uFEFFtype,accountNumber,phone,language,billingPeriod,amountOverdue,dueDate,whereToPay',
      'arrears_reminder,3000000020,13800138000,en,2026-02,100,2026-03-01,"State Grid app, Alipay, or the ""Wensan Road"" service hall"',
      'arrears_reminder,3000000021,13800138000,en,2026-02,100,2026-03-01,"State Grid app,',
      'or any service hall"',
      'arrears_reminder,3000000022,13800138000,en,2026-02,oops,2026-03-01,"any hall"',
    ].join('\r\n');
    const report = await acceptBillingFile('file-3', lines(csv), deps);
    // The record on lines 3-4 is one item; a line break is not allowed in message text, and the error names the field.
    expect(report).toMatchObject({
      lines: 3,
      accepted: 1,
      rejected: 2,
      rejections: [
        { line: 3, errors: ['whereToPay: must not contain control characters'] },
        { line: 5, errors: [expect.stringContaining('amountOverdue')] },
      ],
    });
    const notice = await store.get('billing#file-3#arrears_reminder#3000000020#sms');
    expect(notice?.params).toMatchObject({ whereToPay: 'State Grid app, Alipay, or the "Wensan Road" service hall' });
  });

  it('leaves a notice already sent alone when the same file is dropped again: no second notice, no reset to pending', async () => {
    const csv = [
      'type,accountNumber,phone,meterReadingDate,reading,kwhUsed,amount,previousBalance,amountDue',
      ...Array.from({ length: 40 }, (_, i) => `bill_notice,${3000000100 + i},13800138000,2026-03-01,10234,215,120.40,0,120.40`),
    ].join('\n');
    expect(await acceptBillingFile('file-again', lines(csv), deps)).toMatchObject({ lines: 40, accepted: 40, alreadyAccepted: 0 });
    const sentId = 'billing#file-again#bill_notice#3000000117#sms';
    expect(await store.claim(sentId, 0, NOW, new Date(NOW.getTime() + 60_000))).toBe(true);
    await store.markSent(sentId, 1, NOW, { channel: 'sms', providerMessageId: 'sns-17' });

    expect(await acceptBillingFile('file-again', lines(csv), deps)).toMatchObject({ lines: 40, accepted: 0, alreadyAccepted: 40, rejected: 0 });
    expect(await store.get(sentId)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'sns-17' });
    expect(await store.get('billing#file-again#bill_notice#3000000118#sms')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('streams a JSONL file', async () => {
    const jsonl = [JSON.stringify(arrears('3000000010')), '{not json', JSON.stringify(bill('3000000011'))].join('\n');
    expect(await acceptBillingFile('file-2', lines(jsonl), deps)).toMatchObject({ lines: 3, accepted: 2, rejected: 1, rejections: [{ line: 2, errors: ['item: not valid JSON'] }] });
  });
});

describe('billing idempotence under races (DynamoNoticeStore.createNew)', () => {
  const lines = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);
  const billFile = (count: number, firstAccount = 4000000000) =>
    [
      'type,accountNumber,phone,meterReadingDate,reading,kwhUsed,amount,previousBalance,amountDue',
      ...Array.from({ length: count }, (_, i) => `bill_notice,${firstAccount + i},13800138000,2026-03-01,10234,215,120.40,0,120.40`),
    ].join('\n');
  const noticeId = (batch: string, account: number) => `billing#${batch}#bill_notice#${account}#sms`;

  /** A store whose client runs `between` after each BatchGetItem answer and before the caller sees it: another writer acting between the read and the write. */
  function storeWithWriterBetween(between: () => Promise<void>): DynamoNoticeStore {
    const client = localDynamoClient(table.endpoint);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'BatchGetItemCommand') await between();
        return output;
      },
      { step: 'initialize', name: 'writerBetweenReadAndWrite' },
    );
    return new DynamoNoticeStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), table.tableName);
  }

  it('creates one notice each when the same file is submitted three times at once', async () => {
    const csv = billFile(350);
    const reports = await Promise.all([1, 2, 3].map(() => acceptBillingFile('file-concurrent', lines(csv), deps)));
    expect(reports.reduce((sum, r) => sum + r.accepted, 0)).toBe(350);
    expect(reports.reduce((sum, r) => sum + r.alreadyAccepted, 0)).toBe(700);
    const notices = await outbox.noticesOfSource('billing', 'file-concurrent');
    expect(notices).toHaveLength(350);
    expect(new Set(notices.map((n) => n.noticeId)).size).toBe(350);
  });

  it('creates one notice each when a request and a file of the same batch id arrive at once', async () => {
    const items = Array.from({ length: 300 }, (_, i) => bill(String(4100000000 + i)));
    const [request, report] = await Promise.all([post({ batchId: 'same-batch', items }), acceptBillingFile('same-batch', lines(billFile(300, 4100000000)), deps)]);
    expect((request.body.counts.accepted ?? 0) + report.accepted).toBe(300);
    expect((request.body.counts.already_accepted ?? 0) + report.alreadyAccepted).toBe(300);
    expect(await outbox.noticesOfSource('billing', 'same-batch')).toHaveLength(300);
  });

  it('never resets a notice created and sent by another writer between its read and its write', async () => {
    const batch = 'raced';
    const notice = (account: number): Notice => ({
      noticeId: noticeId(batch, account), channel: 'sms', template: 'bill_notice', language: 'zh-CN', to: '+8613800138000', accountNumber: String(account),
      important: false, customerType: 'residential', params: { amount: 120.4 }, quietHours: 'reminder', source: { kind: 'billing', id: batch },
      status: 'pending', attempts: 0, createdAt: NOW.toISOString(), notBefore: NOW.toISOString(), dueBy: NOW.toISOString(),
    });
    const group = Array.from({ length: MAX_NOTICES_PER_CREATE }, (_, i) => notice(4200000000 + i));
    const racedId = noticeId(batch, 4200000042);
    let raced = false;
    const racing = storeWithWriterBetween(async () => {
      if (raced) return;
      raced = true;
      // Another submission creates it, and the dispatcher sends it, after this writer read it as absent.
      expect(await store.createNew([notice(4200000042)])).toEqual([true]);
      expect(await store.claim(racedId, 0, NOW, new Date(NOW.getTime() + 60_000))).toBe(true);
      await store.markSent(racedId, 1, NOW, { channel: 'sms', providerMessageId: 'sns-42' });
    });

    const created = await racing.createNew(group);
    expect(raced).toBe(true);
    expect(created.filter((yes) => !yes)).toHaveLength(1);
    expect(created[42]).toBe(false);
    expect(await store.get(racedId)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'sns-42' });
    expect(await outbox.noticesOfSource('billing', batch)).toHaveLength(MAX_NOTICES_PER_CREATE);
  });

  it('after a crash mid-file, the re-run writes only what is missing and leaves what was sent alone', async () => {
    const csv = billFile(450, 4300000000);
    let groups = 0;
    const crashing: BillingIntakeDeps = {
      ...deps,
      notices: {
        createNew: async (notices) => {
          groups += 1;
          if (groups > 2) throw new Error('the container died');
          return store.createNew(notices);
        },
      },
    };
    await expect(acceptBillingFile('file-crash', lines(csv), crashing)).rejects.toThrow('the container died');
    const before = await outbox.noticesOfSource('billing', 'file-crash');
    expect(before.length).toBeGreaterThanOrEqual(100);
    expect(before.length).toBeLessThan(450);
    const sentId = before[0]?.noticeId as string;
    expect(await store.claim(sentId, 0, NOW, new Date(NOW.getTime() + 60_000))).toBe(true);
    await store.markSent(sentId, 1, NOW, { channel: 'sms', providerMessageId: 'sns-crash' });

    const rerun = await acceptBillingFile('file-crash', lines(csv), deps);
    expect(rerun).toMatchObject({ lines: 450, accepted: 450 - before.length, alreadyAccepted: before.length, rejected: 0 });
    expect(await outbox.noticesOfSource('billing', 'file-crash')).toHaveLength(450);
    expect(await store.get(sentId)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'sns-crash' });
  });
});
