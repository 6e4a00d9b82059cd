import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { answer, asHandler, conditionalGet, httpApi, json } from '../../functions/shared/http-api';
import { loadEvent } from '../support/events';

class ThingNotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ThingNotFoundError';
  }
}

const context = { functionName: 'test-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** A small API with conditionalGet, as the ops API uses it: a read whose answer the test changes, a write, and a 404. */
function api() {
  let thing = { name: '抢修', version: 1 };
  const app = httpApi({ api: 'test', errors: [answer(ThingNotFoundError, 404)], notFound: (method, path) => new ThingNotFoundError(`${method} ${path}`) });
  app.use(conditionalGet);
  app.get('/thing', async () => json(200, thing));
  app.post('/thing', async () => {
    thing = { ...thing, version: thing.version + 1 };
    return json(200, thing);
  });
  const handler = asHandler(app);
  return async (method: string, path: string, headers: Record<string, string> = {}) => {
    const event = loadEvent<Record<string, unknown>>('apigw/outage-declare.json');
    return handler({ ...event, httpMethod: method, path, resource: path, headers, queryStringParameters: null, body: method === 'POST' ? '{}' : null }, context);
  };
}

describe('conditionalGet: reads a poller already has cost no body', () => {
  it('tags a read with a weak ETag and answers the same ETag with 304 and no body', async () => {
    const call = api();
    const first = await call('GET', '/thing');
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers?.etag);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(JSON.parse(first.body)).toEqual({ name: '抢修', version: 1 });

    const again = await call('GET', '/thing', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers?.etag).toBe(etag);
  });

  it('answers 200 with a new ETag once the resource changed', async () => {
    const call = api();
    const etag = String((await call('GET', '/thing')).headers?.etag);
    const write = await call('POST', '/thing');
    expect(write.statusCode).toBe(200);
    expect(write.headers?.etag).toBeUndefined();
    const changed = await call('GET', '/thing', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers?.etag).not.toBe(etag);
    expect(JSON.parse(changed.body)).toMatchObject({ version: 2 });
  });

  it('leaves refusals alone', async () => {
    const missing = await api()('GET', '/nothing', { 'if-none-match': '*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.etag).toBeUndefined();
  });
});
