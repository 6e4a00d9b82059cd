import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { readAccessConfig } from '../../access/config';
import { tokenVerifier, type TokenVerifier } from '../../access/adapters/token-verifier';
import { ForbiddenError, NotAuthenticatedError } from '../../access/errors';
import { can, canAtAll, viewerOf, type Action, type Resource } from '../../access/policy';
import type { Principal } from '../../access/principal';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { answer, asHandler, conditionalGet, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { logger } from '../../shared/logger';
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
import { DynamoChases, localDay } from '../../clocks/adapters/dynamo-chases';
import { now } from '../../shared/time';
import { workingCalendar } from '../../shared/calendar';

const config = readConfig();
const verifier: TokenVerifier = tokenVerifier(readAccessConfig());
const tickets = new TicketQueries(documentClient, config.tableName);
const workOrders = new DynamoWorkOrders(documentClient, config.tableName);
const corrections = new DynamoCorrectionRepository(documentClient, config.tableName);
const chases = new DynamoChases(documentClient, config.tableName, config.timeZone);
const INBOX_LIMIT = 100;
const CHASE_LIMIT = 200;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A correction is a type and three short fields; anything bigger is not one. */
const CORRECTION_MAX_BYTES = 16 * 1024;
const routing = readRoutingConfig();

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
  if (!canAtAll(principal, 'ticket:correct')) authorize(req, 'ticket:correct');
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
  const order = await orderNamed(params.id as string);
  const principal = authorize(req, 'work_order:read', { departmentId: order.departmentId });
  return json(200, { order: workOrderSeenBy(principal, order) });
});

app.post('/work-orders/:id/:action', async ({ req, params }) => {
  const action = params.action as string;
  if (action === 'reroute') {
    // The centre (shift lead, supervisor) routes an order a department sent back.
    const order = await orderNamed(params.id as string);
    const principal = authorize(req, 'work_order:route', { departmentId: order.departmentId });
    const body = (await jsonBody(req)) as { department?: unknown } | null;
    const result = await rerouteWorkOrder(order, body?.department, { store: workOrders, now, departments: routing.departments.map((d) => d.departmentId) });
    logger.info('work order rerouted', { orderId: order.orderId, to: result.order.orderId, changed: result.changed });
    return json(200, { order: workOrderSeenBy(principal, result.order), changed: result.changed });
  }
  if (!(WORK_ORDER_ACTIONS as readonly string[]).includes(action)) throw new MalformedOpsRequestError(`action: one of ${WORK_ORDER_ACTIONS.join(', ')}, reroute`);
  const order = await orderNamed(params.id as string);
  const principal = authorize(req, 'work_order:act', { departmentId: order.departmentId });
  // The customer hears an answer within 1 working day of it (the text's dueBy), by the working-day calendar.
  const calendar = await workingCalendar.current();
  const replyDueAfter = (answeredAt: Date) => calendar.addWorkingDays(answeredAt, 1);
  const result = await recordAction(order, action as WorkOrderAction, await jsonBody(req), { store: workOrders, now, replyDueAfter });
  logger.info('work order action', { orderId: order.orderId, action, changed: result.changed, state: result.order.state });
  return json(200, { order: workOrderSeenBy(principal, result.order), changed: result.changed });
});

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
 * GET /work-orders/{id}, POST /work-orders/{id}/{action}, GET /chases. Every route verifies the bearer
 * token and asks access/policy.ts; 401 without a valid token, 403 for a role
 * the policy refuses.
 */
export const handler: LambdaHttpHandler = middy(asHandler(app)).use(injectLambdaContext(logger, { resetKeys: true }));
