import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { DISCIPLINE_OFFICE_DEPARTMENT } from '../../functions/access/policy';
import { DynamoCallbacks } from '../../functions/callbacks/adapters/dynamo-callbacks';
import { newCallback, type Callback } from '../../functions/callbacks/callback';
import { ROLES, type Role } from '../../functions/access/principal';
import { DynamoChases } from '../../functions/clocks/adapters/dynamo-chases';
import { planChase } from '../../functions/clocks/chase';
import { OutageRepository } from '../../functions/outages/adapters/outage-repository';
import type { Outage } from '../../functions/outages/outage';
import { openSuspicion } from '../../functions/outages/suspicion';
import * as keys from '../../functions/shared/keys';
import { WITHHELD } from '../../functions/tickets/confidentiality';
import type { Ticket } from '../../functions/tickets/ticket';
import { openWorkOrder } from '../../functions/workorders/work-order';
import { workOrderItem } from '../../functions/workorders/work-order-item';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity } from '../../local/identity';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';
import { recordTableRequests, refusedByOpsApiPolicy, type TableRequest } from '../support/ops-api-requests';

// The ops API handler as API Gateway calls it, DynamoDB Local behind it, tokens from the local issuer over HTTP.
const context = { functionName: 'ops-api', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
let tableRequests: TableRequest[] = [];
let handler: (event: unknown, context: Context) => Promise<{ statusCode: number; headers?: Record<string, unknown>; body: string }>;
let identity: LocalIdentity;
let jwksServer: Server;

const ticket = (ticketId: string, fields: Partial<Ticket> = {}): Ticket => ({
  ticketId, type: 'information_query', status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800002222', summary: '我的电费为什么这么高',
  createdAt: '2026-12-01T01:00:00.000Z', updatedAt: '2026-12-01T01:00:00.000Z', due: {}, confidential: false, ...fields,
});
const QUERY = ticket('202612-0001-0001');
const REPORT = ticket('202612-0001-0002', { type: 'whistleblowing_report', summary: '抄表员张某收受贿赂', openedBy: '+8613800003333', confidential: true, createdAt: '2026-12-01T01:05:00.000Z' });
/** Tickets the correction tests change (the matrix's stay as they are). */
const FIXABLE = ticket('202612-0001-0003', { openedBy: '+8613800004444' });
const TURNING = ticket('202612-0001-0004', { type: 'complaint', openedBy: '+8613800005555' });
/** A declared outage with two reporters, and a suspected one (three reports under a transformer) awaiting grid operations. */
const DECLARED: Outage = {
  outageId: 'OUT-20261201-0001', kind: 'unplanned', areas: [], feeders: ['HZ-XIHU-F02'], cause: { 'zh-CN': '线路故障', en: 'a line fault' },
  etr: '2026-12-01T06:00:00.000Z', declaredAt: '2026-12-01T02:00:00.000Z', status: 'active',
};
const SUSPECTED: Outage = openSuspicion(
  [{ contactKey: 'sms#s1', accountNumber: '3300000001', transformer: 'HZ-BJ-F01-T03', feeder: 'HZ-BJ-F01', area: 'HZ-BINJIANG', ticketId: QUERY.ticketId, sender: '+8613800006666', language: 'zh-CN', reportedAt: '2026-12-01T02:10:00.000Z' }],
  { threshold: 3, mode: 'normal', windowMinutes: 30 },
  '2026-12-01T02:12:00.000Z',
  '2026-12-01T02:55:00.000Z',
);
const BILLING_ORDER = openWorkOrder(QUERY, 'billing');
const callbackOf = (callbackId: string, of: Ticket, reason: Callback['reason']): Callback =>
  newCallback({
    callbackId, reason, ticketNumber: of.ticketId, source: { kind: 'ticket', id: of.ticketId }, ticketType: of.type, confidential: of.confidential,
    customer: { phone: of.openedBy, language: 'zh-CN', customerType: 'residential', important: false },
    resultAt: new Date('2026-12-01T02:00:00.000Z'), window: { start: new Date('2026-12-01T10:30:00.000Z'), end: new Date('2026-12-01T13:00:00.000Z') }, now: new Date('2026-12-01T02:00:00.000Z'),
  });
/** A query's callback (the centre's) and a whistleblowing report's (the office's alone). */
const QUERY_CALLBACK = callbackOf('cb_matrix_query', QUERY, 'complaint_result');
const REPORT_CALLBACK = callbackOf('cb_matrix_report', REPORT, 'report_result');
const REPORT_ORDER = openWorkOrder(REPORT, DISCIPLINE_OFFICE_DEPARTMENT);

function tokenFor(role: Role): string {
  return role === 'department' ? identity.login({ role, department: 'billing-HZ' }) : identity.login({ role });
}

async function call(method: string, path: string, token?: string, query: Record<string, string> | null = null, body?: unknown) {
  const event = loadEvent<Record<string, unknown>>('apigw/outage-declare.json');
  const response = await handler(
    { ...event, httpMethod: method, path, resource: path, queryStringParameters: query, headers: token ? { authorization: `Bearer ${token}` } : {}, body: body === undefined ? null : JSON.stringify(body) },
    context,
  );
  return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  jwksServer = createServer((_req, res) => res.end(JSON.stringify(identity.jwks())));
  await new Promise<void>((done) => jwksServer.listen(0, '127.0.0.1', done));
  identity = new LocalIdentity(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/local`);
  const setup = await freshTable('ops-api');
  for (const order of [BILLING_ORDER, REPORT_ORDER]) await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: workOrderItem(order) }));
  for (const t of [QUERY, REPORT, FIXABLE, TURNING]) {
    await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.ticket(t.ticketId), ...keys.ticketsByStatus(t.status, t.type, t.createdAt, t.ticketId), ...keys.ticketsByCustomer(t.openedBy, t.createdAt), ...t } }));
  }
  const outages = new OutageRepository(setup.doc, setup.tableName);
  await outages.create(DECLARED);
  await outages.create(SUSPECTED);
  for (const [outage, reporters] of [[DECLARED, 2], [SUSPECTED, 3]] as const) {
    for (let n = 1; n <= reporters; n++) {
      await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.outageReport(outage.outageId, `sms#${outage.outageId}-${n}`), sender: `+86138000070${n}${reporters}` } }));
    }
  }
  await new DynamoCallbacks(setup.doc, setup.tableName, 'Asia/Shanghai').createNew([QUERY_CALLBACK, REPORT_CALLBACK]);
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
  // The handover's system state asks SQS and CloudWatch (issue 15): nothing waiting, no alarm firing.
  mockClient(SQSClient).on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  mockClient(CloudWatchClient).on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  ({ handler } = await import('../../functions/ops/handlers/ops-api'));
  // What the handler asks of the table, to hold against the IAM policy its stack gives it (last test).
  tableRequests = recordTableRequests((await import('../../functions/shared/clients')).documentClient);
});

