import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { FUNCTION_CATALOG, type CatalogEntry } from '../lib/function-catalog';
import { attachLocalPlannerQueue, clusterWatchConsumer, outboundEnvironment, routeOutbound } from './outage-planning';
import { lambdaContext } from './lambda-context';
import { AsyncInvocations, LAMBDA_RETRY_DELAYS_MS, type AttemptOutcome } from './async-invocations';
import { createTable, localDynamoClient, sharedDynamoDbLocal, superviseDynamoDbLocal, LOCAL_AWS, type SupervisedDynamoDbLocal } from './dynamodb-local';
import type { LocalIdentity } from './identity';
import { answerOpsApi, localIdentity, routeOps } from './ops';
import { routeOpsConsole } from './ops-console';
import { describeConnectCommand, describeSesCommand, describeSnsCommand, describeSqsCommand, LocalOutbox } from './outbox';
import { routeWebChannels, webChannelsEnvironment } from './web-channels';
import { readBody, sendJson } from './http';
import { callbackPlannerConsumer, callbacksEnvironment, describeConnectTaskCommand, localSystemState } from './callbacks';
import { LocalTableFeed } from './table-stream';
import { LOCAL_CLOCK_RESOURCES, LocalClocks } from './clocks';
import { now } from '../functions/shared/time';

export const LOCAL_TABLE_NAME = 'hotline-local';
export const LOCAL_REJECTED_CONTACTS_QUEUE_URL = 'http://localhost/queue/rejected-contacts';
export const LOCAL_SMS_ORIGINATION_NUMBER = '+8695598';
/** Lambda's synchronous invocation payload limit. */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's default timeout is 3 s; the functions deploy with more, and DynamoDB Local's first calls are slow. */
const FUNCTION_TIMEOUT_MS = 30_000;
/** Written into the data dir so `fresh` never deletes a directory the runtime did not create. */
const DATA_DIR_MARKER = '.hotline-local-runtime';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LocalRuntimeOptions {
  readonly dataDir: string;
  /** Delete the data dir (DynamoDB data, outbox, DLQ) first. */
  readonly fresh: boolean;
  /** 0 picks a free port. */
  readonly port: number;
  /** Synthetic customers seeded when the table is created (default 300). */
  readonly seedCustomers?: number;
  readonly quiet?: boolean;
  /** A customer directory file (CSV or JSONL) to import at start, after the seed. */
  readonly customersFile?: string;
  /** Keep the functions' structured JSON log lines (Powertools) instead of one line per invocation. */
  readonly jsonLogs?: boolean;
  /**
   * The waits before the two retries of a failed asynchronous invocation;
   * default Lambda's (1 and 2 minutes), or `LOCAL_ASYNC_RETRY_DELAYS_MS` ("1000,2000").
   */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** The outages declared on first start (default `local/seed/outages.json`). */
  readonly outagesFile?: string;
  /**
   * Where the movable clock starts, before the seed is written (default now):
   * a test whose story depends on the local time of day (legal call windows,
   * working hours) starts at a fixed one rather than whenever it runs. Only a
   * later instant than the clock's moves it: the clock never goes back.
   */
  readonly clockStart?: Date;
  /**
   * A DynamoDB Local that is already running, to keep the table in instead of
   * starting a Java process of its own (default `LOCAL_DYNAMODB_ENDPOINT`; the
   * test suite points it at the one its global setup starts). The runtime does
   * not supervise or stop a shared one; with `fresh` it makes a table of its own
   * there, so runtimes sharing it never see each other's data. `'own'` always
   * starts one (a test that kills it).
   */
  readonly dynamodbEndpoint?: string;
}

/** `dynamodbEndpoint` for a runtime that must start its own DynamoDB Local. */
export const OWN_DYNAMODB = 'own';
/** Tables this process made on a shared DynamoDB Local (their names must differ). */
let sharedTables = 0;

/** Where a running runtime listens, written into its data dir so `npm run invoke` finds it on any port. */
export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeRecord {
  readonly url: string;
  readonly pid: number;
  readonly startedAt: string;
}

