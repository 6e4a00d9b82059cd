import middy from '@middy/core';
import { readAccessConfig } from '../../access/config';
import { tokenVerifier, type TokenVerifier } from '../../access/adapters/token-verifier';
import { ForbiddenError, NotAuthenticatedError } from '../../access/errors';
import { can, canAtAll, viewerOf, type Action, type Resource } from '../../access/policy';
import type { Principal } from '../../access/principal';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { answer, asHandler, conditionalGet, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { injectLambdaContext, logger } from '../../shared/logger';
import { DynamoCorrectionRepository } from '../../tickets/adapters/dynamo-correction-repository';
import { TicketQueries } from '../../tickets/adapters/ticket-queries';
import { isConfidentialType } from '../../tickets/confidentiality';
import { CorrectionConflictError, correctTicket } from '../../tickets/correction';
import { CorrectionBodySchema } from '../../tickets/schemas';
import type { Ticket } from '../../tickets/ticket';
import { MalformedOpsRequestError, OpsBodyTooLargeError, OpsNotFoundError, OpsRouteNotFoundError } from '../errors';
import { ticketFilterFrom } from '../ticket-filter';
import { ticketSeenBy } from '../ticket-view';
import { workOrderSeenBy } from '../work-order-view';
import { DynamoWorkOrders } from '../../workorders/adapters/dynamo-work-orders';
import { WorkOrderInputError, WorkOrderNotFoundError, WorkOrderStateError } from '../../workorders/errors';
import { WORK_ORDER_ACTIONS, type WorkOrderAction } from '../../workorders/work-order';
import { recordAction, rerouteWorkOrder } from '../../workorders/work-order-actions';
import { readRoutingConfig } from '../../workorders/routing';
import { DynamoCallbacks } from '../../callbacks/adapters/dynamo-callbacks';
import { CALLBACK_COMPLAINT, IntakeComplaintOpener } from '../../callbacks/adapters/intake-complaint-opener';
import { CallbackInputError, CallbackNotFoundError, CallbackStateError } from '../../callbacks/errors';
import { recordCallbackOutcome } from '../../callbacks/outcomes';
import { readCallbackWindows } from '../../callbacks/windows';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { sqs } from '../../shared/clients';
import { cloudwatch } from '../../shared/handover-clients';
import { AwsSystemState } from '../../handover/adapters/aws-system-state';
import { DynamoHandoverSources, WorkOrderDueChases } from '../../handover/adapters/dynamo-handover';
import { HandoverInputError } from '../../handover/errors';
import { acceptHandover, handoverReport, type HandoverDeps } from '../../handover/handover';
import { handoverPage, HANDOVER_PAGE_CSP } from '../../handover/page';
import { systemStateSource } from '../../handover/system-state';
import { DynamoKpiRepository } from '../../kpis/adapters/dynamo-kpi-repository';
import { kpiReport } from '../../kpis/report';
import { DynamoQuality } from '../../quality/adapters/dynamo-quality';
import { AlreadyReviewedError, QualityInputError, SampleItemNotFoundError } from '../../quality/errors';
import { indicatorReport, readPeriod } from '../../quality/indicators';
import { INDICATORS_PAGE_CSP, indicatorsPage } from '../../quality/page';
import { DEFAULT_COMPLAINT_COEFFICIENT, DEFAULT_SAMPLE_SIZE, drawSample, readReview, readScores } from '../../quality/quality';
import { localDateIn } from '../../tickets/calendar';
import { DynamoChaseLists, localDay } from '../../clocks/adapters/dynamo-chases';
import { now } from '../../shared/time';
import { OutageRepository } from '../../outages/adapters/outage-repository';
import { outagesOnBoard } from '../../outages/outage-board';
import { workingCalendar } from '../../shared/calendar';

const config = readConfig();
const verifier: TokenVerifier = tokenVerifier(readAccessConfig());
const tickets = new TicketQueries(documentClient, config.tableName);
const workOrders = new DynamoWorkOrders(documentClient, config.tableName);
const corrections = new DynamoCorrectionRepository(documentClient, config.tableName);
const chases = new DynamoChaseLists(documentClient, config.tableName);
const outages = new OutageRepository(documentClient, config.tableName);
const INBOX_LIMIT = 100;
const CHASE_LIMIT = 200;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A correction is a type and three short fields; anything bigger is not one. */
const CORRECTION_MAX_BYTES = 16 * 1024;
const routing = readRoutingConfig();
const callbacks = new DynamoCallbacks(documentClient, config.tableName, config.timeZone);
const callbackWindows = readCallbackWindows();
/** Callbacks due within this many hours are "due this shift" when the request names no instant. */
const SHIFT_HOURS = 12;
const quality = new DynamoQuality(documentClient, config.tableName);
const kpis = new DynamoKpiRepository(documentClient, config.tableName);
const SAMPLE_SIZE = Number(process.env.QUALITY_SAMPLE_SIZE ?? DEFAULT_SAMPLE_SIZE);
const COMPLAINT_COEFFICIENT = Number(process.env.COMPLAINT_COEFFICIENT ?? DEFAULT_COMPLAINT_COEFFICIENT);
const handoverSources = new DynamoHandoverSources(documentClient, config.tableName, config.timeZone);
// The steps to chase come through one port (handover/ports.ts ChaseSource), read from the inboxes by due instant.
const handoverChases = new WorkOrderDueChases(documentClient, config.tableName, routing.departments.map((d) => d.departmentId));
const handoverDeps = (): HandoverDeps => ({
  sources: handoverSources,
  chases: handoverChases,
  system: systemStateSource(
    () =>
      new AwsSystemState(sqs, cloudwatch, {
        deadLetterQueues: JSON.parse(process.env.HANDOVER_DLQ_URLS ?? '{}') as Record<string, string>,
        dispatchQueues: (process.env.HANDOVER_DISPATCH_QUEUE_URLS ?? '').split(',').filter(Boolean),
        alarmPrefix: process.env.HANDOVER_ALARM_PREFIX ?? 'hotline-',
      }),
  ),
  now: () => now(),
});

/** The one place ops errors become answers, by class (subclasses first). */
const app = httpApi({
  api: 'ops',
  notFound: (method, path) => new OpsRouteNotFoundError(method, path),
  errors: [
    answer(NotAuthenticatedError, 401, { headers: () => ({ 'www-authenticate': 'Bearer' }) }),
    answer(ForbiddenError, 403),
    answer(MalformedOpsRequestError, 400, { body: (e) => ({ message: e.message, problems: e.problems }) }),
    answer(WorkOrderInputError, 400, { body: (e) => ({ message: e.message, field: e.field }) }),
    answer(WorkOrderStateError, 409, { body: (e) => ({ message: e.message, state: e.state }) }),
    answer(CorrectionConflictError, 409),
    answer(OpsBodyTooLargeError, 413, { body: (e) => ({ message: e.message, limitBytes: e.limitBytes }) }),
    answer(WorkOrderNotFoundError, 404),
    answer(CallbackInputError, 400, { body: (e) => ({ message: e.message, field: e.field }) }),
    answer(CallbackStateError, 409, { body: (e) => ({ message: e.message, state: e.state }) }),
    answer(CallbackNotFoundError, 404),
    answer(HandoverInputError, 400, { body: (e) => ({ message: e.message, field: e.field }) }),
    answer(QualityInputError, 400, { body: (e) => ({ message: e.message, field: e.field }) }),
    answer(SampleItemNotFoundError, 404),
    answer(AlreadyReviewedError, 409),
    answer(OpsNotFoundError, 404),
    answer(OpsRouteNotFoundError, 404),
  ],
});

/** Who signed the request, set by the authentication middleware before any route runs. */
const principals = new WeakMap<Request, Principal>();

// Reads carry an ETag and answer 304 to a poll that already has them (the ops console polls).
app.use(conditionalGet);

// Every route: the bearer token is verified (aws-jwt-verify) before the route runs; no token, no answer but 401.
app.use(async ({ reqCtx, next }) => {
  const header = reqCtx.req.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new NotAuthenticatedError();
  principals.set(reqCtx.req, await verifier.verify(token));
  await next();
});

/**
 * The one authorization check every route makes: the principal the
 * middleware verified, allowed the action on the resource by access/policy.ts.
 */
function authorize(req: Request, action: Action, resource: Resource = {}): Principal {
  const principal = principals.get(req);
  if (!principal) throw new NotAuthenticatedError();
  if (!can(principal, action, resource)) {
    logger.info('ops request forbidden', { action, role: principal.role });
    throw new ForbiddenError(action, principal.role);
  }
  return principal;
}

/**
 * Refuses, before anything is read, a principal whose role may do `action` to
 * no resource at all (through `authorize`, so the refusal is the same 403).
 */
function refuseUnlessAtAll(req: Request, action: Action): void {
  const principal = principals.get(req);
  if (!principal) throw new NotAuthenticatedError();
  if (!canAtAll(principal, action)) authorize(req, action);
}

/**
 * The one check of a route about one stored thing (a work order, a callback): the role first, so a role that may
 * do `action` to nothing is refused (403) before the read and learns not even whether the thing exists; then the
 * read (its not-found error, 404, for a role that may); then the thing's own rule (department, confidentiality).
 *
 * @example
 * const { principal, found: order } = await authorizeStored(req, 'work_order:read', () => orderNamed(id), (o) => ({ departmentId: o.departmentId }));
 */
async function authorizeStored<T>(req: Request, action: Action, read: () => Promise<T>, resourceOf: (found: T) => Resource): Promise<{ principal: Principal; found: T }> {
  refuseUnlessAtAll(req, action);
  const found = await read();
  return { principal: authorize(req, action, resourceOf(found)), found };
}

app.get('/tickets', async ({ req }) => {
  const principal = authorize(req, 'ticket:list');
  // The listing leaves confidential tickets out of a customer's history for anyone but the office (tickets/confidentiality.ts).
  const found = await tickets.list(ticketFilterFrom(new URL(req.url).searchParams), viewerOf(principal));
  return json(200, { tickets: found.map((ticket) => ticketSeenBy(principal, ticket).ticket) });
});

app.get('/tickets/:id', async ({ req, params }) => {
  const principal = authorize(req, 'ticket:read');
  const ticketId = decodeURIComponent(params.id as string);
  const found = await tickets.get(ticketId);
  if (!found) throw new OpsNotFoundError(`Ticket not found: ${ticketId}`);
  return json(200, ticketSeenBy(principal, found.ticket, found.timeline));
});

/** What the policy needs of a ticket: whether it is a whistleblowing report (confidential). */
const ticketResource = (ticket: Ticket): Resource => ({ confidential: ticket.confidential || isConfidentialType(ticket.type) });

// A correction of the type or key fields (issue 10): the centre's on ordinary tickets, the office's on reports.
app.post('/tickets/:id/corrections', async ({ req, params }) => {
  const principal = principals.get(req);
  if (!principal) throw new NotAuthenticatedError();
  // A role that may correct nothing is refused before anything is read: it learns not even whether the ticket exists.
  refuseUnlessAtAll(req, 'ticket:correct');
  const parsed = CorrectionBodySchema.safeParse(await jsonBody(req, CORRECTION_MAX_BYTES));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new MalformedOpsRequestError(problems.join('; '), problems);
  }
  const ticketId = decodeURIComponent(params.id as string);
  const result = await correctTicket(
    { ticketId, type: parsed.data.type, keyFields: parsed.data.keyFields, by: principal.subject, at: now() },
    { repository: corrections, calendar: workingCalendar, timeZone: config.timeZone, mayCorrect: (ticket) => authorize(req, 'ticket:correct', ticketResource(ticket)) },
  );
  if (result.kind === 'not_found') throw new OpsNotFoundError(`Ticket not found: ${ticketId}`);
  logger.info('ticket corrected', { ticketId, result: result.kind, role: principal.role });
  return json(200, { result: result.kind, ticket: ticketSeenBy(principal, result.ticket).ticket });
});

