import middy from '@middy/core';
import * as z from 'zod/mini';
import { DynamoPinAttemptLedger } from '../../customers/adapters/dynamo-pin-attempts';
import { connect } from '../../shared/chat-clients';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { classifyText } from '../../intake/classify';
import { fingerprint } from '../../shared/fingerprint';
import { answer, asHandler, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { ConnectAgentHandover, participantEndpoint } from '../adapters/connect-agent-handover';
import { DynamoChatStore } from '../adapters/dynamo-chat-store';
import { admitRequest, billQuestion, outageStatus, reportFault, talkToAgent, verifyAccount, type ChatDeps } from '../chat-service';
import {
  ChatError,
  ChatNotVerifiedError,
  ChatPayloadTooLargeError,
  ChatRateLimitedError,
  ChatRequestError,
  ChatRouteNotFoundError,
  ChatVerificationFailedError,
} from '../errors';
import {
  AgentRequestSchema,
  BillRequestSchema,
  FaultReportRequestSchema,
  MAX_CHAT_BODY_BYTES,
  OutageStatusRequestSchema,
  VerifyRequestSchema,
  type HttpApiEvent,
} from '../schemas';
import { now } from '../../shared/time';

const config = readConfig();
const intake = intakeDeps(config, classifyText);
const { outages } = intake;
const store = new DynamoChatStore(documentClient, config.tableName);
const deps: ChatDeps = {
  intake,
  outages,
  store,
  directory: store,
  pinAttempts: new DynamoPinAttemptLedger(documentClient, config.tableName),
  pinLockout: config.pinLockout,
  agents: new ConnectAgentHandover(
    connect,
    process.env.CONNECT_INSTANCE_ID ?? '',
    process.env.CONNECT_CONTACT_FLOW_ID ?? '',
    // CHAT_PARTICIPANT_ENDPOINT is set by the local runtime only (its emulation of the Participant Service).
    participantEndpoint(process.env.CONNECT_REGION || process.env.AWS_REGION || '', process.env.CHAT_PARTICIPANT_ENDPOINT),
  ),
  now,
};

/** Action → request schema and use case. The session id in every body is what the per-session limit counts. */
const ROUTES = {
  'outage-status': { schema: OutageStatusRequestSchema, run: (r: z.infer<typeof OutageStatusRequestSchema>) => outageStatus(r, deps) },
  'fault-report': { schema: FaultReportRequestSchema, run: (r: z.infer<typeof FaultReportRequestSchema>) => reportFault(r, deps) },
  verify: { schema: VerifyRequestSchema, run: (r: z.infer<typeof VerifyRequestSchema>) => verifyAccount(r, deps) },
  bill: { schema: BillRequestSchema, run: (r: z.infer<typeof BillRequestSchema>) => billQuestion(r, deps) },
  agent: { schema: AgentRequestSchema, run: (r: z.infer<typeof AgentRequestSchema>) => talkToAgent(r, deps) },
} as const;

/** The one place chat errors become answers, by class: `{ reason, message }` with the class's status. */
const withReason = (error: ChatError) => ({ reason: error.reason, message: error.message });
const app = httpApi({
  api: 'chat',
  notFound: (method, path) => new ChatRouteNotFoundError(method, path),
  errors: [
    answer(ChatRateLimitedError, 429, { body: withReason, headers: (e) => ({ 'retry-after': String(e.retryAfterSeconds) }) }),
    answer(ChatPayloadTooLargeError, 413, { body: withReason }),
    answer(ChatNotVerifiedError, 401, { body: withReason }),
    answer(ChatVerificationFailedError, 401, { body: withReason }),
    answer(ChatRouteNotFoundError, 404, { body: withReason }),
    answer(ChatError, 400, { body: withReason }),
  ],
});
for (const [action, route] of Object.entries(ROUTES)) {
  app.post(`/chat/api/${action}`, async ({ event }) => json(200, await runAction(action, event as HttpApiEvent, route as Route)));
}

/**
 * The web chat's API behind API Gateway (HTTP API): outage status, fault
 * reports, PIN verification, bill questions and the hand-over to an agent.
 * Every refusal is a 4xx with a reason code the page turns into words.
 */
export const handler: LambdaHttpHandler = middy(asHandler(app))
  .use(injectLambdaContext(logger))
  .use(logTagKey());

interface Route {
  readonly schema: z.ZodMiniType;
  readonly run: (request: unknown) => Promise<unknown>;
}

/** Counts the request against the session's and the address's limits, then validates and runs it. */
async function runAction(action: string, event: HttpApiEvent, route: Route): Promise<unknown> {
  const body = readBody(event);
  const valid = route.schema.safeParse(body);
  const sessionId = typeof (body as { sessionId?: unknown })?.sessionId === 'string' ? String((body as { sessionId: string }).sessionId).slice(0, 64) : undefined;
  await admitRequest(valid.success ? sessionId : undefined, event.requestContext.http.sourceIp, deps);
  if (!valid.success) throw new ChatRequestError(z.prettifyError(valid.error), 'invalid_request');
  const result = await route.run(valid.data);
  logger.info('chat request', { action, session: sessionId ? fingerprint('cs', sessionId) : undefined, requestId: event.requestContext.requestId });
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
