import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, paginateQuery, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import type { Notice } from '../notice';
import type { NoticeWriter, OptOutLookup, OutageReporter, Page, PageCursor, PlanCustomer, PlannerDirectory, PlanProgress, PlanProgressStore } from '../planner-job';
import { OutboundError } from '../errors';

const BATCH_WRITE_SIZE = 25;
const BATCH_GET_SIZE = 100;
const MAX_UNPROCESSED_ROUNDS = 12;

export interface PlannerRepositoryOptions {
  /** BatchWriteItem requests in flight at once. */
  readonly writeConcurrency?: number;
  /** Customers per directory page (the planner's memory bound). */
  readonly pageSize?: number;
}

/**
 * The planner's DynamoDB access: the directory by feeder (gsi1) and area
 * (`AREA#` items), reporters, the opt-out ledger, notice items and plan progress.
 */
export class PlannerRepository implements PlannerDirectory, OptOutLookup, NoticeWriter, PlanProgressStore {
  private readonly writeConcurrency: number;
  private readonly pageSize: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: PlannerRepositoryOptions = {},
  ) {
    this.writeConcurrency = options.writeConcurrency ?? 16;
    this.pageSize = options.pageSize ?? 1000;
  }

  async feedersOfAreas(areas: readonly string[]): Promise<string[]> {
    const feeders: string[] = [];
    for (const area of areas) {
      const pages = paginateQuery(
        { client: this.doc },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :area AND begins_with(sk, :feeder)',
          ExpressionAttributeValues: { ':area': keys.areaPartition(area), ':feeder': 'FEEDER#' },
          ProjectionExpression: 'feeder',
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) feeders.push(String(item.feeder));
    }
    return feeders;
  }

  /*
   * customersOnFeeder and reporters read one page per call, by cursor, rather than through
   * paginateQuery: the planner saves the cursor after each page (a redelivered job resumes there)
   * and asks for the next page before writing this one, so the read overlaps the writes.
   */
  async customersOnFeeder(feeder: string, cursor?: PageCursor): Promise<Page<PlanCustomer>> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :feeder',
        ExpressionAttributeValues: { ':feeder': keys.customerByFeeder(feeder, '').gsi1pk },
        ProjectionExpression: 'accountNumber, phones, #language, important, customerType, smsOptedOutPhones',
        ExpressionAttributeNames: { '#language': 'language' },
        Limit: this.pageSize,
        ExclusiveStartKey: cursor as Record<string, unknown> | undefined,
      }),
    );
    return { items: (page.Items ?? []) as PlanCustomer[], next: page.LastEvaluatedKey };
  }

  async reporters(outageId: string, cursor?: PageCursor): Promise<Page<OutageReporter>> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
        ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':report': 'REPORT#' },
        ProjectionExpression: 'sender, accountNumber, #language',
        ExpressionAttributeNames: { '#language': 'language' },
        Limit: this.pageSize,
        ExclusiveStartKey: cursor as Record<string, unknown> | undefined,
      }),
    );
    return { items: (page.Items ?? []) as OutageReporter[], next: page.LastEvaluatedKey };
  }

  async profiles(accountNumbers: readonly string[]): Promise<Map<string, PlanCustomer>> {
    const items = await this.batchGet(
      accountNumbers.map((a) => keys.customerProfile(a)),
      'accountNumber, phones, #language, important, customerType',
      { '#language': 'language' },
    );
    return new Map(items.map((item) => [String(item.accountNumber), item as PlanCustomer]));
  }

  async optedOut(e164s: readonly string[]): Promise<Set<string>> {
    const items = await this.batchGet(e164s.map((e164) => keys.smsOptOut(e164)), 'pk');
    return new Set(items.map((item) => String(item.pk).slice(keys.phonePartition('').length)));
  }

  async putAll(notices: readonly Notice[]): Promise<void> {
    // Each request's items are built when a writer takes it, not all of a page's up front: what lives
    // across the page's round trips (and so reaches V8's old space) is the notices, not also their items.
    const starts: number[] = [];
    for (let i = 0; i < notices.length; i += BATCH_WRITE_SIZE) starts.push(i);
    await inParallel(starts, this.writeConcurrency, (start) => this.batchWrite(notices.slice(start, start + BATCH_WRITE_SIZE).map(noticeItem)));
  }

  async putNew(notices: readonly Notice[]): Promise<void> {
    await inParallel(notices, this.writeConcurrency, async (notice) => {
      try {
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: noticeItem(notice), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  async load(outageId: string, planKey: string): Promise<PlanProgress | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outagePlan(outageId, planKey), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...progress } = Item;
    return progress as PlanProgress;
  }

  async save(progress: PlanProgress): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.outagePlan(progress.outageId, progress.planKey), ...progress } }));
  }

  private async batchWrite(items: Record<string, unknown>[]): Promise<void> {
    let requests: Record<string, unknown>[] = items.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round >= MAX_UNPROCESSED_ROUNDS) throw new NoticesNotWrittenError(`${requests.length} notice(s) still unprocessed after ${round} BatchWriteItem rounds`);
      if (round > 0) await sleep(Math.min(2000, 50 * 2 ** round) * (0.5 + Math.random() / 2));
      const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
      requests = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
    }
  }

  private async batchGet(keyList: readonly Record<string, string>[], projection: string, names?: Record<string, string>): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keyList.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
    const chunks: Record<string, string>[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_SIZE) chunks.push(unique.slice(i, i + BATCH_GET_SIZE));
    const found: Record<string, unknown>[] = [];
    await inParallel(chunks, this.writeConcurrency, async (chunk) => {
      let pending: Record<string, unknown>[] = chunk;
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_UNPROCESSED_ROUNDS) throw new NoticesNotWrittenError(`${pending.length} key(s) still unprocessed after ${round} BatchGetItem rounds`);
        if (round > 0) await sleep(Math.min(2000, 50 * 2 ** round));
        const result = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: projection, ExpressionAttributeNames: names } } }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    });
    return found;
  }
}

/** DynamoDB kept refusing part of a batch: the job fails and SQS redelivers it (it resumes from its cursor). */
export class NoticesNotWrittenError extends OutboundError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoticesNotWrittenError';
  }
}

export function noticeItem(notice: Notice): Record<string, unknown> {
  return { ...keys.notice(notice.noticeId), ...keys.noticesBySource(notice.source.kind, notice.source.id, notice.noticeId), ...notice };
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
