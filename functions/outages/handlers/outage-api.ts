import { timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { documentClient, sqs } from '../../shared/clients';
import { answer, asHandler, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { injectLambdaContext, logger } from '../../shared/logger';
import { OutageRepository, SUSPICION_SETTLE_MS } from '../adapters/outage-repository';
import { SqsPlanningQueue } from '../adapters/sqs-planning-queue';
import { readOutboundPlanningConfig } from '../config';
import {
  MalformedOutageRequestError,
  OutageApiKeyError,
  OutageConflictError,
  OutageNotFoundError,
  OutageRouteNotFoundError,
  OutageValidationError,
} from '../errors';
import { declareOutage, describeOutage, restoreOutage, updateOutageEtr, type OutageCommandDeps, type OutageCommandResult } from '../outage-commands';
import { ConfirmSuspicionSchema, DeclareOutageSchema, MergeSuspicionSchema, RejectSuspicionSchema, RestoreOutageSchema, StormModeSchema, UpdateEtrSchema } from '../schemas';
import { DynamoClusterStore } from '../adapters/dynamo-clusters';
import { confirmSuspicion, mergeSuspicion, rejectSuspicion, setStormMode, type SuspicionCommandDeps } from '../suspicion-commands';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { classifyText } from '../../intake/classify';
import { reopenReportAsTicket } from '../../intake/intake';
import { now } from '../../shared/time';

const config = readOutboundPlanningConfig();
const deps: OutageCommandDeps = {
  store: new OutageRepository(documentClient, config.tableName),
  planning: new SqsPlanningQueue(sqs, config.plannerQueueUrl),
  now,
  etrChangeThresholdMinutes: config.etrChangeThresholdMinutes,
};

// A rejected suspicion's reports become tickets through intake's own rules (numbers, clocks, routing).
const intake = intakeDeps({ tableName: config.tableName, timeZone: config.timeZone, threadWindowHours: 72 }, classifyText);
const suspicions = new DynamoClusterStore(documentClient, config.tableName);
const suspicionDeps: SuspicionCommandDeps = {
  suspicions,
  planning: deps.planning,
  now: deps.now,
  reopenAsTicket: (report) => reopenReportAsTicket(report, intake),
  settle: () => new Promise((resolve) => setTimeout(resolve, SUSPICION_SETTLE_MS)),
};

const problems = (error: OutageValidationError) => ({ message: error.message, problems: error.problems });
/** The one place outage errors become answers, by class (subclasses first). */
const app = httpApi({
  api: 'outage',
  notFound: (method, path) => new OutageRouteNotFoundError(method, path),
  errors: [
    // 400: the request is malformed; 422: well-formed but not acceptable (a planned outage too soon).
    answer(MalformedOutageRequestError, 400, { body: problems }),
    answer(OutageValidationError, 422, { body: problems }),
    answer(OutageApiKeyError, 401),
    answer(OutageNotFoundError, 404),
    answer(OutageRouteNotFoundError, 404),
    answer(OutageConflictError, 409),
  ],
});

// IAM authorises the API in AWS; the local runtime sets OUTAGE_API_KEY and every request must carry it.
app.use(async ({ reqCtx, next }) => {
  if (config.apiKey && !sameSecret(reqCtx.req.headers.get('x-api-key') ?? '', config.apiKey)) throw new OutageApiKeyError();
  await next();
});
app.post('/outages', async ({ req }) => commandResponse(await declareOutage(await body(req, DeclareOutageSchema), deps), 201));
app.put('/outages/:id/etr', async ({ req, params }) => commandResponse(await updateOutageEtr(params.id as string, await body(req, UpdateEtrSchema), deps), 200));
app.post('/outages/:id/restore', async ({ req, params }) => commandResponse(await restoreOutage(params.id as string, await body(req, RestoreOutageSchema, {}), deps), 200));
app.get('/outages/:id', async ({ params }) => json(200, await describeOutage(params.id as string, deps)));
// Issue 13: grid operations decides a suspected outage; operators switch storm mode.
app.post('/outages/:id/confirm', async ({ req, params }) => commandResponse(await confirmSuspicion(params.id as string, await body(req, ConfirmSuspicionSchema), suspicionDeps), 200));
app.post('/outages/:id/merge', async ({ req, params }) => commandResponse(await mergeSuspicion(params.id as string, await body(req, MergeSuspicionSchema), suspicionDeps), 200));
app.post('/outages/:id/reject', async ({ req, params }) => commandResponse(await rejectSuspicion(params.id as string, await body(req, RejectSuspicionSchema, {}), suspicionDeps), 200));
app.put('/storm-mode', async ({ req }) => json(200, await setStormMode(await body(req, StormModeSchema), suspicionDeps)));
app.get('/storm-mode', async () => json(200, (await suspicions.stormMode()) ?? { on: false }));

/**
 * The outage API for grid operations: POST /outages, PUT /outages/{id}/etr,
 * POST /outages/{id}/restore, GET /outages/{id}; suspected outages (issue 13):
 * POST /outages/{id}/confirm, /merge, /reject, and PUT/GET /storm-mode. IAM-authorised in AWS.
 * Bad input is a 400/422 with one line per problem; repeats change nothing.
 */
export const handler: LambdaHttpHandler = middy(asHandler(app)).use(injectLambdaContext(logger));

function commandResponse(result: OutageCommandResult, createdStatus: number): Response {
  logger.info('outage command', { outageId: result.outage.outageId, status: result.outage.status, changed: result.changed, plan: result.plan });
  return json(result.changed ? createdStatus : 200, result);
}

/** The body parsed by `schema`; `empty` stands for a missing body where one is optional. */
async function body<T>(req: Request, schema: z.ZodMiniType<T>, empty?: T): Promise<T> {
  const raw = await req.text();
  if (raw.trim() === '') {
    if (empty !== undefined) return empty;
    throw new MalformedOutageRequestError('Missing body', ['body: a JSON object is required']);
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(raw);
  } catch (error) {
    throw new MalformedOutageRequestError('Body is not JSON', [`body: ${(error as Error).message}`], { cause: error });
  }
  const parsed = schema.safeParse(parsedJson);
  if (!parsed.success) {
    throw new MalformedOutageRequestError('Invalid request', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`), { cause: parsed.error });
  }
  return parsed.data;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
