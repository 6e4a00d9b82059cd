import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { ROLES, type Role } from '../../functions/access/principal';
import { DynamoChases } from '../../functions/clocks/adapters/dynamo-chases';
import { planChase } from '../../functions/clocks/chase';
import { keys } from '../../functions/shared/keys';
import { WITHHELD } from '../../functions/tickets/confidentiality';
import type { Ticket } from '../../functions/tickets/ticket';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity } from '../../local/identity';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// The ops API handler as API Gateway calls it, DynamoDB Local behind it, tokens from the local issuer over HTTP.
const context = { functionName: 'ops-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; headers?: Record<string, unknown>; body: string }>;
let identity: LocalIdentity;
let jwksServer: Server;

const ticket = (ticketId: string, fields: Partial<Ticket> = {}): Ticket => ({
  ticketId, type: 'information_query', status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800002222', summary: '我的电费为什么这么高',
  createdAt: '2026-12-01T01:00:00.000Z', updatedAt: '2026-12-01T01:00:00.000Z', due: {}, confidential: false, ...fields,
});
const QUERY = ticket('202612-0001-0001');
const REPORT = ticket('202612-0001-0002', { type: 'whistleblowing_report', summary: '抄表员张某收受贿赂', openedBy: '+8613800003333', confidential: true, createdAt: '2026-12-01T01:05:00.000Z' });

function tokenFor(role: Role): string {
  return role === 'department' ? identity.login({ role, department: 'billing-HZ' }) : identity.login({ role });
}

async function call(method: string, path: string, token?: string, query: Record<string, string> | null = null) {
  const event = loadEvent<Record<string, unknown>>('apigw/outage-declare.json');
  const response = await handler({ ...event, httpMethod: method, path, resource: path, queryStringParameters: query, headers: token ? { authorization: `Bearer ${token}` } : {}, body: null }, context);
  return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  jwksServer = createServer((_req, res) => res.end(JSON.stringify(identity.jwks())));
  await new Promise<void>((done) => jwksServer.listen(0, '127.0.0.1', done));
  identity = new LocalIdentity(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/local`);
  const setup = await freshTable('ops-api');
  for (const t of [QUERY, REPORT]) {
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.ticket(t.ticketId), ...keys.ticketsByStatus(t.status, t.type, t.createdAt, t.ticketId), ...keys.ticketsByCustomer(t.openedBy, t.createdAt), ...t } }));
  }
  // Two chases of 1 December: billing's on the day's list, the office's on its own only.
  const chases = new DynamoChases(setup.doc, setup.tableName, 'Asia/Shanghai');
  for (const [t, departmentId, dueAt] of [[QUERY, 'billing-HZ', '2026-12-01T01:30:00.000Z'], [REPORT, 'discipline-office', '2026-12-01T01:35:00.000Z']] as const) {
    const order = { orderId: `${t.ticketId}.1`, ticketId: t.ticketId, departmentId, ticketType: t.type, confidential: t.confidential };
    const plan = planChase({ order, clock: { orderId: order.orderId, milestone: 'departmentAnswer', dueAt }, department: { departmentId, dutyContact: '+8613900000201' }, verdict: 'late', sendAt: new Date('2026-12-01T02:00:00Z'), nextCheckAt: new Date('2026-12-01T02:30:00Z'), now: new Date('2026-12-01T02:00:00Z'), timeZone: 'Asia/Shanghai' });
    await chases.record(undefined, plan);
  }
  stubFunctionEnvironment(setup, {
    REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/123/rejected',
    ACCESS_ISSUER: identity.issuer,
    ACCESS_JWKS_URI: identity.jwksUri,
    ACCESS_CLIENT_ID: LOCAL_ACCESS_CLIENT_ID,
  });
  ({ handler } = await import('../../functions/ops/handlers/ops-api'));
});

afterAll(() => new Promise<void>((done) => jwksServer.close(() => done())));

describe('ops API: ticket reads, role x route', () => {
  const routes = [
    { route: 'GET /tickets', path: '/tickets' },
    { route: 'GET /tickets/{id}', path: `/tickets/${QUERY.ticketId}` },
  ];
  // Every centre role reads tickets; a department reads only its own work orders, never tickets.
  const allowed: Record<Role, boolean> = { agent: true, shift_lead: true, supervisor: true, quality_inspector: true, discipline_office: true, department: false };

  it.each(routes)('$route answers 401 with a Bearer challenge without a token', async ({ path }) => {
    const { status, headers } = await call('GET', path);
    expect(status).toBe(401);
    expect(headers['www-authenticate']).toBe('Bearer');
  });

  it.each(routes.flatMap(({ route, path }) => ROLES.map((role) => ({ route, path, role, expected: allowed[role] ? 200 : 403 }))))(
    '$route as $role: $expected',
    async ({ path, role, expected }) => {
      expect((await call('GET', path, tokenFor(role))).status).toBe(expected);
    },
  );

  it('answers a malformed filter 400 naming the parameter, after the token is checked', async () => {
    expect((await call('GET', '/tickets', undefined, { status: 'lost' })).status).toBe(401);
    const { status, body } = await call('GET', '/tickets', tokenFor('agent'), { status: 'lost' });
    expect(status).toBe(400);
    expect(body.message).toContain('Unknown status "lost"');
  });
});

describe('ops API: whistleblowing reports', () => {
  const centre = ROLES.filter((role) => role !== 'department' && role !== 'discipline_office');

  it.each(centre)('withholds a report\'s contents and reporter from %s in the list and the read', async (role) => {
    const list = await call('GET', '/tickets', tokenFor(role));
    const listed = (list.body.tickets as Ticket[]).find((t) => t.ticketId === REPORT.ticketId);
    expect(listed).toMatchObject({ summary: WITHHELD, openedBy: WITHHELD });
    const read = await call('GET', `/tickets/${REPORT.ticketId}`, tokenFor(role));
    expect(read.body.ticket).toMatchObject({ summary: WITHHELD, openedBy: WITHHELD });
    expect(JSON.stringify([list.body, read.body])).not.toContain(REPORT.openedBy);
  });

  it.each(centre)('leaves the report out of its reporter\'s history for %s; the office sees it there', async (role) => {
    const history = async (as: Role) => ((await call('GET', '/tickets', tokenFor(as), { customer: REPORT.openedBy })).body.tickets as Ticket[]).map((t) => t.ticketId);
    expect(await history(role)).toEqual([]);
    expect(await history('discipline_office')).toEqual([REPORT.ticketId]);
  });

  it('shows the discipline office the report as filed', async () => {
    const read = await call('GET', `/tickets/${REPORT.ticketId}`, tokenFor('discipline_office'));
    expect(read.body.ticket).toMatchObject({ summary: REPORT.summary, openedBy: REPORT.openedBy });
  });

  it('leaves ordinary tickets readable by every centre role', async () => {
    const read = await call('GET', `/tickets/${QUERY.ticketId}`, tokenFor('agent'));
    expect(read.body.ticket).toMatchObject({ summary: QUERY.summary });
  });
});

describe('ops API: GET /chases, role x route', () => {
  // The day's list for the shift lead and supervisor; a department's (and the office's) own; agents and inspectors none.
  const expected: Record<Role, number> = { agent: 403, shift_lead: 200, supervisor: 200, quality_inspector: 403, discipline_office: 200, department: 200 };
  const day = { day: '2026-12-01' };

  it('answers 401 without a token', async () => {
    expect((await call('GET', '/chases')).status).toBe(401);
  });

  it.each(ROLES.map((role) => ({ role, status: expected[role] })))('GET /chases as $role: $status', async ({ role, status }) => {
    expect((await call('GET', '/chases', tokenFor(role), day)).status).toBe(status);
  });

  it('shows the shift lead the day\'s chases without the whistleblowing report\'s, which only the office sees', async () => {
    const lead = await call('GET', '/chases', tokenFor('shift_lead'), day);
    expect(lead.body.chases.map((c: { orderId: string }) => c.orderId)).toEqual([`${QUERY.ticketId}.1`]);
    expect((await call('GET', '/chases', tokenFor('supervisor'), { ...day, department: 'discipline-office' })).body.chases).toEqual([]);
    const office = await call('GET', '/chases', tokenFor('discipline_office'));
    expect(office.body.chases.map((c: { orderId: string }) => c.orderId)).toEqual([`${REPORT.ticketId}.1`]);
  });

  it('gives a department its own chases and refuses another\'s (403)', async () => {
    const own = await call('GET', '/chases', tokenFor('department'));
    expect(own.body).toMatchObject({ departmentId: 'billing-HZ', chases: [expect.objectContaining({ orderId: `${QUERY.ticketId}.1`, verdict: 'late', n: 1 })] });
    expect((await call('GET', '/chases', tokenFor('department'), { department: 'discipline-office' })).status).toBe(403);
  });

  it('answers a malformed day 400 naming it', async () => {
    const { status, body } = await call('GET', '/chases', tokenFor('shift_lead'), { day: '1 Dec' });
    expect(status).toBe(400);
    expect(body.message).toContain('day');
  });
});