afterAll(() => new Promise<void>((done) => jwksServer.close(() => done())));

/** Who asks, in the matrix: every centre role, and a department asking about its own orders (billing) or another's (business). */
const CALLERS = ['agent', 'shift_lead', 'supervisor', 'quality_inspector', 'discipline_office', 'department:billing', 'department:business'] as const;
type Caller = (typeof CALLERS)[number];

/** One row per ops route (and per resource a rule tells apart), with the answer each caller gets. */
interface MatrixRow {
  readonly route: string;
  readonly method: 'GET' | 'POST';
  readonly path: () => string;
  readonly query?: Record<string, string>;
  /** A body that changes nothing when allowed (a correction to the values it has, an action missing its field). */
  readonly body?: unknown;
  readonly expected: Record<Caller, number>;
}

const centre = (agent: number, lead: number, inspector: number, office: number, billing: number, business: number): Record<Caller, number> => ({
  agent, shift_lead: lead, supervisor: lead, quality_inspector: inspector, discipline_office: office, 'department:billing': billing, 'department:business': business,
});

// Written out by hand, not derived from POLICY: 200 read, 400/409 = allowed but the request changes nothing (a field missing, a wrong state), 403 refused.
const MATRIX: readonly MatrixRow[] = [
  { route: 'GET /tickets', method: 'GET', path: () => '/tickets', expected: centre(200, 200, 200, 200, 403, 403) },
  { route: 'GET /tickets/:id', method: 'GET', path: () => `/tickets/${QUERY.ticketId}`, expected: centre(200, 200, 200, 200, 403, 403) },
  { route: 'POST /tickets/:id/corrections', method: 'POST', path: () => `/tickets/${QUERY.ticketId}/corrections`, body: { type: QUERY.type }, expected: centre(200, 200, 200, 403, 403, 403) },
  // A whistleblowing report: the discipline-inspection office's alone.
  { route: 'POST /tickets/:id/corrections', method: 'POST', path: () => `/tickets/${REPORT.ticketId}/corrections`, body: { type: REPORT.type }, expected: centre(403, 403, 403, 200, 403, 403) },
  { route: 'GET /work-orders', method: 'GET', path: () => '/work-orders', query: { department: 'billing' }, expected: centre(403, 200, 403, 403, 200, 403) },
  { route: 'GET /work-orders', method: 'GET', path: () => '/work-orders', query: { department: 'discipline-office' }, expected: centre(403, 200, 403, 200, 403, 403) },
  { route: 'GET /work-orders/:id', method: 'GET', path: () => `/work-orders/${BILLING_ORDER.orderId}`, expected: centre(200, 200, 200, 403, 200, 403) },
  { route: 'GET /work-orders/:id', method: 'GET', path: () => `/work-orders/${REPORT_ORDER.orderId}`, expected: centre(200, 200, 200, 200, 403, 403) },
  { route: 'POST /work-orders/:id/:action', method: 'POST', path: () => `/work-orders/${BILLING_ORDER.orderId}/answer`, body: {}, expected: centre(403, 403, 403, 403, 400, 403) },
  { route: 'POST /work-orders/:id/:action', method: 'POST', path: () => `/work-orders/${REPORT_ORDER.orderId}/result`, body: {}, expected: centre(403, 403, 403, 400, 403, 403) },
  // reroute is the centre's: the order was not sent back, so an allowed caller hears 409 with its state.
  { route: 'POST /work-orders/:id/:action', method: 'POST', path: () => `/work-orders/${BILLING_ORDER.orderId}/reroute`, body: { department: 'business' }, expected: centre(403, 409, 403, 403, 403, 403) },
  // An order that does not exist: a role that may do the action to no order at all is refused before the read (403), as for
  // callbacks and corrections; a role that may (some department's, or any) hears 404.
  { route: 'GET /work-orders/:id', method: 'GET', path: () => `/work-orders/${QUERY.ticketId}.9`, expected: centre(404, 404, 404, 404, 404, 404) },
  { route: 'POST /work-orders/:id/:action', method: 'POST', path: () => `/work-orders/${QUERY.ticketId}.9/answer`, body: {}, expected: centre(403, 403, 403, 404, 404, 404) },
  { route: 'POST /work-orders/:id/:action', method: 'POST', path: () => `/work-orders/${QUERY.ticketId}.9/reroute`, body: { department: 'business' }, expected: centre(403, 404, 403, 403, 403, 403) },
  // The day's chases for the centre's leads; a department (the office too) lists its own, never another's.
  { route: 'GET /chases', method: 'GET', path: () => '/chases', query: { day: '2026-12-01' }, expected: centre(403, 200, 403, 200, 200, 200) },
  { route: 'GET /chases', method: 'GET', path: () => '/chases', query: { department: 'billing' }, expected: centre(403, 200, 403, 403, 200, 403) },
  // Callbacks (issue 15): the centre's list for its roles, the office's own queue for the office; never a department's.
  { route: 'GET /callbacks', method: 'GET', path: () => '/callbacks', expected: centre(200, 200, 200, 200, 403, 403) },
  // A callback follows its ticket's rule (the policy's `confidential` kind): an ordinary ticket's is the centre's, a report's the
  // office's alone; a role that may handle no callback is refused before the read (403 for an unknown one too), as corrections are.
  { route: 'GET /callbacks/:id', method: 'GET', path: () => `/callbacks/${QUERY_CALLBACK.callbackId}`, expected: centre(200, 200, 200, 403, 403, 403) },
  { route: 'GET /callbacks/:id', method: 'GET', path: () => `/callbacks/${REPORT_CALLBACK.callbackId}`, expected: centre(403, 403, 403, 200, 403, 403) },
  { route: 'GET /callbacks/:id', method: 'GET', path: () => '/callbacks/cb_unknown', expected: centre(404, 404, 404, 404, 403, 403) },
  // Recording: agents and the shift lead (the office on its own); an outcome missing is 400 and changes nothing.
  { route: 'POST /callbacks/:id/outcome', method: 'POST', path: () => `/callbacks/${QUERY_CALLBACK.callbackId}/outcome`, body: {}, expected: { ...centre(400, 400, 403, 403, 403, 403), supervisor: 403 } },
  { route: 'POST /callbacks/:id/outcome', method: 'POST', path: () => `/callbacks/${REPORT_CALLBACK.callbackId}/outcome`, body: {}, expected: centre(403, 403, 403, 400, 403, 403) },
  { route: 'POST /callbacks/:id/outcome', method: 'POST', path: () => '/callbacks/cb_unknown/outcome', body: {}, expected: { ...centre(404, 404, 403, 404, 403, 403), supervisor: 403 } },
  // The handover: the shift lead and the supervisor read it; only the shift lead accepts it (an empty "from" is refused, 400).
  { route: 'GET /handover', method: 'GET', path: () => '/handover', expected: centre(403, 200, 403, 403, 403, 403) },
  { route: 'POST /handover/accept', method: 'POST', path: () => '/handover/accept', body: { from: '' }, expected: { ...centre(403, 400, 403, 403, 403, 403), supervisor: 403 } },
  // Quality: the inspector reviews the sample, checks outages and enters scores; the leads and the inspector read the indicators.
  { route: 'POST /quality/samples', method: 'POST', path: () => '/quality/samples', body: { day: 'yesterday' }, expected: { ...centre(403, 403, 400, 403, 403, 403) } },
  { route: 'GET /quality/samples/:day', method: 'GET', path: () => '/quality/samples/2026-12-01', expected: centre(403, 403, 200, 403, 403, 403) },
  { route: 'POST /quality/samples/:day/:ticketId', method: 'POST', path: () => `/quality/samples/2026-12-01/${QUERY.ticketId}`, body: {}, expected: centre(403, 403, 404, 403, 403, 403) },
  { route: 'POST /quality/outage-checks', method: 'POST', path: () => '/quality/outage-checks', body: {}, expected: centre(403, 403, 400, 403, 403, 403) },
  { route: 'POST /quality/scores', method: 'POST', path: () => '/quality/scores', body: {}, expected: centre(403, 403, 400, 403, 403, 403) },
  // Outages with their report counts (issue 16): the shift lead's board, and the supervisor's; read-only.
  { route: 'GET /outages', method: 'GET', path: () => '/outages', expected: centre(403, 200, 403, 403, 403, 403) },
  { route: 'GET /indicators', method: 'GET', path: () => '/indicators', query: { from: '2026-11-01', to: '2026-11-30' }, expected: centre(403, 200, 200, 403, 403, 403) },
];