// A department's inbox is its own; the centre's leads name the department (?department=).
app.get('/work-orders', async ({ req }) => {
  const params = new URL(req.url).searchParams;
  const asked = params.get('department') ?? undefined;
  const principal = principals.get(req);
  const departmentId = asked ?? principal?.departmentId;
  if (!departmentId) throw new MalformedOpsRequestError('department: name the inbox (?department=<id>)');
  const reader = authorize(req, 'work_order:list', { departmentId });
  const orders = await workOrders.inbox(departmentId, INBOX_LIMIT);
  return json(200, { departmentId, orders: orders.map((order) => workOrderSeenBy(reader, order)) });
});

app.get('/work-orders/:id', async ({ req, params }) => {
  const { principal, found: order } = await authorizeStored(req, 'work_order:read', () => orderNamed(params.id as string), orderResource);
  return json(200, { order: workOrderSeenBy(principal, order) });
});

app.post('/work-orders/:id/:action', async ({ req, params }) => {
  const action = params.action as string;
  if (action === 'reroute') {
    // The centre (shift lead, supervisor) routes an order a department sent back.
    const { principal, found: order } = await authorizeStored(req, 'work_order:route', () => orderNamed(params.id as string), orderResource);
    const body = (await jsonBody(req)) as { department?: unknown } | null;
    const result = await rerouteWorkOrder(order, body?.department, { store: workOrders, now, departments: routing.departments.map((d) => d.departmentId) });
    logger.info('work order rerouted', { orderId: order.orderId, to: result.order.orderId, changed: result.changed });
    return json(200, { order: workOrderSeenBy(principal, result.order), changed: result.changed });
  }
  if (!(WORK_ORDER_ACTIONS as readonly string[]).includes(action)) throw new MalformedOpsRequestError(`action: one of ${WORK_ORDER_ACTIONS.join(', ')}, reroute`);
  const { principal, found: order } = await authorizeStored(req, 'work_order:act', () => orderNamed(params.id as string), orderResource);
  // The customer hears an answer within 1 working day of it (the text's dueBy), by the working-day calendar.
  const calendar = await workingCalendar.current();
  const replyDueAfter = (answeredAt: Date) => calendar.addWorkingDays(answeredAt, 1);
  const result = await recordAction(order, action as WorkOrderAction, await jsonBody(req), { store: workOrders, now, replyDueAfter });
  logger.info('work order action', { orderId: order.orderId, action, changed: result.changed, state: result.order.state });
  return json(200, { order: workOrderSeenBy(principal, result.order), changed: result.changed });
});

