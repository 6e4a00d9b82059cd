import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';

// SQS is mocked at the SDK boundary; DynamoDB is the real DynamoDB Local.
const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.local/123/outage-planner';
const API_KEY = 'local-outage-api-key';
const context = { functionName: 'outage-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const sample = JSON.parse(readFileSync(new URL('../../events/apigw/outage-declare.json', import.meta.url), 'utf8'));

let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }) {
  const event = structuredClone(sample);
  return { ...event, httpMethod: method, path, resource: path, headers, body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body) };
}

async function call(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const response = await handler(request(method, path, body, headers), context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const declaration = (outageId: string, extra: Record<string, unknown> = {}) => ({
  outageId,
  kind: 'unplanned',
  feeders: ['F-1'],
  cause: { 'zh-CN': '线路故障', en: 'a line fault' },
  etr: inHours(3),
  ...extra,
});

function jobs(): unknown[] {
  return sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}'));
}

beforeAll(async () => {
  const setup = await freshTable('outage-api');
  stubFunctionEnvironment(setup, { PLANNER_QUEUE_URL: QUEUE_URL, OUTAGE_API_KEY: API_KEY });
  ({ handler } = await import('../../functions/outages/handlers/outage-api'));
});

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

describe('outage-api handler', () => {
  it('declares the sample outage and enqueues its initial notices', async () => {
    // The sample's ETR is a date in the file; an ETR is believed only within 31 days, so the case sets one.
    const event = structuredClone(sample);
    event.body = JSON.stringify({ ...JSON.parse(event.body), etr: inHours(5) });
    const response = await handler(event, context);
    expect(response.statusCode).toBe(201);
    expect(sqsMock).toReceiveCommandWith(SendMessageCommand, { QueueUrl: QUEUE_URL });
    expect(jobs()).toEqual([{ outageId: 'OUT-DEMO-0001', plan: 'initial', revision: 0 }]);
  });

  it('answers a repeated declaration 200 with nothing changed, and other facts under the same id 409', async () => {
    expect((await call('POST', '/outages', declaration('OUT-REPEAT'))).status).toBe(201);
    const again = await call('POST', '/outages', declaration('OUT-REPEAT'));
    expect(again).toMatchObject({ status: 200, body: { changed: false } });
    expect((await call('POST', '/outages', declaration('OUT-REPEAT', { feeders: ['F-2'] }))).status).toBe(409);
  });

  it('refuses a planned outage less than 7 days ahead with the reason', async () => {
    const { status, body } = await call('POST', '/outages', declaration('OUT-SOON', { kind: 'planned', etr: undefined, window: { start: inHours(48), end: inHours(52) } }));
    expect(status).toBe(422);
    expect(body.problems.join(' ')).toMatch(/at least 7 days ahead/);
    expect(jobs()).toEqual([]);
  });

  it('accepts a planned outage 8 days ahead, with the window end as ETR', async () => {
    const window = { start: inHours(8 * 24), end: inHours(8 * 24 + 4) };
    const { status, body } = await call('POST', '/outages', declaration('OUT-PLANNED', { kind: 'planned', etr: undefined, window }));
    expect(status).toBe(201);
    expect(body.outage.etr).toBe(window.end);
  });

  it('names each bad field in a 400', async () => {
    const { status, body } = await call('POST', '/outages', { outageId: 'x', kind: 'sometimes', cause: {} });
    expect(status).toBe(400);
    expect(body.problems.join('\n')).toMatch(/outageId/);
    expect(body.problems.join('\n')).toMatch(/kind/);
    expect(body.problems.join('\n')).toMatch(/cause/);
    expect((await call('POST', '/outages', '{not json')).status).toBe(400);
  });

  it('refuses outage windows and ETRs outside a sane range with a 400 naming the field', async () => {
    const farPlanned = { kind: 'planned', etr: undefined, window: { start: inHours(400 * 24), end: inHours(400 * 24 + 4) } };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ etr: '9999-12-31T23:59:59Z' }, /^etr: /],
      [{ etr: '2099-01-01T12:00:00+08:00' }, /^etr: must be at most 31 days after the outage starts/],
      [{ etr: inHours(24 * 40) }, /^etr: must be at most 31 days after the outage starts/],
      [farPlanned, /^window.start: must be at most 366 days ahead/],
      [{ kind: 'planned', etr: undefined, window: { start: inHours(8 * 24), end: inHours(8 * 24 + 24 * 40) } }, /^window.end: must be at most 31 days after window.start/],
      [{ kind: 'planned', etr: undefined, window: { start: '0001-01-01T00:00:00Z', end: inHours(8 * 24) } }, /^window.start: /],
    ];
    for (const [extra, problem] of cases) {
      const { status, body } = await call('POST', '/outages', declaration(`OUT-RANGE-${cases.findIndex((c) => c[0] === extra)}`, extra));
      expect({ status, problems: body.problems }).toEqual({ status: 400, problems: expect.arrayContaining([expect.stringMatching(problem)]) });
    }
    await call('POST', '/outages', declaration('OUT-RANGE-ETR'));
    const moved = await call('PUT', '/outages/OUT-RANGE-ETR/etr', { etr: '2099-01-01T12:00:00Z' });
    expect(moved).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(/^etr: must be within 31 days of now/)] } });
    const restored = await call('POST', '/outages/OUT-RANGE-ETR/restore', { restoredAt: '1970-01-01T00:00:00Z' });
    expect(restored).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(/^restoredAt: /)] } });
    expect(jobs()).toEqual([{ outageId: 'OUT-RANGE-ETR', plan: 'initial', revision: 0 }]);
  });

  it('wants the API key when one is configured', async () => {
    expect((await call('GET', '/outages/OUT-REPEAT', undefined, {})).status).toBe(401);
  });

  it('announces a 2-hour ETR move once and keeps a 5-minute one quiet', async () => {
    const etr = Date.parse(declaration('x').etr);
    await call('POST', '/outages', declaration('OUT-ETR', { etr: new Date(etr).toISOString() }));
    sqsMock.resetHistory();
    expect((await call('PUT', '/outages/OUT-ETR/etr', { etr: new Date(etr + 5 * 60_000).toISOString() })).body).toMatchObject({ changed: true });
    expect(jobs()).toEqual([]);
    await call('PUT', '/outages/OUT-ETR/etr', { etr: new Date(etr + 2 * 3_600_000).toISOString() });
    expect(jobs()).toEqual([{ outageId: 'OUT-ETR', plan: 'etr_changed', revision: 1 }]);
    const same = await call('PUT', '/outages/OUT-ETR/etr', { etr: new Date(etr + 2 * 3_600_000).toISOString() });
    expect(same.body).toMatchObject({ changed: false });
    expect(jobs()).toHaveLength(1);
  });

  it('restores once, then reads the outage back with its counts', async () => {
    await call('POST', '/outages', declaration('OUT-RESTORE'));
    expect((await call('POST', '/outages/OUT-RESTORE/restore')).status).toBe(200);
    expect((await call('POST', '/outages/OUT-RESTORE/restore')).body).toMatchObject({ changed: false });
    const { status, body } = await call('GET', '/outages/OUT-RESTORE');
    expect(status).toBe(200);
    expect(body).toMatchObject({ outage: { status: 'restored' }, reports: 0, notices: [] });
    expect((await call('GET', '/outages/NOPE-404')).status).toBe(404);
    expect((await call('PUT', '/outages/OUT-RESTORE/etr', { etr: inHours(5) })).status).toBe(409);
  });
});
