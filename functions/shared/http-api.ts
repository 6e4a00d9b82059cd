/**
 * The HTTP APIs' common shape (chat, outages, billing): Powertools' HTTP
 * router, JSON answers, and one table per API that turns its errors into
 * answers by class. A dependency failing for now (`isDependencyFailure`:
 * throttling, a transaction conflict, a timeout, DynamoDB unreachable) is a
 * 503 with Retry-After; anything else not in the table is a 500 that says
 * nothing about the cause and logs only the error's name (SDK messages can quote keys).
 */
import { createHash } from 'node:crypto';
import { isAPIGatewayProxyEventV1, isAPIGatewayProxyEventV2, Router } from '@aws-lambda-powertools/event-handler/http';
import type { Middleware } from '@aws-lambda-powertools/event-handler/types';
import type { Context } from 'aws-lambda';
import { isDependencyFailure } from './dependency-errors';
import { logger } from './logger';

/** What a 503 asks the caller to wait before sending the same request again. */
const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/** What API Gateway gets back (REST or HTTP API). */
export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string | number | boolean>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** An HTTP API function as Lambda (and the tests) call it. */
export type LambdaHttpHandler = (event: unknown, context: Context) => Promise<HttpApiResult>;

/** An error class, as `instanceof` sees it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass<T extends Error> = abstract new (...args: any[]) => T;

/** How one class of error is answered. The first entry whose class matches wins, so list subclasses first. */
export interface ErrorAnswer<T extends Error = Error> {
  readonly error: ErrorClass<T>;
  readonly status: number;
  /** The JSON body; default `{ message }`. */
  readonly body?: (error: T) => unknown;
  readonly headers?: (error: T) => Record<string, string>;
}

/**
 * One row of an API's error table, typed by its class.
 *
 * @example
 * answer(OutageNotFoundError, 404)
 * answer(ChatRateLimitedError, 429, { headers: (e) => ({ 'retry-after': String(e.retryAfterSeconds) }) })
 */
export function answer<T extends Error>(error: ErrorClass<T>, status: number, options: Pick<ErrorAnswer<T>, 'body' | 'headers'> = {}): ErrorAnswer {
  return { error, status, ...options } as ErrorAnswer;
}

/**
 * A JSON response with the headers every API answer carries.
 *
 * @example
 * return json(201, result);
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
  });
}

/**
 * A router whose errors are answered from `errors`, the API's one table, by
 * class; an unmatched route and a wrong method are errors of the API's own
 * classes too (`notFound`, `methodNotAllowed`).
 *
 * @example
 * const app = httpApi({ api: 'outage', errors: [answer(OutageNotFoundError, 404)], notFound: (method, path) => new OutageRouteNotFoundError(method, path) });
 * app.get('/outages/:id', async ({ params }) => json(200, await describeOutage(params.id, deps)));
 * export const handler = middy(asHandler(app)).use(injectLambdaContext(logger));
 */
export function httpApi(options: { readonly errors: readonly ErrorAnswer[]; readonly notFound: (method: string, path: string) => Error; readonly api: string }): Router {
  const app = new Router({ logger });
  const answerFor = (error: Error): Response => {
    const row = options.errors.find((candidate) => error instanceof candidate.error);
    if (!row && isDependencyFailure(error)) {
      // DynamoDB (or SQS, SNS, S3) failing for now: a request is all or nothing, so saying "try again" is safe.
      logger.error(`${options.api} request failed on a dependency; answered 503`, { error: error.name });
      return json(503, { reason: 'unavailable', message: 'The service is briefly unavailable; please send the same request again shortly (what was already saved is recognised, not saved twice)' }, { 'retry-after': String(DEPENDENCY_RETRY_AFTER_SECONDS) });
    }
    if (!row) {
      logger.error(`${options.api} request failed`, { error: error.name });
      return json(500, { reason: 'internal', message: 'Something went wrong; please try again' });
    }
    logger.info(`${options.api} request refused`, { error: error.name, status: row.status });
    return json(row.status, row.body ? row.body(error) : { message: error.message }, row.headers?.(error) ?? {});
  };
  app.errorHandler(Error, async (error) => answerFor(error));
  app.notFound(async (_error, { req }) => answerFor(options.notFound(req.method, new URL(req.url).pathname)));
  app.methodNotAllowed(async (_error, { req }) => answerFor(options.notFound(req.method, new URL(req.url).pathname)));
  return app;
}

/**
 * The router as a Lambda handler. An event that is not from API Gateway (a
 * misconfigured integration, a hand-made invoke) gets a 400 rather than an error.
 */
export function asHandler(app: Router): LambdaHttpHandler {
  return async (event, context) => {
    if (isAPIGatewayProxyEventV1(event) || isAPIGatewayProxyEventV2(event)) return (await app.resolve(event, context)) as HttpApiResult;
    logger.warn('not an API Gateway request');
    return { statusCode: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ reason: 'bad_event', message: 'not an API Gateway request' }) };
  };
}

/**
 * Conditional reads: a GET answered 200 carries a weak ETag of its body,
 * and the same request with that ETag in If-None-Match is answered 304 with
 * no body, so a page that polls (the ops console) moves bytes only when
 * something changed. The route still runs: this saves transfer and the
 * page's redraw, not the read.
 *
 * @example
 * app.use(conditionalGet);
 */
export const conditionalGet: Middleware = async ({ reqCtx, next }) => {
  await next();
  const res = reqCtx.res;
  if (reqCtx.req.method !== 'GET' || res.status !== 200) return;
  const body = await res.clone().text();
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = new Headers(res.headers);
  headers.set('etag', etag);
  const asked = reqCtx.req.headers.get('if-none-match') ?? '';
  const matches = asked.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  reqCtx.res = matches ? new Response(null, { status: 304, headers }) : new Response(body, { status: 200, headers });
};