// Callbacks (issue 15): the office lists its own queue (whistleblowing) and nobody else's; everyone else the centre's.
app.get('/callbacks', async ({ req }) => {
  const params = new URL(req.url).searchParams;
  const principal = principals.get(req);
  const office = principal?.role === 'discipline_office';
  const source = params.get('source');
  if (source !== null) {
    const match = /^(ticket|outage):(.+)$/.exec(source);
    if (!match) throw new MalformedOpsRequestError('source: ticket:<id> or outage:<id>');
    authorize(req, 'callback:list', { confidential: office });
    const found = await callbacks.ofSource(match[1] as 'ticket' | 'outage', match[2] as string);
    return json(200, { callbacks: found.filter((c) => c.confidential === office) });
  }
  const due = params.get('due') ?? new Date(now().getTime() + SHIFT_HOURS * 3_600_000).toISOString();
  if (Number.isNaN(Date.parse(due))) throw new MalformedOpsRequestError('due: an ISO-8601 instant');
  authorize(req, 'callback:list', { confidential: office });
  return json(200, { callbacks: await callbacks.open(office ? 'office' : 'centre', new Date(due).toISOString()) });
});

// A callback's rule depends on whether it is a report's, so it is read to decide; a role that may handle no callback at
// all is refused before that read (authorizeStored), and learns not even whether it exists.
app.get('/callbacks/:id', async ({ req, params }) => {
  const { found: callback } = await authorizeStored(req, 'callback:read', () => callbackNamed(params.id as string), callbackResource);
  return json(200, { callback });
});

