import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { readAccessConfig } from '../../access/config';
import { tokenVerifier, type TokenVerifier } from '../../access/adapters/token-verifier';
import { ForbiddenError, NotAuthenticatedError } from '../../access/errors';
import { can, viewerOf, type Action, type Resource } from '../../access/policy';
import type { Principal } from '../../access/principal';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { answer, asHandler, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { logger } from '../../shared/logger';
import { TicketQueries } from '../../tickets/adapters/ticket-queries';
import { MalformedOpsRequestError, OpsNotFoundError, OpsRouteNotFoundError } from '../errors';
import { ticketFilterFrom } from '../ticket-filter';
import { ticketSeenBy } from '../ticket-view';

const config = readConfig();
const verifier: TokenVerifier = tokenVerifier(readAccessConfig());
const tickets = new TicketQueries(documentClient, config.tableName);

/** The one place ops errors become answers, by class (subclasses first). */
const app = httpApi({
  api: 'ops',
  notFound: (method, path) => new OpsRouteNotFoundError(method, path),
  errors: [
    answer(NotAuthenticatedError, 401, { headers: () => ({ 'www-authenticate': 'Bearer' }) }),
    answer(ForbiddenError, 403),
    answer(MalformedOpsRequestError, 400, { body: (e) => ({ message: e.message, problems: e.problems }) }),
    answer(OpsNotFoundError, 404),
    answer(OpsRouteNotFoundError, 404),
  ],
});

/** Who signed the request, set by the authentication middleware before any route runs. */
const principals = new WeakMap<Request, Principal>();

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

/**
 * The ops API for the centre and the departments (Cognito-authorised REST
 * API): GET /tickets, GET /tickets/{id}. Every route verifies the bearer
 * token and asks access/policy.ts; 401 without a valid token, 403 for a role
 * the policy refuses.
 */
export const handler: LambdaHttpHandler = middy(asHandler(app)).use(injectLambdaContext(logger, { resetKeys: true }));