/** The runtime could not start; the message names the step that failed. */
export class LocalRuntimeStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRuntimeStartError';
  }
}

export interface LocalRuntime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  /** The table the functions use (`LOCAL_TABLE_NAME` unless the DynamoDB Local is shared). */
  readonly tableName: string;
  /** The asynchronous invocations accepted and not yet done (tests wait on `settled()`). */
  readonly asyncInvocations: AsyncInvocations;
  readonly dynamodb: SupervisedDynamoDbLocal;
  stop(): Promise<void>;
}

type Handler = (event: unknown, context: Context) => unknown;

/**
 * The whole system on one machine: DynamoDB Local, the functions behind the
 * Lambda Invoke API (so `@aws-sdk/client-lambda` and `npm run invoke` work
 * against it), the ops API behind a local sign-in, and the outbox in place of SNS/SQS.
 *
 * @example
 * const runtime = await startLocalRuntime({ dataDir: '.local', fresh: false, port: 3000 });
 * // POST {url}/2015-03-31/functions/sms-inbound/invocations, POST {url}/local/login, GET {url}/tickets (signed in), GET {url}/outbox
 * await runtime.stop();
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const began = performance.now();
  const dataDir = resolve(options.dataDir);
  const log = options.quiet ? () => {} : (line: string) => console.log(line);
  const step = startupSteps(options.quiet ?? false);
  prepareDataDir(dataDir, options.fresh);

  const sharedEndpoint = options.dynamodbEndpoint ?? process.env.LOCAL_DYNAMODB_ENDPOINT;
  const shared = sharedEndpoint && sharedEndpoint !== OWN_DYNAMODB ? sharedEndpoint : undefined;
  // Supervised: if the Java process dies it is started again on the same port and data (see /health).
  const ddb = shared ? sharedDynamoDbLocal(shared) : await step('starting DynamoDB Local (Java)', () => superviseDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb'), log }));
  // A fresh start on a shared DynamoDB Local cannot delete its data: it takes a table nobody has used.
  const tableName = shared && options.fresh ? `${LOCAL_TABLE_NAME}-${process.pid}-${Date.now().toString(36)}-${++sharedTables}` : LOCAL_TABLE_NAME;
  const client = localDynamoClient(ddb.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const created = await step(`opening table ${tableName}`, () => ensureTable(client, tableName));

    // Handlers read their config and build SDK clients at module scope: the
    // environment must be in place before the first handler (or clients.ts) is imported.
    setFunctionEnvironment(ddb.endpoint, tableName);
    // One line per invocation (FunctionInvoker) unless the JSON lines are asked for; tests keep theirs quiet.
    if (!options.jsonLogs) {
      process.env.POWERTOOLS_LOG_LEVEL ??= options.quiet ? 'WARN' : 'SILENT';
      // EMF lines mean nothing without CloudWatch.
      process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    }
    // Clocks (issue 11): the movable clock is every function's now() from here on (local/clocks.ts).
    Object.assign(process.env, LOCAL_CLOCK_RESOURCES);
    const { outbox, outbound } = await step('loading the functions and the local outbox', async () => {
      const outbox = new LocalOutbox(dataDir, now);
      const { sns, sqs } = await import('../functions/shared/clients');
      outbox.attach(sns, describeSnsCommand);
      outbox.attach(sqs, describeSqsCommand(LOCAL_REJECTED_CONTACTS_QUEUE_URL));
      // E-mail and web chat (issue 4): SES sends and Connect chat hand-overs go to the outbox too.
      Object.assign(process.env, webChannelsEnvironment(dataDir));
      const [{ sesv2 }, { connect }] = await Promise.all([import('../functions/shared/email-clients'), import('../functions/shared/chat-clients')]);
      outbox.attach(sesv2, describeSesCommand);
      outbox.attach(connect, describeConnectCommand);
      // Outbound (issue 5): billing intake, the dispatcher pass and the unreachable list (local/outbound.ts).
      const { LocalOutbound } = await import('./outbound');
      const outbound = new LocalOutbound(doc, tableName, dataDir);
      await outbound.attach(outbox);
      // Outage API and notice planner (issue 5, local/outage-planning.ts): a planning job runs in-process when it is enqueued.
      Object.assign(process.env, outboundEnvironment());
      attachLocalPlannerQueue(sqs);
      // Callbacks (issue 15): the planner hears the table's changes, its Connect tasks go to the outbox.
      Object.assign(process.env, callbacksEnvironment());
      const { connect: callbackConnect } = await import('../functions/shared/callback-clients');
      outbox.attach(callbackConnect, describeConnectTaskCommand);
      // The handover's system state (issue 15) from the runtime's journals instead of SQS and CloudWatch.
      const { useSystemStateSource } = await import('../functions/handover/system-state');
      useSystemStateSource(localSystemState(outbox, outbound));
      return { outbox, outbound };
    });

    // Before the seed, so that the seed's instants (an outage's declaration and ETR) are the clock's.
    const clocks = new LocalClocks(dataDir, outbound, log, options.clockStart);
    if (created) {
      const customers = options.seedCustomers ?? 300;
      await step(`seeding ${customers} synthetic customers, their bills and the sample outages`, () => seed(doc, tableName, customers, options.outagesFile ?? join(ROOT, 'local/seed/outages.json')));
    }

    if (options.customersFile) {
      const { importCustomerFile } = await import('./import-customers');
      const report = await step(`importing customers from ${options.customersFile}`, () =>
        importCustomerFile(doc, tableName, options.customersFile as string, (imported) => log(`  ${imported} imported so far`)),
      );
      log(`imported ${report.imported} customers from ${options.customersFile}; ${report.rejected.length} line(s) rejected`);
      for (const { line, error } of report.rejected) log(`  line ${line}: ${error}`);
    }

    // After the seed: the stream's consumers hear it from here on (LATEST), as new event source mappings would (local/table-stream.ts):
    // the clock keeper, the callback planner (issue 15) and the cluster watch (issue 13), each through its filter.
    const feed = await step('reading the table stream for its consumers, emulating Scheduler for the clocks', async () => {
      const feed = await LocalTableFeed.open(client, ddb.endpoint, tableName, log);
      await clocks.attach(feed);
      feed.subscribe(callbackPlannerConsumer);
      feed.subscribe(clusterWatchConsumer);
      const { dynamo } = await import('../functions/shared/clients');
      feed.readAfterWritesOf(dynamo);
      feed.poll(1000);
      return feed;
    });

    const invoker = new FunctionInvoker(log);
    const asyncInvocations = new AsyncInvocations({
      run: (functionName, event, requestId) => invoker.attempt(functionName, event, requestId),
      // In AWS the inbound functions' DLQ is the rejected-contacts queue: locally the same journal.
      keep: (failed) => outbox.keepFailedInvocation(LOCAL_REJECTED_CONTACTS_QUEUE_URL, failed),
      retryDelaysMs: options.asyncRetryDelaysMs ?? retryDelaysFromEnv(),
      log,
    });
    invoker.asyncInvocations = asyncInvocations;
    // The local issuer's URL is known once the server listens; no request is answered before then.
    const signIn: { identity?: LocalIdentity } = {};
    const server = createServer((req, res) => {
      route(req, res, { client, tableName, outbox, invoker, dataDir, outbound, doc, signIn, clocks, ddb, asyncInvocations }).catch((error: unknown) => {
        console.error('local runtime: request failed', error);
        if (!res.headersSent) sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
        else res.destroy();
      });
    });
    await step(`listening on port ${options.port || 'any free port'}`, () =>
      new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(options.port, '127.0.0.1', () => done());
      }),
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const issuer = localIdentity(url);
    signIn.identity = issuer.identity;
    // The ops API reads these when it is first imported (on the first /tickets request).
    Object.assign(process.env, issuer.environment);
    const record: RuntimeRecord = { url, pid: process.pid, startedAt: new Date().toISOString() };
    writeFileSync(join(dataDir, RUNTIME_FILE), `${JSON.stringify(record)}\n`);

    log(
      [
        `Hotline local runtime on ${url} (ready in ${seconds(began)})`,
        `  functions  ${Object.values(FUNCTION_CATALOG).map((f: CatalogEntry) => f.name).join(', ')}`,
        `  dynamodb   ${ddb.endpoint} (table ${tableName}, ${shared ? 'shared, not started here' : `data in ${join(dataDir, 'dynamodb')}`})`,
        `  outbox     ${outbox.path('outbox')}, ${outbox.path('dlq')}`,
        `  read       GET ${url}/health  /outbox  /dlq`,
        `  ops API    POST ${url}/local/login {"role":"shift_lead"} for a token, then GET ${url}/tickets  /tickets/{id} with Authorization: Bearer <token>`,
        `  console    ${url}/ops/ (the ops console; sign in as any role)`,
        `  correct    POST ${url}/tickets/{id}/corrections  {"type"?, "keyFields"?} with an agent's token (ops API)`,
        `  calendar   POST ${url}/calendar  (npm run calendar:load -- file.json)`,
        `  clock      POST ${url}/local/clock {"advance":"PT50M"} fires the clocks due on the way (GET: now and the schedules); GET ${url}/chases as the shift lead`,
        `  try        npm run invoke -- sms-inbound events/sns/sms-bill-question.json`,
        `  logs       one line per invocation${options.jsonLogs ? ' and the functions\' JSON lines' : ' (npm start -- --json-logs for the functions\' JSON lines)'}`,
      ].join('\n'),
    );

    return {
      url,
      dynamoEndpoint: ddb.endpoint,
      tableName,
      asyncInvocations,
      dynamodb: ddb,
      async stop() {
        feed.stop();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        // Retries still waiting go to the DLQ rather than vanish with the process.
        await asyncInvocations.stop();
        rmSync(join(dataDir, RUNTIME_FILE), { force: true });
        client.destroy();
        await ddb.stop();
      },
    };
  } catch (error) {
    client.destroy();
    await ddb.stop();
    throw error;
  }
}

/**
 * Runs the start-up steps one by one, saying what each is doing while it
 * runs (the first start takes tens of seconds) and how long it took; a
 * failure names the step it happened in.
 */