app.post('/callbacks/:id/outcome', async ({ req, params }) => {
  const { principal, found: callback } = await authorizeStored(req, 'callback:record', () => callbackNamed(params.id as string), callbackResource);
  const result = await recordCallbackOutcome(callback, await jsonBody(req), principal.subject, {
    store: callbacks,
    complaints: new IntakeComplaintOpener(intakeDeps(config, () => CALLBACK_COMPLAINT), () => now()),
    calendar: workingCalendar,
    windows: callbackWindows,
    now: () => now(),
  });
  logger.info('callback outcome', { callbackId: callback.callbackId, state: result.callback.state });
  return json(200, result);
});

// The handover (issue 15): HTML to a browser, JSON to Accept: application/json.
app.get('/handover', async ({ req }) => {
  authorize(req, 'handover:read');
  const report = await handoverReport(handoverDeps());
  if (!prefersHtml(req.headers.get('accept'))) return json(200, report);
  return new Response(handoverPage(report, config.timeZone), {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': HANDOVER_PAGE_CSP, 'referrer-policy': 'no-referrer' },
  });
});

app.post('/handover/accept', async ({ req }) => {
  const principal = authorize(req, 'handover:accept');
  const body = (await jsonBody(req)) as { from?: unknown } | null;
  const from = body?.from;
  if (from !== undefined && (typeof from !== 'string' || from.trim() === '' || from.length > 128)) throw new HandoverInputError('from', 'the outgoing lead, as text of at most 128 characters');
  const record = await acceptHandover(principal.subject, from, handoverDeps());
  logger.info('handover accepted', { acceptedBy: record.acceptedBy, handedBy: record.handedBy });
  return json(200, { handover: record });
});

