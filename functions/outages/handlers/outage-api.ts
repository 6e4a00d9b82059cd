import { timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { documentClient, sqs } from '../../shared/clients';
import { logger } from '../../shared/logger';
import { OutageRepository } from '../adapters/outage-repository';
import { SqsPlanningQueue } from '../adapters/sqs-planning-queue';
import { readOutboundPlanningConfig } from '../config';
import { MalformedOutageRequestError, OutageConflictError, OutageNotFoundError, OutageValidationError } from '../errors';
import { declareOutage, describeOutage, restoreOutage, updateOutageEtr, type OutageCommandDeps, type OutageCommandResult } from '../outage-commands';
import { DeclareOutageSchema, RestoreOutageSchema, UpdateEtrSchema } from '../schemas';

const config = readOutboundPlanningConfig();
const deps: OutageCommandDeps = {
  store: new OutageRepository(documentClient, config.tableName),
  planning: new SqsPlanningQueue(sqs, config.plannerQueueUrl),
  now: () => new Date(),
  etrChangeThresholdMinutes: config.etrChangeThresholdMinutes,
};

/** API Gateway proxy events: REST API (v1) or HTTP API (v2), only the fields the routes use. */
const ApiEventSchema = z.object({
  httpMethod: z.optional(z.string()),
  path: z.optional(z.string()),
  rawPath: z.optional(z.string()),
  requestContext: z.optional(z.object({ http: z.optional(z.object({ method: z.string() })) })),
  headers: z.optional(z.nullable(z.record(z.string(), z.optional(z.string())))),
  body: z.optional(z.nullable(z.string())),
  isBase64Encoded: z.optional(z.boolean()),
});
type ApiEvent = z.infer<typeof ApiEventSchema>;

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const OUTAGES = /\/outages\/?$/;
const OUTAGE = /\/outages\/([A-Za-z0-9_-]+)\/?$/;
const ETR = /\/outages\/([A-Za-z0-9_-]+)\/etr\/?$/;
const RESTORE = /\/outages\/([A-Za-z0-9_-]+)\/restore\/?$/;

/**
 * The outage API for grid operations: POST /outages, PUT /outages/{id}/etr,
 * POST /outages/{id}/restore, GET /outages/{id}. IAM-authorised in AWS; the
 * local runtime sets OUTAGE_API_KEY and this handler checks `x-api-key`.
 * Bad input is a 400/422 with one line per problem; repeats change nothing.
 */
export const handler = middy(async (event: unknown): Promise<ApiResponse> => {
  const parsed = ApiEventSchema.safeParse(event);
  if (!parsed.success) return respond(400, { message: 'Not an API Gateway proxy event', problems: [z.prettifyError(parsed.error)] });
  const request = parsed.data;
  if (config.apiKey && !apiKeyMatches(request, config.apiKey)) return respond(401, { message: 'Missing or wrong x-api-key' });
  try {
    return await route(request);
  } catch (error) {
    return errorResponse(error);
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));

async function route(request: ApiEvent): Promise<ApiResponse> {
  const method = (request.httpMethod ?? request.requestContext?.http?.method ?? 'GET').toUpperCase();
  const path = request.path ?? request.rawPath ?? '/';
  let match: RegExpExecArray | null;
  if ((match = ETR.exec(path))) {
    if (method !== 'PUT') return methodNotAllowed('PUT');
    return commandResponse(await updateOutageEtr(match[1] as string, parseBody(request, UpdateEtrSchema), deps), 200);
  }
  if ((match = RESTORE.exec(path))) {
    if (method !== 'POST') return methodNotAllowed('POST');
    return commandResponse(await restoreOutage(match[1] as string, parseBody(request, RestoreOutageSchema, {}), deps), 200);
  }
  if (OUTAGES.test(path)) {
    if (method !== 'POST') return methodNotAllowed('POST');
    return commandResponse(await declareOutage(parseBody(request, DeclareOutageSchema), deps), 201);
  }
  if ((match = OUTAGE.exec(path))) {
    if (method !== 'GET') return methodNotAllowed('GET');
    return respond(200, await describeOutage(match[1] as string, deps));
  }
  return respond(404, { message: `No route for ${method} ${path}` });
}

function commandResponse(result: OutageCommandResult, createdStatus: number): ApiResponse {
  logger.info('outage command', { outageId: result.outage.outageId, status: result.outage.status, changed: result.changed, plan: result.plan });
  return respond(result.changed ? createdStatus : 200, result);
}

function parseBody<T>(request: ApiEvent, schema: z.ZodMiniType<T>, empty?: T): T {
  const raw = request.isBase64Encoded && request.body ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  if (!raw || raw.trim() === '') {
    if (empty !== undefined) return empty;
    throw new MalformedOutageRequestError('Missing body', ['body: a JSON object is required']);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new MalformedOutageRequestError('Body is not JSON', [`body: ${(error as Error).message}`], { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new MalformedOutageRequestError('Invalid request', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`), { cause: parsed.error });
  }
  return parsed.data;
}

/** One place maps errors to responses, by class. */
function errorResponse(error: unknown): ApiResponse {
  if (error instanceof OutageValidationError) {
    // 400: the request is malformed; 422: well-formed but not acceptable (a planned outage too soon).
    const status = error instanceof MalformedOutageRequestError ? 400 : 422;
    logger.warn('outage request refused', { status, problems: error.problems });
    return respond(status, { message: error.message, problems: error.problems });
  }
  if (error instanceof OutageNotFoundError) return respond(404, { message: error.message });
  if (error instanceof OutageConflictError) return respond(409, { message: error.message });
  throw error;
}

function apiKeyMatches(request: ApiEvent, expected: string): boolean {
  const header = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-api-key')?.[1] ?? '';
  const given = Buffer.from(header);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function methodNotAllowed(allowed: string): ApiResponse {
  return { ...respond(405, { message: `Use ${allowed}` }), headers: { 'content-type': 'application/json', allow: allowed } };
}

function respond(statusCode: number, body: unknown): ApiResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
