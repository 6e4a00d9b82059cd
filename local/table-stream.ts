/**
 * The table's DynamoDB stream, locally: the one feed every stream consumer
 * of the runtime hears (the clock keeper, the callback planner, the cluster
 * watch), each through its own filter, as Lambda's event source mappings
 * with filter criteria would hand them their batches in AWS.
 *
 * DynamoDB Local keeps a stream (the table is created with
 * NEW_AND_OLD_IMAGES, as in AWS); `LocalTableStream` reads it with plain
 * HTTP (the Streams API is JSON over POST; DynamoDB Local does not check
 * the signature), so the runtime needs no Streams client.
 *
 * `LocalTableFeed` delivers what it reads to its consumers. It reads
 * - after every write through the functions' DynamoDB client, before that
 *   write returns: a text's answer, an API's response or a planner's tasks
 *   come after the consumers ran on the change (in AWS they follow within a
 *   second); a write a consumer makes while it runs is delivered in the same
 *   read, not awaited from inside it;
 * - on `drain()`, for a caller that must see every change so far (the
 *   movable clock before it fires schedules);
 * - every second, so changes made by any other client (a person's, a test's)
 *   arrive too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

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
 * The stream itself, read as an event source mapping reads it.
 *
 * @example
 * const stream = await LocalTableStream.open(client, endpoint, 'hotline-local', async (records) => console.log(records.length), console.error);
 * await stream.drain();
 */
export class LocalTableStream {
  private readonly iterators = new Map<string, string | undefined>();
  private running: Promise<unknown> = Promise.resolve();
  /** A read asked for and not yet begun: later callers share it (it will see their changes too). */
  private queued?: Promise<number>;
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
    if (this.queued) return this.queued;
    const run = this.running.then(() => {
      this.queued = undefined;
      return this.readAll();
    });
    this.queued = run;
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
        let page: { Records?: StreamRecord[]; NextShardIterator?: string };
        try {
          page = (await this.call('GetRecords', { ShardIterator: iterator, Limit: 100 })) as typeof page;
        } catch (error) {
          // An iterator does not outlive a DynamoDB Local restart (its supervisor starts it again): the next pass asks for a
          // fresh one from the shard's start, and the clock keeper, idempotent, sees again what it had seen.
          if (error instanceof LocalTableStreamError) this.iterators.delete(shard.ShardId);
          throw error;
        }
        const { Records = [], NextShardIterator } = page;
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

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A function on the table stream: which records it gets (its event source's filter criteria) and the function. */
export interface LocalStreamConsumer {
  readonly name: string;
  readonly wants: (record: StreamRecord) => boolean;
  readonly handler: () => Promise<Handler>;
}

/** The key attributes of a stream record (`pk`, `sk`), for filters by key. */
export function keysOf(record: StreamRecord): { pk: string; sk: string } {
  const keys = (record.dynamodb?.Keys ?? {}) as Record<string, { S?: string } | undefined>;
  return { pk: keys.pk?.S ?? '', sk: keys.sk?.S ?? '' };
}

/** The write commands after which the feed reads the stream. */
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/**
 * @example
 * const feed = await LocalTableFeed.open(client, endpoint, 'hotline-local', log);
 * feed.subscribe(callbackPlannerConsumer);
 * feed.readAfterWritesOf(dynamo);
 * feed.poll();
 */
export class LocalTableFeed {
  private readonly consumers: LocalStreamConsumer[] = [];
  /** Set while consumers run: their own writes must not wait for the read that is running them. */
  private readonly delivering = new AsyncLocalStorage<true>();
  private sequence = 0;
  private stream!: LocalTableStream;

  private constructor(private readonly log: (line: string) => void) {}

  /** Starts at the stream's end (LATEST): changes from now on, as a new event source mapping would. */
  static async open(client: DynamoDBClient, endpoint: string, tableName: string, log: (line: string) => void): Promise<LocalTableFeed> {
    const feed = new LocalTableFeed(log);
    feed.stream = await LocalTableStream.open(
      client,
      endpoint,
      tableName,
      (records) => feed.delivering.run(true, () => feed.deliver(records)),
      (error) => log(`local table stream: ${(error as Error).message}`),
    );
    return feed;
  }

  subscribe(consumer: LocalStreamConsumer): void {
    this.consumers.push(consumer);
  }

  /** After each write through `client` succeeds, reads the stream before the write returns. */
  readAfterWritesOf(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (WRITES.has(context.commandName ?? '') && !this.delivering.getStore()) {
          // The write stands whatever the read does (DynamoDB Local restarting): the poll reads it later.
          await this.drain().catch((error: unknown) => this.log(`local table stream after ${context.commandName}: ${(error as Error).message}`));
        }
        return result;
      },
      { step: 'initialize', name: 'localTableFeed', override: true },
    );
  }

  poll(ms = 1000): void {
    this.stream.poll(ms);
  }

  stop(): void {
    this.stream.stop();
  }

  /** Reads and delivers every change so far. */
  drain(): Promise<number> {
    return this.stream.drain();
  }

  /** Each consumer gets the records its filter takes, in order, as one batch; a failure is said and the feed goes on (in AWS the batch would be retried). */
  private async deliver(records: StreamRecord[]): Promise<void> {
    for (const consumer of this.consumers) {
      const batch = records.filter((record) => consumer.wants(record));
      if (batch.length === 0) continue;
      const id = `local-stream-${++this.sequence}`;
      try {
        const handler = await consumer.handler();
        await handler({ Records: batch }, lambdaContext(consumer.name, id));
      } catch (error) {
        console.error(`local table stream: ${consumer.name} failed on ${batch.length} record(s): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }
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