// Quality (issue 15): the day's random sample an inspector reviews, outage checks, agents' scores; the indicators.
app.post('/quality/samples', async ({ req }) => {
  authorize(req, 'quality:review');
  const body = (await jsonBody(req)) as { day?: unknown } | null;
  const day = body?.day ?? localDateIn(now(), config.timeZone);
  if (typeof day !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(day) || Number.isNaN(Date.parse(day))) throw new QualityInputError('day', 'a date YYYY-MM-DD');
  // The local day in the centre's zone (no daylight saving there): from its 00:00 to the next.
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - zoneOffsetMs(day));
  const opened = await quality.ticketsOpened(start.toISOString(), new Date(start.getTime() + 86_400_000).toISOString());
  await quality.saveSample(drawSample(day, opened, SAMPLE_SIZE));
  return json(200, { day, items: await quality.sample(day) });
});

app.get('/quality/samples/:day', async ({ req, params }) => {
  authorize(req, 'quality:review');
  return json(200, { day: params.day, items: await quality.sample(decodeURIComponent(params.day as string)) });
});

app.post('/quality/samples/:day/:ticketId', async ({ req, params }) => {
  const principal = authorize(req, 'quality:review');
  const day = decodeURIComponent(params.day as string);
  const ticketId = decodeURIComponent(params.ticketId as string);
  const item = await quality.sampleItem(day, ticketId);
  if (!item) throw new SampleItemNotFoundError(day, ticketId);
  const verdict = readReview(item, await jsonBody(req));
  return json(200, { item: await quality.review(item, verdict, principal.subject, now().toISOString()) });
});

app.post('/quality/outage-checks', async ({ req }) => {
  const principal = authorize(req, 'quality:review');
  const body = (await jsonBody(req)) as { outageId?: unknown; correct?: unknown } | null;
  if (typeof body?.outageId !== 'string' || body.outageId.length === 0 || body.outageId.length > 100) throw new QualityInputError('outageId', 'the outage id');
  if (typeof body.correct !== 'boolean') throw new QualityInputError('correct', 'true or false is required');
  const at = now();
  return json(200, await quality.checkOutage(body.outageId, body.correct, principal.subject, at.toISOString(), localDateIn(at, config.timeZone)));
});

app.post('/quality/scores', async ({ req }) => {
  const principal = authorize(req, 'quality:score');
  const scores = readScores(await jsonBody(req), principal.subject, now());
  await quality.saveScores(scores);
  return json(200, { scores });
});

