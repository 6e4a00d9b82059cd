import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { DynamoIntakeRepository } from '../../intake/adapters/dynamo-intake-repository';
import { classifyText } from '../../intake/classify';
import type { IntakeDeps } from '../../intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../outages/adapters/outage-repository';
import { connect } from '../../shared/chat-clients';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { fingerprint } from '../../shared/fingerprint';
import { logger } from '../../shared/logger';
import { CHINA_2026_CALENDAR } from '../../tickets/calendar';
import { ConnectAgentHandover, participantEndpoint } from '../adapters/connect-agent-handover';
import { DynamoChatStore } from '../adapters/dynamo-chat-store';
import { admitRequest, billQuestion, outageStatus, reportFault, talkToAgent, verifyAccount, type ChatDeps } from '../chat-service';
import { ChatPayloadTooLargeError, ChatRateLimitedError, ChatRequestError } from '../errors';
import {
  AgentRequestSchema,
  BillRequestSchema,
  FaultReportRequestSchema,
  HttpApiEventSchema,
  MAX_CHAT_BODY_BYTES,
  OutageStatusRequestSchema,
  VerifyRequestSchema,
  type HttpApiEvent,
} from '../schemas';

const config = readConfig();
const outages = new CachedOutageRegistry(new OutageRepository(documentClient, config.tableName), Date.now);
const intake: IntakeDeps = {
  repository: new DynamoIntakeRepository(documentClient, config.tableName),
  outages,
  calendar: CHINA_2026_CALENDAR,
  timeZone: config.timeZone,
  threadWindowHours: config.threadWindowHours,
  classify: classifyText,
};
const store = new DynamoChatStore(documentClient, config.tableName);
const deps: ChatDeps = {
  intake,
  outages,
  store,
  directory: store,
  agents: new ConnectAgentHandover(
    connect,
    process.env.CONNECT_INSTANCE_ID ?? '',
    process.env.CONNECT_CONTACT_FLOW_ID ?? '',
    // CHAT_PARTICIPANT_ENDPOINT is set by the local runtime only (its emulation of the Participant Service).
    participantEndpoint(process.env.CONNECT_REGION || process.env.AWS_REGION || '', process.env.CHAT_PARTICIPANT_ENDPOINT),
  ),
  now: () => new Date(),
};

/** The HTTP API response (payload format 2.0). */
export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Route → request schema and use case. The session id in every body is what the per-session limit counts. */
const ROUTES = {
  'POST /chat/api/outage-status': { schema: OutageStatusRequestSchema, run: (r: z.infer<typeof OutageStatusRequestSchema>) => outageStatus(r, deps) },
  'POST /chat/api/fault-report': { schema: FaultReportRequestSchema, run: (r: z.infer<typeof FaultReportRequestSchema>) => reportFault(r, deps) },
  'POST /chat/api/verify': { schema: VerifyRequestSchema, run: (r: z.infer<typeof VerifyRequestSchema>) => verifyAccount(r, deps) },
  'POST /chat/api/bill': { schema: BillRequestSchema, run: (r: z.infer<typeof BillRequestSchema>) => billQuestion(r, deps) },
  'POST /chat/api/agent': { schema: AgentRequestSchema, run: (r: z.infer<typeof AgentRequestSchema>) => talkToAgent(r, deps) },
} as const;
type RouteKey = keyof typeof ROUTES;

/**
 * The web chat's API behind API Gateway (HTTP API): outage status, fault
 * reports, PIN verification, bill questions and the hand-over to an agent.
 * Every refusal is a 4xx with a reason code the page turns into words.
 */
export const handler = middy(async (event: unknown): Promise<HttpApiResult> => {
  try {
    return respond(200, await route(event));
  } catch (error) {
    return errorResponse(error);
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));

async function route(event: unknown): Promise<unknown> {
  const parsed = HttpApiEventSchema.safeParse(event);
  if (!parsed.success) throw new ChatRequestError(`not an HTTP API request: ${z.prettifyError(parsed.error)}`, 'bad_event');
  const request = parsed.data;
  const key = `${request.requestContext.http.method} ${request.rawPath}` as RouteKey;
  const handlerOf = ROUTES[key];
  if (!handlerOf) throw new ChatRequestError(`no route ${key}`, 'no_route');
  const body = readBody(request);
  const valid = (handlerOf.schema as z.ZodMiniType).safeParse(body);
  const sessionId = typeof (body as { sessionId?: unknown })?.sessionId === 'string' ? String((body as { sessionId: string }).sessionId).slice(0, 64) : undefined;
  await admitRequest(valid.success ? sessionId : undefined, request.requestContext.http.sourceIp, deps);
  if (!valid.success) throw new ChatRequestError(z.prettifyError(valid.error), 'invalid_request');
  const result = await (handlerOf.run as (r: unknown) => Promise<unknown>)(valid.data);
  logger.info('chat request', { route: key, session: sessionId ? fingerprint('cs', sessionId) : undefined, requestId: request.requestContext.requestId });
  return result;
}

function readBody(request: HttpApiEvent): unknown {
  const raw = request.body ?? '';
  const text = request.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_CHAT_BODY_BYTES) throw new ChatPayloadTooLargeError(`the request body is over ${MAX_CHAT_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ChatRequestError('the request body is not JSON', 'not_json', { cause: error });
  }
}

/** The one place errors become responses, by class. */
function errorResponse(error: unknown): HttpApiResult {
  if (error instanceof ChatRequestError) {
    logger.info('chat request refused', { reason: error.reason, status: error.status });
    const headers: Record<string, string> = error instanceof ChatRateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return respond(error.status, { reason: error.reason, message: error.message }, headers);
  }
  logger.error('chat request failed', { error: (error as Error).name });
  return respond(500, { reason: 'internal', message: 'something went wrong; please try again' });
}

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
    body: JSON.stringify(body),
  };
}