function startupSteps(quiet: boolean) {
  return async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    if (!quiet) process.stdout.write(`${label} ...`);
    try {
      const result = await work();
      if (!quiet) process.stdout.write(` ${seconds(started)}\n`);
      return result;
    } catch (error) {
      if (!quiet) process.stdout.write(' failed\n');
      throw new LocalRuntimeStartError(`local runtime did not start: ${label} failed after ${seconds(started)}: ${(error as Error).message}`, { cause: error });
    }
  };
}

/** `LOCAL_ASYNC_RETRY_DELAYS_MS="1000,2000"`: shorter waits than Lambda's for demos and tests. */
function retryDelaysFromEnv(): readonly number[] {
  const value = process.env.LOCAL_ASYNC_RETRY_DELAYS_MS;
  if (!value) return LAMBDA_RETRY_DELAYS_MS;
  const delays = value.split(',').map((part) => Number(part.trim()));
  if (delays.some((d) => !Number.isFinite(d) || d < 0)) throw new LocalRuntimeStartError(`LOCAL_ASYNC_RETRY_DELAYS_MS must be milliseconds separated by commas, e.g. 1000,2000 (got "${value}")`);
  return delays;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * The runtime recorded in `dataDir` by `startLocalRuntime`, if its process still runs.
 *
 * @example
 * const running = runningRuntime('.local'); // { url: 'http://127.0.0.1:3001', pid: 4242, ... }
 */
export function runningRuntime(dataDir: string): RuntimeRecord | undefined {
  const path = join(resolve(dataDir), RUNTIME_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as RuntimeRecord;
    process.kill(record.pid, 0);
    return record;
  } catch {
    return undefined;
  }
}

function prepareDataDir(dataDir: string, fresh: boolean): void {
  if (fresh && existsSync(dataDir)) {
    const isOurs = existsSync(join(dataDir, DATA_DIR_MARKER)) || readdirSync(dataDir).length === 0;
    if (!isOurs) throw new Error(`Refusing to delete ${dataDir} for --fresh: it was not created by the local runtime`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, DATA_DIR_MARKER), 'Data of the hotline local runtime (npm start). Safe to delete.\n');
}

/** Creates the table unless it exists; true when it was just created (so the seed runs once per data dir). */
async function ensureTable(client: ReturnType<typeof localDynamoClient>, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createTable(client, tableName);
    return true;
  }
}

