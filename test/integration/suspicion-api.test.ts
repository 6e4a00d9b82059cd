import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { DynamoClusterStore } from '../../functions/outages/adapters/dynamo-clusters';
import { openSuspicion, type ClusterReport } from '../../functions/outages/suspicion';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';

// The outage API's suspected-outage routes (issue 13) through the handler; SQS mocked, DynamoDB Local real.
const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.local/123/outage-planner';
const API_KEY = 'local-outage-api-key';
const context = { functionName: 'outage-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const sample = JSON.parse(readFileSync(new URL('../../events/apigw/outage-declare.json', import.meta.url), 'utf8'));
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;
let store: DynamoClusterStore;

async function call(method: string, path: string, body?: unknown) {
  const event = { ...structuredClone(sample), httpMethod: method, path, resource: path, headers: { 'x-api-key': API_KEY }, body: body === undefined ? null : JSON.stringify(body) };
  const response = await handler(event, context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

function report(n: number): ClusterReport {
  return { contactKey: `sms#api-${n}`, accountNumber: `33200000${n}0`, transformer: 'API-F01-T01', feeder: 'API-F01', area: 'HZ-API', ticketId: `261123-0000-000${n}`, sender: `PHONE#+861390000000${n}`, language: 'en', reportedAt: `2026-11-23T02:0${n}:00Z` };
}

beforeAll(async () => {
  const setup = await freshTable('suspicion-api');
  stubFunctionEnvironment(setup, { PLANNER_QUEUE_URL: QUEUE_URL, OUTAGE_API_KEY: API_KEY });
  ({ handler } = await import('../../functions/outages/handlers/outage-api'));
  store = new DynamoClusterStore(setup.doc, setup.tableName);
});

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

describe('outage-api: suspected outages', () => {
  it('shows the threshold and window on GET, confirms with cause and ETR, and plans the notices once', async () => {
    const suspicion = openSuspicion([report(1), report(2), report(3)], { threshold: 3, mode: 'normal', windowMinutes: 30 }, '2026-11-23T02:04:00Z', '2026-11-23T02:46:00Z');
    await store.create(suspicion);
    const shown = await call('GET', `/outages/${suspicion.outageId}`);
    expect(shown).toMatchObject({ status: 200, body: { outage: { status: 'suspected', suspicion: { threshold: 3, windowMinutes: 30, mode: 'normal', repairTicketId: '261123-0000-0001' } } } });

    expect(await call('POST', `/outages/${suspicion.outageId}/confirm`, { cause: { 'zh-CN': '变压器故障', en: 'transformer fault' } })).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(/^etr/)] } });
    expect(await call('POST', `/outages/${suspicion.outageId}/confirm`, { cause: { 'zh-CN': '变压器故障', en: 'transformer fault' }, etr: inHours(-1) })).toMatchObject({ status: 400 });
    const confirmed = await call('POST', `/outages/${suspicion.outageId}/confirm`, { cause: { 'zh-CN': '变压器故障', en: 'transformer fault' }, etr: inHours(3) });
    expect(confirmed).toMatchObject({ status: 200, body: { changed: true, plan: 'initial', outage: { status: 'active', feeders: ['API-F01'], decision: { action: 'confirmed' } } } });
    expect(sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}'))).toEqual([{ outageId: suspicion.outageId, plan: 'initial', revision: 0 }]);
    expect((await call('POST', `/outages/${suspicion.outageId}/reject`)).status).toBe(409);
    expect((await call('GET', `/outages/${suspicion.outageId}`)).body.outage.decision).toMatchObject({ action: 'confirmed' });
  });

  it('answers 404 for an outage that is not a suspicion, and 400 naming the field for a bad merge', async () => {
    expect((await call('POST', '/outages/NO-SUCH-ONE/reject')).status).toBe(404);
    expect(await call('POST', '/outages/NO-SUCH-ONE/merge', { into: '' })).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(/^into/)] } });
  });

  it('switches storm mode on and off', async () => {
    expect(await call('GET', '/storm-mode')).toMatchObject({ status: 200, body: { on: false } });
    expect(await call('PUT', '/storm-mode', { on: true, threshold: 2 })).toMatchObject({ status: 200, body: { on: true, threshold: 2 } });
    expect(await call('GET', '/storm-mode')).toMatchObject({ body: { on: true, threshold: 2 } });
    expect(await call('PUT', '/storm-mode', { on: 'yes' })).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(/^on/)] } });
  });
});
