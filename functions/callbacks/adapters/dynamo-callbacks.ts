import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, paginateQuery, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { publishEmf } from '../../shared/emf';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { callbackMetrics, QUALITY_METRICS, qualityDimensions } from '../../quality/metrics';
import { localDateIn } from '../../tickets/calendar';
import { isOpenCallback, type Callback, type CallbackCustomer } from '../callback';
import type { CallbackDirectory, CallbackProfile, CallbackStore, CounterName, OutageReporterRecord, TicketChange } from '../ports';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Callbacks on the single table: one item per callback (`CALLBACK#<id>`),
 * in its source's list (gsi1) and, while open, in its queue by window start
 * (gsi2: the centre's, or the discipline-inspection office's); and the day's
 * counters (`QUALITY#CALLBACKS`, by the result's local date) written in the
 * same transaction as each change, so a rate over any period is a sum of days.
 *
 * @example
 * const store = new DynamoCallbacks(documentClient, 'hotline-local', 'Asia/Shanghai');
 */
export class DynamoCallbacks implements CallbackStore, CallbackDirectory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly timeZone: string,
  ) {}

  async get(callbackId: string): Promise<Callback | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.callback(callbackId), ConsistentRead: true }));
    return Item ? withoutKeys(Item) : undefined;
  }

  async createNew(callbacks: readonly Callback[]): Promise<Callback[]> {
    const written: Callback[] = [];
    // One small transaction each (the callback if new, and its day's counter): a repeat writes nothing and counts nothing.
    for (const callback of callbacks) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: callbackItem(callback), ConditionExpression: 'attribute_not_exists(pk)' } },
              this.count(callback, ['planned']),
            ],
          }),
        );
        this.publish(callback, ['planned']);
        written.push(callback);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    return written;
  }

  save(previous: Callback, next: Callback): Promise<'recorded' | 'conflict'> {
    return this.transact([this.put(previous, next)]);
  }

  /**
   * An agent's outcome: the callback (on its version), the day's counters,
   * and the ticket's status and timeline line when the outcome changes the ticket.
   */
  async saveOutcome(previous: Callback, next: Callback, counters: readonly CounterName[], ticket?: TicketChange): Promise<'recorded' | 'conflict'> {
    const items: TransactItem[] = [this.put(previous, next)];
    if (counters.length > 0) items.push(this.count(next, counters));
    if (ticket) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.ticket(ticket.ticketId), ProjectionExpression: '#type, createdAt', ExpressionAttributeNames: { '#type': 'type' } }));
      if (Item) {
        const byStatus = keys.ticketsByStatus(ticket.status, String(Item.type), String(Item.createdAt), ticket.ticketId);
        items.push(
          {
            Update: {
              TableName: this.tableName,
              Key: keys.ticket(ticket.ticketId),
              UpdateExpression: 'SET #status = :status, updatedAt = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': ticket.status, ':at': ticket.entry.at, ':gsi2pk': byStatus.gsi2pk, ':gsi2sk': byStatus.gsi2sk },
            },
          },
          { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(ticket.ticketId, ticket.entry.at, ticket.entry.ref), ...ticket.entry } } },
        );
      }
    }
    const saved = await this.transact(items);
    if (saved === 'recorded') this.publish(next, counters);
    return saved;
  }

  /**
   * The counters a recorded change added, as the dashboard's metrics (quality/metrics.ts), at the
   * result's time as the day counters are keyed (CloudWatch takes points up to two weeks old).
   */
  private publish(callback: Callback, counters: readonly CounterName[]): void {
    const metrics = callbackMetrics(counters);
    if (metrics.length > 0) publishEmf(QUALITY_METRICS.namespace, qualityDimensions(this.tableName, { reason: callback.reason }), metrics, new Date(callback.resultAt));
  }

  /** Open callbacks of a queue whose window starts before `before`, earliest first. */
  async open(queue: 'centre' | 'office', before: string, limit = 500): Promise<Callback[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byStatus,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': keys.openCallbacks(queue, '', '').gsi2pk, ':before': before },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(withoutKeys);
  }

  /** Every callback of a ticket or an outage. */
  async ofSource(kind: Callback['source']['kind'], sourceId: string): Promise<Callback[]> {
    const out: Callback[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, IndexName: INDEX.byCustomerOrFeeder, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.callbacksBySource(kind, sourceId, '').gsi1pk } },
    );
    for await (const page of pages) out.push(...(page.Items ?? []).map(withoutKeys));
    return out;
  }

  /** The counters of each day in [fromDay, toDay] (local dates), summed by name (`planned_complaint_result`, ...). */
  async counters(fromDay: string, toDay: string): Promise<Record<string, number>> {
    const sums: Record<string, number> = {};
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': keys.callbackCounter('').pk, ':from': fromDay, ':to': toDay } },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        for (const [name, value] of Object.entries(item)) if (typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
      }
    }
    return sums;
  }

  async outageReporters(outageId: string): Promise<OutageReporterRecord[]> {
    const out: OutageReporterRecord[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
        ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':report': 'REPORT#' },
        ProjectionExpression: 'sender, accountNumber, #language',
        ExpressionAttributeNames: { '#language': 'language' },
      },
    );
    for await (const page of pages) out.push(...((page.Items ?? []) as OutageReporterRecord[]));
    return out;
  }

  async profiles(accountNumbers: readonly string[]): Promise<Map<string, CallbackProfile>> {
    const found = new Map<string, CallbackProfile>();
    for (let i = 0; i < accountNumbers.length; i += 100) {
      let request: Record<string, unknown>[] | undefined = accountNumbers.slice(i, i + 100).map((a) => keys.customerProfile(a));
      for (let attempt = 0; request && request.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const { Responses, UnprocessedKeys }: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: request,
                ProjectionExpression: 'accountNumber, phones, #language, customerType, important, feeder, transformer',
                ExpressionAttributeNames: { '#language': 'language' },
              },
            },
          }),
        );
        for (const item of Responses?.[this.tableName] ?? []) found.set(String(item.accountNumber), item as unknown as CallbackProfile);
        request = UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async ticketReporter(ticketId: string): Promise<CallbackCustomer | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.ticket(ticketId), ProjectionExpression: 'openedBy, accountNumber' }));
    const phone = typeof Item?.openedBy === 'string' && /^\+[1-9]\d{6,14}$/.test(Item.openedBy) ? Item.openedBy : undefined;
    if (!phone) return undefined;
    const account = typeof Item?.accountNumber === 'string' ? Item.accountNumber : undefined;
    const profile = account ? (await this.profiles([account])).get(account) : undefined;
    return { phone, language: profile?.language ?? 'zh-CN', customerType: profile?.customerType ?? 'residential', important: profile?.important ?? false, ...(account ? { accountNumber: account } : {}) };
  }

  private put(previous: Callback, next: Callback): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: callbackItem(next),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': previous.version },
      },
    };
  }

  private count(callback: Callback, names: readonly CounterName[]): TransactItem {
    const day = localDateIn(new Date(callback.resultAt), this.timeZone);
    const attributes = names.map((name) => `${name}_${callback.reason}`);
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.callbackCounter(day),
        UpdateExpression: `ADD ${attributes.map((_, i) => `#c${i} :one`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#c${i}`, a])),
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }

  private async transact(items: TransactItem[]): Promise<'recorded' | 'conflict'> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'recorded';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return 'conflict';
      throw error;
    }
  }
}

/** The item: its own key, its source's list, and (while open) its queue by window start. */
export function callbackItem(callback: Callback): Record<string, unknown> {
  return {
    ...keys.callback(callback.callbackId),
    ...keys.callbacksBySource(callback.source.kind, callback.source.id, callback.callbackId),
    ...(isOpenCallback(callback) ? keys.openCallbacks(callback.confidential ? 'office' : 'centre', callback.window.start, callback.callbackId) : {}),
    ...callback,
  };
}

function withoutKeys(item: Record<string, unknown>): Callback {
  const rest = { ...item };
  for (const name of KEY_ATTRIBUTES) delete rest[name];
  return rest as unknown as Callback;
}