/** The variables the CDK stacks set on every function (functions/shared/config.ts), with local values. */
function setFunctionEnvironment(dynamoEndpoint: string, tableName: string): void {
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    REJECTED_CONTACTS_QUEUE_URL: LOCAL_REJECTED_CONTACTS_QUEUE_URL,
    SMS_ORIGINATION_NUMBER: LOCAL_SMS_ORIGINATION_NUMBER,
    // Fake credentials and region: nothing here may reach a real AWS account.
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
  });
  delete process.env.AWS_SESSION_TOKEN;
  // The local provider of the log tag key: a fixed key for local data (AWS reads the stage's from Secrets Manager).
  delete process.env.LOG_TAG_KEY_SECRET;
  process.env.LOG_TAG_KEY ||= 'local-log-tag-key';
  process.env.TIME_ZONE ??= 'Asia/Shanghai';
  process.env.THREAD_WINDOW_HOURS ??= '72';
  // A year loaded with POST /calendar counts at the next contact, not five minutes later.
  process.env.CALENDAR_CACHE_SECONDS ??= '0';
}

const SeedOutagesSchema = z.object({
  outages: z.array(
    z.object({
      outageId: z.string().min(1),
      kind: z.enum(['planned', 'unplanned']),
      areas: z.array(z.string()),
      feeders: z.array(z.string()),
      cause: z.object({ 'zh-CN': z.string(), en: z.string() }),
      /** The ETR is computed at seed time, this many hours after it. */
      etrInHours: z.number().positive(),
    }),
  ),
});

