/**
 * The table's DynamoDB stream, locally: DynamoDB Local keeps one (the table
 * is created with NEW_AND_OLD_IMAGES, as in AWS), and this reads it the way
 * Lambda's event source mapping does, handing each batch of records to a
 * function as the `{ Records }` event it gets in AWS. Read with plain HTTP
 * (the Streams API is JSON over POST; DynamoDB Local does not check the
 * signature), so the runtime needs no Streams client.
 *
 * `drain()` reads until the stream is quiet, for a caller that must see
 * every change so far (the movable clock before it fires schedules); a
 * timer also polls every second so a person sees schedules appear.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type StreamRecord = Record<string, unknown> & { readonly eventName?: string; readonly dynamodb?: Record<string, unknown> };

interface Shard {
  readonly ShardId: string;
  readonly SequenceNumberRange?: { readonly EndingSequenceNumber?: string };
}

export class LocalTableStreamError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalTableStreamError';
  }
}

/**
 * @example
 * const stream = await LocalTableStream.open(client, endpoint, 'hotline-local', (records) => keeper({ Records: records }));
 * await stream.drain();
 */
export class LocalTableStream {
  private readonly iterators = new Map<string, string | undefined>();
  private running: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly endpoint: string,
    private readonly streamArn: string,
    private readonly deliver: (records: StreamRecord[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts reading at the stream's end (LATEST): changes from now on, as a new event source mapping would. */
  static async open(client: DynamoDBClient, endpoint: string, tableName: string, deliver: (records: StreamRecord[]) => Promise<void>, onError: (error: unknown) => void): Promise<LocalTableStream> {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn) throw new LocalTableStreamError(`table ${tableName} has no stream`);
    const stream = new LocalTableStream(endpoint, Table.LatestStreamArn, deliver, onError);
    for (const shard of await stream.shards()) {
      if (shard.SequenceNumberRange?.EndingSequenceNumber) continue;
      stream.iterators.set(shard.ShardId, await stream.iterator(shard.ShardId, 'LATEST'));
    }
    return stream;
  }

  /** Polls every `ms` in the background (never two reads at once). */
  poll(ms = 1000): void {
    this.timer = setInterval(() => void this.drain().catch(this.onError), ms);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads and delivers every record so far; resolves when the stream has nothing more. */
  drain(): Promise<number> {
    const run = this.running.then(() => this.readAll());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async readAll(): Promise<number> {
    let delivered = 0;
    for (let pass = 0; pass < 100; pass++) {
      let read = 0;
      for (const shard of await this.shards()) {
        if (!this.iterators.has(shard.ShardId)) this.iterators.set(shard.ShardId, await this.iterator(shard.ShardId, 'TRIM_HORIZON'));
        const iterator = this.iterators.get(shard.ShardId);
        if (!iterator) continue;
        const { Records = [], NextShardIterator } = (await this.call('GetRecords', { ShardIterator: iterator, Limit: 100 })) as { Records?: StreamRecord[]; NextShardIterator?: string };
        this.iterators.set(shard.ShardId, NextShardIterator);
        if (Records.length > 0) await this.deliver(Records.map((record) => withEmptyMapsTyped({ ...record, eventSourceARN: this.streamArn })));
        read += Records.length;
      }
      delivered += read;
      if (read === 0) break;
    }
    return delivered;
  }

  private async shards(): Promise<Shard[]> {
    const { StreamDescription } = (await this.call('DescribeStream', { StreamArn: this.streamArn })) as { StreamDescription: { Shards: Shard[] } };
    return StreamDescription.Shards;
  }

  private async iterator(shardId: string, type: 'LATEST' | 'TRIM_HORIZON'): Promise<string | undefined> {
    const { ShardIterator } = (await this.call('GetShardIterator', { StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: type })) as { ShardIterator?: string };
    return ShardIterator;
  }

  private async call(operation: string, body: unknown): Promise<unknown> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
        // DynamoDB Local wants the header's shape, not a valid signature.
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok) throw new LocalTableStreamError(`DynamoDB Local streams ${operation}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

/**
 * DynamoDB Local's stream writes an empty map attribute as `{}` where AWS
 * (and its own GetItem) writes `{"M":{}}`, which `unmarshall` refuses; put
 * the type back in the images so handlers see what Lambda would give them.
 */
function withEmptyMapsTyped(record: StreamRecord): StreamRecord {
  const dynamodb = record.dynamodb;
  if (!dynamodb) return record;
  const fixImage = (image: unknown) =>
    image && typeof image === 'object' ? Object.fromEntries(Object.entries(image as Record<string, unknown>).map(([name, value]) => [name, fixValue(value)])) : image;
  return { ...record, dynamodb: { ...dynamodb, ...(dynamodb.NewImage ? { NewImage: fixImage(dynamodb.NewImage) } : {}), ...(dynamodb.OldImage ? { OldImage: fixImage(dynamodb.OldImage) } : {}) } };
}

function fixValue(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const typed = value as Record<string, unknown>;
  if (Object.keys(typed).length === 0) return { M: {} };
  if (typed.M && typeof typed.M === 'object') return { M: Object.fromEntries(Object.entries(typed.M as Record<string, unknown>).map(([k, v]) => [k, fixValue(v)])) };
  if (Array.isArray(typed.L)) return { L: typed.L.map(fixValue) };
  return value;
}