/** The routes ops-api.ts registers, read from its source: a route added there without a row here fails the matrix. */
function registeredRoutes(): string[] {
  const source = readFileSync(new URL('../../functions/ops/handlers/ops-api.ts', import.meta.url), 'utf8');
  return [...source.matchAll(/\bapp\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)].map(([, method, path]) => `${method!.toUpperCase()} ${path}`);
}

function tokenOf(caller: Caller): string {
  if (caller.startsWith('department:')) return identity.login({ role: 'department', department: caller.slice('department:'.length) });
  return identity.login({ role: caller });
}

describe('ops API: role x route, every route', () => {
  it('has a row for every route the ops API registers, and no row for a route it does not', () => {
    expect([...new Set(MATRIX.map((row) => row.route))].sort()).toEqual([...new Set(registeredRoutes())].sort());
  });

  it.each(MATRIX.flatMap((row) => CALLERS.map((caller) => ({ ...row, caller, status: row.expected[caller] }))))(
    '$route ($method $query) as $caller: $status',
    async ({ method, path, query, body, caller, status }) => {
      const answer = await call(method, path(), tokenOf(caller), query ?? null, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    },
  );

  it.each(MATRIX.map((row) => ({ ...row })))('$route ($method $query) answers 401 with a Bearer challenge without a token', async ({ method, path, query, body }) => {
    const { status, headers } = await call(method, path(), undefined, query ?? null, body);
    expect(status).toBe(401);
    expect(headers['www-authenticate']).toBe('Bearer');
  });

  const badTokens: ReadonlyArray<readonly [string, () => string]> = [
    // An hour's token issued in 2020: expired whatever this machine's clock says.
    ['expired', () => new LocalIdentity(identity.issuer, () => new Date('2020-01-01T00:00:00.000Z')).sign({ sub: 'u1', 'cognito:groups': ['supervisor'] })],
    ['forged (another key, same issuer)', () => new LocalIdentity(identity.issuer).sign({ sub: 'u1', 'cognito:groups': ['supervisor'] })],
    ['of another user pool', () => identity.sign({ sub: 'u1', 'cognito:groups': ['supervisor'], iss: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_other' })],
    ['with an unknown group', () => identity.sign({ sub: 'u1', 'cognito:groups': ['janitor'] })],
  ];
  it.each(MATRIX.flatMap((row) => badTokens.map(([kind, make]) => ({ ...row, kind, make }))))(
    '$route ($method $query) answers 401 to a token $kind, changing nothing',
    async ({ method, path, query, body, make }) => {
      expect((await call(method, path(), make(), query ?? null, body)).status).toBe(401);
    },
  );

  it('answers a malformed filter 400 naming the parameter, after the token is checked', async () => {
    expect((await call('GET', '/tickets', undefined, { status: 'lost' })).status).toBe(401);
    const { status, body } = await call('GET', '/tickets', tokenOf('agent'), { status: 'lost' });
    expect(status).toBe(400);
    expect(body.message).toContain('Unknown status "lost"');
  });
});

describe('ops API: corrections (issue 10, behind the one policy)', () => {
  const correct = (ticketId: string, caller: Caller, body: unknown) => call('POST', `/tickets/${ticketId}/corrections`, tokenOf(caller), null, body);

  it('records the signed-in user as the corrector, not a name in the body, and a repeat changes nothing', async () => {
    const first = await correct(FIXABLE.ticketId, 'agent', { type: 'consultation', by: 'someone-else' });
    expect(first).toMatchObject({ status: 200, body: { result: 'corrected', ticket: { type: 'consultation' } } });
    const again = await correct(FIXABLE.ticketId, 'agent', { type: 'consultation' });
    expect(again.body.result).toBe('unchanged');
    const read = await call('GET', `/tickets/${FIXABLE.ticketId}`, tokenOf('supervisor'));
    const entries = (read.body.timeline as { kind: string; by?: string }[]).filter((e) => e.kind === 'correction');
    expect(entries.map((e) => e.by)).toEqual(['local-agent']);
  });

  it('lets the office correct a report, and a ticket that became a report is no longer the centre\'s to correct', async () => {
    expect((await correct(TURNING.ticketId, 'quality_inspector', { type: 'whistleblowing_report' })).status).toBe(200);
    expect((await correct(TURNING.ticketId, 'quality_inspector', { type: 'complaint' })).status).toBe(403);
    const office = await correct(TURNING.ticketId, 'discipline_office', { keyFields: { address: '文三路5号' } });
    expect(office).toMatchObject({ status: 200, body: { result: 'corrected', ticket: { type: 'whistleblowing_report', confidential: true, keyFields: { address: '文三路5号' } } } });
  });

  it('names the bad field (400), refuses a body over 16 KB (413) and an unknown ticket (404); a department learns nothing (403)', async () => {
    const bad = await correct(QUERY.ticketId, 'agent', { type: 'outage' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('type');
    expect((await correct(QUERY.ticketId, 'agent', { keyFields: { address: 'x'.repeat(17_000) } })).status).toBe(413);
    expect((await correct('209901-0000-0000', 'agent', { type: 'complaint' })).status).toBe(404);
    expect((await correct('209901-0000-0000', 'department:billing', { type: 'complaint' })).status).toBe(403);
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

// Who may list chases is in the role x route matrix above; these are what each reader's list holds.
describe('ops API: GET /chases', () => {
  const day = { day: '2026-12-01' };

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

// Who may list outages is in the matrix; this is what the board reads.
describe('ops API: GET /outages', () => {
  it('lists the declared and the suspected outage with their ETR and report counts, suspected first, and no reporter', async () => {
    const { status, body } = await call('GET', '/outages', tokenFor('shift_lead'));
    expect(status).toBe(200);
    expect(body.outages).toEqual([
      expect.objectContaining({ outageId: SUSPECTED.outageId, status: 'suspected', etr: SUSPECTED.etr, reports: 3, suspicion: expect.objectContaining({ repairTicketId: QUERY.ticketId, threshold: 3 }) }),
      expect.objectContaining({ outageId: DECLARED.outageId, status: 'active', etr: DECLARED.etr, cause: DECLARED.cause, reports: 2 }),
    ]);
    expect(JSON.stringify(body)).not.toContain('+86138000070');
  });
});

// Last in the file: every request the tests above made through the handler.
describe('ops-api\'s table requests and its IAM policy (lib/back-office-stack.ts)', () => {
  it('asks the table only what the policy allows: reads of tickets, the calendar, chases, callbacks, the handover, quality and call indicators; writes of tickets, the outbox, corrections, callbacks, the handover and quality', () => {
    expect(tableRequests.some((r) => r.action === 'PutItem' || r.action === 'UpdateItem')).toBe(true);
    expect(refusedByOpsApiPolicy(tableRequests)).toEqual([]);
  });
});