async function seed(doc: DynamoDBDocumentClient, tableName: string, customerCount: number, outagesFile: string): Promise<{ customers: number; outages: number }> {
  const [{ CustomerRepository }, { syntheticCustomers }, { OutageRepository }] = await Promise.all([
    import('../functions/customers/adapters/customer-repository'),
    import('../functions/customers/synthetic'),
    import('../functions/outages/adapters/outage-repository'),
  ]);
  // Synthetic customers hash a PIN each (scrypt): make them once.
  const customers = syntheticCustomers(customerCount);
  if (customerCount > 0) await new CustomerRepository(doc, tableName).saveCustomers(customers);
  // Voice self-service (issue 3): a latest-bill summary per synthetic customer, as the billing feed would write.
  if (customerCount > 0) await seedBillSummaries(doc, tableName, customers.map((c) => c.accountNumber));

  const file = SeedOutagesSchema.parse(JSON.parse(readFileSync(outagesFile, 'utf8')));
  const outages = new OutageRepository(doc, tableName);
  const at = now().getTime();
  for (const { etrInHours, ...outage } of file.outages) {
    await outages.declare({
      ...outage,
      declaredAt: new Date(at).toISOString(),
      etr: new Date(at + etrInHours * 3_600_000).toISOString(),
      status: 'active',
    });
  }
  return { customers: customerCount, outages: file.outages.length };
}

async function seedBillSummaries(doc: DynamoDBDocumentClient, tableName: string, accountNumbers: readonly string[]): Promise<void> {
  const [{ syntheticBillSummary }, keys] = await Promise.all([import('../functions/customers/bill-summary'), import('../functions/shared/keys')]);
  const items = accountNumbers.map((accountNumber) => ({ ...keys.latestBill(accountNumber), ...syntheticBillSummary(accountNumber) }));
  await batchPut(doc, tableName, items);
}

/** BatchWriteItem in 25s, four in flight, unprocessed items again: the seed is thousands of items on every fresh start. */
async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let requests: BatchWriteCommandInput['RequestItems'] = { [tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      ({ UnprocessedItems: requests } = await doc.send(new BatchWriteCommand({ RequestItems: requests })));
    }
  };
  for (let i = 0; i < chunks.length; i += 4) await Promise.all(chunks.slice(i, i + 4).map(writeChunk));
}