app.get('/indicators', async ({ req }) => {
  authorize(req, 'indicator:read');
  const params = new URL(req.url).searchParams;
  const report = await indicatorReport(
    readPeriod(params.get('from'), params.get('to'), now()),
    {
      counters: (pk, from, to) => quality.counters(pk, from, to),
      agentDays: (days) => quality.agentDays(days),
      scores: (month) => quality.scores(month),
      callbackCounters: (from, to) => callbacks.counters(from, to),
      calls: (from, to) => kpiReport(kpis, from, to),
    },
    config.timeZone,
    COMPLAINT_COEFFICIENT,
  );
  if (!prefersHtml(req.headers.get('accept'))) return json(200, report);
  return new Response(indicatorsPage(report), {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': INDICATORS_PAGE_CSP, 'referrer-policy': 'no-referrer' },
  });
});

/** The centre's zone offset on a date (the zone's wall clock at that date's UTC midnight, less UTC). */
function zoneOffsetMs(day: string): number {
  const probe = new Date(`${day}T00:00:00Z`);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(probe);
  const get = (type: string) => Number(local.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute')) - probe.getTime();
}

/** A browser asks for text/html first; an API client for application/json. */
function prefersHtml(accept: string | null): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

/** What the policy needs of a callback: whether it is a whistleblowing report's (the office's alone). */
const callbackResource = (callback: { readonly confidential: boolean }): Resource => ({ confidential: callback.confidential });

async function callbackNamed(id: string) {
  const callbackId = decodeURIComponent(id);
  const callback = await callbacks.get(callbackId);
  if (!callback) throw new CallbackNotFoundError(callbackId);
  return callback;
}

// Chases (issue 11): a department (the discipline office too) sees its own orders' chases; the shift lead and
// supervisor the day's list, where a whistleblowing report's chase never is (it has a partition of its own).
app.get('/chases', async ({ req }) => {
  const params = new URL(req.url).searchParams;
  const asked = params.get('department') ?? undefined;
  const own = principals.get(req)?.departmentId;
  if (own && (asked === undefined || asked === own)) {
    authorize(req, 'chase:list', { departmentId: own });
    return json(200, { departmentId: own, chases: await chases.forDepartment(own, CHASE_LIMIT) });
  }
  authorize(req, 'chase:list');
  const day = params.get('day') ?? localDay(now(), config.timeZone);
  if (!LOCAL_DATE.test(day)) throw new MalformedOpsRequestError('day: a local date YYYY-MM-DD is required');
  const list = await chases.forDay(day, { confidential: false, limit: CHASE_LIMIT });
  return json(200, { day, chases: asked ? list.filter((chase) => chase.departmentId === asked) : list });
});

// Outages on the shift lead's board (issue 16): declared and suspected, each with its report count (read-only).
app.get('/outages', async ({ req }) => {
  authorize(req, 'outage:list');
  return json(200, await outagesOnBoard({ store: outages }));
});

/** What the policy needs of a work order: the department whose inbox it is in. */
const orderResource = (order: { readonly departmentId: string }): Resource => ({ departmentId: order.departmentId });

async function orderNamed(id: string) {
  const orderId = decodeURIComponent(id);
  const order = await workOrders.get(orderId);
  if (!order) throw new WorkOrderNotFoundError(orderId);
  return order;
}

async function jsonBody(req: Request, maxBytes = Infinity): Promise<unknown> {
  const raw = await req.text();
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new OpsBodyTooLargeError(maxBytes);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new WorkOrderInputError('body', 'not JSON', { cause: error });
  }
}

/**
 * The ops API for the centre and the departments (Cognito-authorised REST
 * API): GET /tickets, GET /tickets/{id}, POST /tickets/{id}/corrections, GET /work-orders (an inbox),
 * GET /work-orders/{id}, POST /work-orders/{id}/{action}, GET /chases, the callbacks, handover,
 * quality and indicator routes, GET /outages. Every route verifies the bearer
 * token and asks access/policy.ts; 401 without a valid token, 403 for a role
 * the policy refuses.
 */
export const handler: LambdaHttpHandler = middy(asHandler(app)).use(injectLambdaContext(logger));
