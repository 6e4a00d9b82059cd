import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../functions/shared/keys';
import type { Ticket, TimelineEntry } from '../../functions/tickets/ticket';
import { localDynamoClient, LOCAL_AWS } from '../../local/dynamodb-local';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { loginAs } from '../support/login';

interface SnsSmsEvent {
  Records: { Sns: { Message: string; MessageId: string } }[];
}

function loadEvent(name: string): SnsSmsEvent {
  return JSON.parse(readFileSync(new URL(`../../events/sns/${name}`, import.meta.url), 'utf8'));
}

function senderOf(event: SnsSmsEvent): string {
  return JSON.parse(event.Records[0]!.Sns.Message).originationNumber;
}

describe('local runtime over the Lambda Invoke API', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let lambda: LambdaClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true });
    lambda = new LambdaClient({ ...LOCAL_AWS, endpoint: runtime.url, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda?.destroy();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function invoke(functionName: string, event: unknown) {
    const output = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    return { functionError: output.FunctionError, payload: JSON.parse(new TextDecoder().decode(output.Payload)) };
  }

  async function getJson<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${runtime.url}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function ticketsOpenedBy(phone: string): Promise<Ticket[]> {
    const { body } = await getJson<{ tickets: Ticket[] }>('/tickets', await loginAs(runtime.url, 'agent'));
    return body.tickets.filter((t) => t.openedBy === phone);
  }

  async function smsTo(phone: string): Promise<OutboxEntry[]> {
    const { body } = await getJson<{ entries: OutboxEntry[] }>('/outbox');
    return body.entries.filter((e) => e.to === phone);
  }

  it('answers /health with DynamoDB up', async () => {
    expect(await getJson('/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', parts: { runtime: { state: 'up' }, dynamodb: { state: 'up', restarts: 0 }, asyncInvocations: { running: 0, waitingForRetry: 0 } } },
    });
  });

  it('answers an unknown function with ResourceNotFoundException, as Lambda does', async () => {
    const error = await lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: new TextEncoder().encode('{}') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toContain('Function not found');
  });

  it('rejects a body that is not JSON with a reason', async () => {
    const response = await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, { method: 'POST', body: '{not json' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(((await response.json()) as { message: string }).message).toMatch(/Could not parse request body into json/);
  });

  it('rejects an unknown ticket status with a reason', async () => {
    const { status, body } = await getJson<{ message: string }>('/tickets?status=lost', await loginAs(runtime.url, 'agent'));
    expect(status).toBe(400);
    expect(body.message).toContain('Unknown status "lost"');
  });

  it('turns an SMS bill question into a ticket and one reply', async () => {
    const event = loadEvent('sms-bill-question.json');
    const phone = senderOf(event);

    const { functionError } = await invoke('sms-inbound', event);

    expect(functionError).toBeUndefined();
    const tickets = await ticketsOpenedBy(phone);
    expect(tickets).toHaveLength(1);
    const { status, body } = await getJson<{ ticket: Ticket; timeline: TimelineEntry[] }>(`/tickets/${encodeURIComponent(tickets[0]!.ticketId)}`, await loginAs(runtime.url, 'agent'));
    expect(status).toBe(200);
    expect(body.ticket).not.toHaveProperty('pk');
    expect(body.timeline.filter((entry) => entry.kind === 'contact')).toHaveLength(1);
    const replies = await smsTo(phone);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ channel: 'sms', from: '+8695598' });
  });

  it('changes nothing when the same SMS is delivered again', async () => {
    // Its own sender and message id, so it does not lean on the test before it.
    const event = loadEvent('sms-bill-question.json');
    const record = event.Records[0]!.Sns;
    const message = JSON.parse(record.Message) as Record<string, unknown>;
    record.MessageId = 'e2e-redelivery-0001';
    record.Message = JSON.stringify({ ...message, originationNumber: '+8613700009999', inboundMessageId: 'e2e-redelivery-0001' });
    const phone = senderOf(event);

    const first = await invoke('sms-inbound', event);
    const again = await invoke('sms-inbound', structuredClone(event));

    expect(first.functionError).toBeUndefined();
    expect(again.functionError).toBeUndefined();
    expect(again.payload).toMatchObject({ results: [{ duplicate: true, replied: false }] });
    expect(await ticketsOpenedBy(phone)).toHaveLength(1);
    expect(await smsTo(phone)).toHaveLength(1);
  });

  it('records a STOP as an opt-out and confirms it once, even when redelivered', async () => {
    const event = loadEvent('sms-stop.json');
    const phone = senderOf(event);

    const first = await invoke('sms-inbound', event);
    const again = await invoke('sms-inbound', event);

    expect(first.functionError).toBeUndefined();
    expect(again.functionError).toBeUndefined();
    const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
    const { Item } = await doc.send(new GetCommand({ TableName: runtime.tableName, Key: keys.smsOptOut(phone) }));
    doc.destroy();
    expect(Item).toBeDefined();
    expect(await smsTo(phone)).toHaveLength(1);
    expect(await ticketsOpenedBy(phone)).toHaveLength(0);
  });

  it('answers every ticket read with 401 without a token, and with a token that is not the local issuer\'s', async () => {
    expect((await getJson('/tickets')).status).toBe(401);
    expect((await getJson('/tickets/NO-SUCH-TICKET')).status).toBe(401);
    const { authorization } = await loginAs(runtime.url, 'agent');
    const [header, payload] = authorization.slice('Bearer '.length).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the issuer\'s signature').toString('base64url')}`;
    expect((await getJson('/tickets', { authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it('signs in only a known role, and a department only with its department', async () => {
    const login = (body: unknown) => fetch(`${runtime.url}/local/login`, { method: 'POST', body: JSON.stringify(body) });
    const unknownRole = await login({ role: 'janitor' });
    expect(unknownRole.status).toBe(400);
    expect(((await unknownRole.json()) as { message: string }).message).toMatch(/^role:/);
    const noDepartment = await login({ role: 'department' });
    expect(noDepartment.status).toBe(400);
    expect(((await noDepartment.json()) as { message: string }).message).toMatch(/^department:/);
    const keys = (await getJson<{ keys: { kid: string; kty: string }[] }>('/local/.well-known/jwks.json')).body.keys;
    expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
  });

  it('refuses a department the ticket reads with 403', async () => {
    const { status } = await getJson('/tickets', await loginAs(runtime.url, 'department', 'billing-HZ'));
    expect(status).toBe(403);
  });

  it('puts a Xihu fault report in the Xihu repair desk\'s inbox, which dispatches it; another desk gets 403', async () => {
    const event = loadEvent('sms-fault-xihu.json');
    expect((await invoke('sms-inbound', event)).functionError).toBeUndefined();
    const [ticket] = await ticketsOpenedBy(senderOf(event));
    const desk = await loginAs(runtime.url, 'department', 'repair-HZ-XIHU');
    const inbox = await getJson<{ orders: { orderId: string; ticketId: string; state: string }[] }>('/work-orders', desk);
    const order = inbox.body.orders.find((o) => o.ticketId === ticket!.ticketId);
    expect(order).toMatchObject({ state: 'open' });
    const dispatch = await fetch(`${runtime.url}/work-orders/${order!.orderId}/dispatch`, {
      method: 'POST',
      headers: desk,
      body: JSON.stringify({ crewLeader: '李强', phone: '+8613900001111', departedAt: new Date().toISOString() }),
    });
    expect(dispatch.status).toBe(200);
    const other = await getJson(`/work-orders/${order!.orderId}`, await loginAs(runtime.url, 'department', 'repair-HZ-BINJIANG'));
    expect(other.status).toBe(403);
  });

  it('answers GET /tickets/{id} for an unknown ticket with 404 and a reason', async () => {
    const { status, body } = await getJson<{ message: string }>('/tickets/NO-SUCH-TICKET', await loginAs(runtime.url, 'agent'));
    expect(status).toBe(404);
    expect(body.message).toContain('NO-SUCH-TICKET');
  });
});