interface RouteDeps {
  readonly client: ReturnType<typeof localDynamoClient>;
  readonly tableName: string;
  readonly outbox: LocalOutbox;
  readonly invoker: FunctionInvoker;
  readonly dataDir: string;
  readonly outbound: import('./outbound').LocalOutbound;
  readonly doc: DynamoDBDocumentClient;
  readonly signIn: { readonly identity?: LocalIdentity };
  readonly clocks: LocalClocks;
  readonly ddb: SupervisedDynamoDbLocal;
  readonly asyncInvocations: AsyncInvocations;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

async function route(req: IncomingMessage, res: ServerResponse, deps: RouteDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const invoke = INVOKE_PATH.exec(url.pathname);
  if (method === 'POST' && invoke) return deps.invoker.invoke(req, res, decodeURIComponent(invoke[1] as string));
  if (await deps.clocks.handle(req, res, url)) return;
  const retryAsynchronously = (functionName: string, event: unknown) => deps.asyncInvocations.accept(functionName, event, deps.invoker.nextRequestId());
  if (await routeWebChannels(req, res, url, deps.dataDir, deps.outbox, retryAsynchronously)) return;
  if (await deps.outbound.handle(req, res, url)) return;
  if (await routeOutbound(req, res, url, deps.doc, deps.tableName)) return;
  if (deps.signIn.identity && (await routeOps(req, res, url, deps.signIn.identity))) return;
  if (await routeOpsConsole(req, res, url, (inner) => answerOpsApi(req, res, inner))) return;
  if (method === 'POST' && (url.pathname === '/calendar' || url.pathname === '/calendar/')) return loadCalendar(req, res, deps.doc, deps.tableName);
  if (method === 'POST' && url.pathname === '/local/replay') return replayKeptLocally(req, res, deps);
  if (method === 'GET') {
    if (url.pathname === '/health') return health(res, deps);
    if (url.pathname === '/outbox') return sendJson(res, 200, { entries: deps.outbox.read('outbox') });
    if (url.pathname === '/dlq') return sendJson(res, 200, { entries: deps.outbox.read('dlq') });
    if (url.pathname === '/kpis' || url.pathname === '/kpis/') return kpis(res, url.searchParams, deps.tableName);
  }
  req.resume();
  sendJson(res, 404, { message: `No route for ${method} ${url.pathname}` });
}

/** `POST /calendar` (what `npm run calendar:load -- file.json` sends locally): one year of the working-day calendar. */
async function loadCalendar(req: IncomingMessage, res: ServerResponse, doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const body = await readBody(req, 64 * 1024);
  if (body === 'too_large') return sendJson(res, 413, { message: 'A calendar year file is at most 64 KB' });
  const [{ CalendarRepository }, { InvalidCalendarError }] = await Promise.all([import('../functions/tickets/adapters/calendar-repository'), import('../functions/tickets/calendar')]);
  try {
    const year = await new CalendarRepository(doc, tableName).save(JSON.parse(body.toString('utf8')), 'local', new Date());
    sendJson(res, 200, { loaded: year.year, holidays: year.holidays.length, makeUpWorkingDays: year.makeUpWorkingDays.length });
  } catch (error) {
    if (!(error instanceof InvalidCalendarError || error instanceof SyntaxError)) throw error;
    sendJson(res, 400, { message: error.message });
  }
}

/** `GET /kpis?from=&to=` (issue 3): the call indicators over [from, to), default the last 24 hours. */
async function kpis(res: ServerResponse, params: URLSearchParams, tableName: string): Promise<void> {
  const to = params.get('to') ?? new Date().toISOString();
  const from = params.get('from') ?? new Date(Date.parse(to) - 86_400_000).toISOString();
  if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || Date.parse(from) >= Date.parse(to)) {
    return sendJson(res, 400, { message: 'from and to must be ISO-8601 instants with from before to' });
  }
  const [{ kpiReport }, { DynamoKpiRepository }, { documentClient }] = await Promise.all([
    import('../functions/kpis/report'),
    import('../functions/kpis/adapters/dynamo-kpi-repository'),
    import('../functions/shared/clients'),
  ]);
  sendJson(res, 200, await kpiReport(new DynamoKpiRepository(documentClient, tableName), from, to));
}

/**
 * `POST /local/replay` (what `npm run replay` sends): every entry of the DLQ
 * journal not replayed yet goes back through the same function, synchronously
 * (a kept reply is sent again through the same sender); each one replayed is
 * written to the ledger so a second replay does nothing.
 */
async function replayKeptLocally(req: IncomingMessage, res: ServerResponse, deps: RouteDeps): Promise<void> {
  req.resume();
  const [{ LocalReplayJournal }, { replayKept }, { SnsSmsSender }, { SesEmailSender }, { sns }, { sesv2 }, { LOCAL_SERVICE_ADDRESS }] = await Promise.all([
    import('../replay/local-journal'),
    import('../replay/replay'),
    import('../functions/sms/adapters/sns-sms-sender'),
    import('../functions/email/adapters/ses-email-sender'),
    import('../functions/shared/clients'),
    import('../functions/shared/email-clients'),
    import('./web-channels'),
  ]);
  const journal = new LocalReplayJournal(deps.dataDir);
  const sms = new SnsSmsSender(sns, LOCAL_SMS_ORIGINATION_NUMBER);
  const email = new SesEmailSender(sesv2, LOCAL_SERVICE_ADDRESS);
  const report = await replayKept(
    journal.pending(),
    {
      invoke: async (functionName, event) => {
        const outcome = await deps.invoker.attempt(functionName, event, `replay-${Date.now().toString(36)}`);
        return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: `${outcome.error.errorType}: ${outcome.error.errorMessage}` };
      },
      sendSms: async (to, text) => void (await sms.send(to, text)),
      sendEmail: (message) => email.send(message),
    },
    (outcome) => journal.markReplayed(outcome),
  );
  sendJson(res, report.failed > 0 ? 503 : 200, report);
}

/** How long `/health` waits for DynamoDB Local: the answer comes within a second whatever its state. */
const HEALTH_PROBE_MS = 700;

/**
 * `GET /health`: each part and its state, answered within a second even
 * when DynamoDB Local is dead, restarting or frozen (the probe is abandoned
 * after 0.7 s). 200 when every part is up, else 503 with the same body.
 */
async function health(res: ServerResponse, deps: RouteDeps): Promise<void> {
  const supervisor = deps.ddb.status();
  let dynamodb: { state: string; reason?: string };
  if (supervisor.state !== 'up') {
    dynamodb = { state: supervisor.state };
  } else {
    const probe = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.client.send(new DescribeTableCommand({ TableName: deps.tableName }), { abortSignal: probe.signal }),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error(`no answer within ${HEALTH_PROBE_MS} ms`)), HEALTH_PROBE_MS);
        }),
      ]);
      dynamodb = { state: 'up' };
    } catch (error) {
      probe.abort();
      dynamodb = { state: 'not_answering', reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
  const { running, waitingForRetry } = deps.asyncInvocations.inFlight;
  const ok = dynamodb.state === 'up';
  sendJson(res, ok ? 200 : 503, {
    status: ok ? 'ok' : 'degraded',
    parts: {
      runtime: { state: 'up' },
      dynamodb: { ...dynamodb, endpoint: deps.ddb.endpoint, pid: supervisor.pid, restarts: supervisor.restarts, ...(supervisor.lastExit ? { lastExit: supervisor.lastExit } : {}) },
      asyncInvocations: { running, waitingForRetry, ...deps.asyncInvocations.totals },
      dlq: { entries: deps.outbox.read('dlq').length },
    },
  });
}

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`),
 * answered the way Lambda and `sam local start-lambda` answer it: function
 * errors are 200 with `X-Amz-Function-Error`, service errors carry `x-amzn-ErrorType`.
 */
class FunctionInvoker {
  private requests = 0;
  /** Set once built (it runs this invoker's attempts). */
  asyncInvocations?: AsyncInvocations;

  constructor(private readonly log: (line: string) => void) {}

  /** One attempt of an asynchronous invocation (the function is known: accept() checked it). */
  async attempt(functionName: string, event: unknown, requestId: string): Promise<AttemptOutcome & { result?: unknown }> {
    const entry = findFunction(functionName);
    if (!entry) return { ok: false, error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionName}` } };
    return this.run(entry, event, requestId);
  }

  async invoke(req: IncomingMessage, res: ServerResponse, functionName: string): Promise<void> {
    const entry = findFunction(functionName);
    if (!entry) {
      req.resume();
      return sendServiceError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(nameOf(functionName))}`);
    }
    const body = await readBody(req, MAX_INVOKE_PAYLOAD_BYTES);
    if (body === 'too_large') {
      return sendServiceError(res, 413, 'RequestEntityTooLargeException', `Request must be smaller than ${MAX_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    }
    let event: unknown;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      return sendServiceError(res, 400, 'InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`);
    }

    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') return sendEmpty(res, 204);
    const requestId = this.nextRequestId();
    if (invocationType === 'Event' && this.asyncInvocations) {
      // Asynchronous invocation: accepted now; a failure is retried twice, then kept in the DLQ (as Lambda does).
      this.asyncInvocations.accept(entry.name, event, requestId);
      return sendEmpty(res, 202, { 'x-amzn-RequestId': requestId });
    }
    const outcome = await this.run(entry, event, requestId);
    const headers = { 'x-amzn-RequestId': requestId, 'X-Amz-Executed-Version': '$LATEST' };
    if (outcome.ok) {
      sendRaw(res, 200, JSON.stringify(outcome.result) ?? 'null', headers);
    } else {
      sendRaw(res, 200, JSON.stringify(outcome.error), { ...headers, 'X-Amz-Function-Error': 'Unhandled' });
    }
  }

  private async run(entry: CatalogEntry, event: unknown, requestId: string) {
    const started = Date.now();
    const deadline = started + FUNCTION_TIMEOUT_MS;
    const context = lambdaContext(entry.name, requestId, deadline);
    let timer: NodeJS.Timeout | undefined;
    try {
      const module = (await import(pathToFileURL(join(ROOT, entry.entry)).href)) as { handler?: Handler };
      if (typeof module.handler !== 'function') throw new Error(`${entry.entry} does not export a handler`);
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new FunctionTimeoutError(FUNCTION_TIMEOUT_MS)), FUNCTION_TIMEOUT_MS);
      });
      const result = await Promise.race([Promise.resolve(module.handler(event, context)), timeout]);
      this.log(`${new Date().toISOString().slice(11, 19)}  ${entry.name.padEnd(20)} ok      ${String(Date.now() - started).padStart(6)} ms`);
      return { ok: true as const, result };
    } catch (error) {
      this.log(`${new Date().toISOString().slice(11, 19)}  ${entry.name.padEnd(20)} failed  ${String(Date.now() - started).padStart(6)} ms  ${describe(error)} (request ${requestId})`);
      return { ok: false as const, error: lambdaError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deterministic per runtime: the n-th invocation gets the n-th id. */
  nextRequestId(): string {
    this.requests += 1;
    return `00000000-0000-4000-8000-${this.requests.toString(16).padStart(12, '0')}`;
  }
}

class FunctionTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = 'Sandbox.Timedout';
  }
}

/** Accepts a name, or a full or partial ARN ending with the name (optionally with a qualifier). */
function nameOf(functionName: string): string {
  const parts = functionName.split(':');
  const at = parts.indexOf('function');
  return at >= 0 && parts[at + 1] ? parts[at + 1] as string : functionName;
}

function findFunction(functionName: string): CatalogEntry | undefined {
  const name = nameOf(functionName);
  return Object.values(FUNCTION_CATALOG).find((entry: CatalogEntry) => entry.name === name);
}

function functionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_AWS.region}:000000000000:function:${name}`;
}

/** The body Lambda's Node.js runtime returns for an unhandled error. */
function lambdaError(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (error instanceof Error) {
    return { errorType: error.name || error.constructor.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sendServiceError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendRaw(res, status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-ErrorType': errorType });
}

function sendRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}
