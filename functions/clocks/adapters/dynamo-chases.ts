import { BatchGetCommand, GetCommand, paginateQuery, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxItem, readConsistent, timelineItem, withoutKeys, writeIfUnchanged } from '../../shared/guarded-writes';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { wallClock } from '../../tickets/calendar';
import { ticketIdOf, type WorkOrder } from '../../workorders/work-order';
import type { Chase, ChasePlan, ClockState } from '../chase';
import { scheduleName, type Clock } from '../clock';
import type { ChaseStore, DueOrders } from '../ports';

/**
 * Chases and clock states on the single table: a clock's state in its
 * ticket's partition, a chase on its local day's list (a whistleblowing
 * report's on a list of its own) and on its department's (gsi1), and the
 * duty contact's text in the outbox, all in one transaction.
 *
 * @example
 * const chases = new DynamoChases(documentClient, 'hotline-dev', 'Asia/Shanghai');
 * const state = await chases.state(clock);
 */
export class DynamoChases implements ChaseStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly timeZone: string,
  ) {}

  async state(clock: Clock): Promise<ClockState | undefined> {
    return readConsistent<ClockState>(this.doc, this.tableName, stateKey(clock));
  }

  async states(clocks: readonly Clock[]): Promise<Map<string, ClockState>> {
    const found = new Map<string, ClockState>();
    for (let i = 0; i < clocks.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.tableName]: { Keys: clocks.slice(i, i + 100).map(stateKey) } };
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const result = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const state = withoutKeys<ClockState>(item);
          found.set(scheduleName(state), state);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async replySent(noticeId: string): Promise<boolean> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.notice(noticeId), ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' }, ConsistentRead: true }));
    return Item?.status === 'sent' || Item?.status === 'delivered';
  }

  async record(previous: ClockState | undefined, plan: ChasePlan): Promise<'recorded' | 'duplicate'> {
    const { chase, state, entry, notice } = plan;
    const day = localDay(new Date(chase.at), this.timeZone);
    const recorded = await writeIfUnchanged(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...stateKey(state), ...state },
          // Only from the state this chase was decided on: a second delivery of the same firing finds it moved.
          ...(previous
            ? { ConditionExpression: 'chases = :chases', ExpressionAttributeValues: { ':chases': previous.chases } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      // A department's chases sit beside its inbox; the centre's own (a late reply to the customer, no text) only on the lead's list.
      { Put: { TableName: this.tableName, Item: { ...keys.chase(day, chase.confidential, chase.at, chase.chaseId), ...(notice ? keys.chasesByDepartment(chase.departmentId, chase.at, chase.chaseId) : {}), ...chase } } },
      { Put: { TableName: this.tableName, Item: timelineItem(chase.ticketId, entry) } },
      ...(notice ? [{ Put: { TableName: this.tableName, Item: outboxItem(notice), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ]);
    return recorded ? 'recorded' : 'duplicate';
  }
}

/**
 * The chases as listed to the centre's lead, the office and a department (the
 * ops API): apart from `DynamoChases`, so sla-watch and the sweep, which only
 * record chases, do not bundle the listings (issue 14's bar is 1.15x the
 * SDK-only bundle).
 *
 * @example
 * const chases = new DynamoChaseLists(documentClient, 'hotline-dev');
 * await chases.forDay('2026-12-01', { confidential: false, limit: 100 });
 */
export class DynamoChaseLists {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The chases of a local day (`YYYY-MM-DD`), newest first: the centre's list, or the office's confidential one. */
  async forDay(day: string, options: { readonly confidential: boolean; readonly limit: number }): Promise<Chase[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.chasesPartition(day, options.confidential) },
        ScanIndexForward: false,
        Limit: options.limit,
      }),
    );
    return (Items ?? []).map((item) => withoutKeys<Chase>(item));
  }

  /** A department's chases, newest first (gsi1 beside its inbox). */
  async forDepartment(departmentId: string, limit: number): Promise<Chase[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.chasesByDepartment(departmentId, '', '').gsi1pk, ':prefix': 'CHASE#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => withoutKeys<Chase>(item));
  }
}

/**
 * A department's open orders by their next due instant (gsi1 `DEPT#<id>`,
 * `ORDER#<due>#<id>`), earliest first, up to `before`: the sweep's index of
 * due instants. Settled orders sort as `~` and are never read.
 *
 * @example
 * for await (const order of new DynamoDueOrders(doc, table).dueBefore('billing', new Date())) ...
 */
export class DynamoDueOrders implements DueOrders {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *dueBefore(departmentId: string, before: Date): AsyncIterable<WorkOrder> {
    const from = keys.workOrdersByDepartment(departmentId, '', '');
    const to = keys.workOrdersByDepartment(departmentId, before.toISOString(), '');
    const pages = paginateQuery(
      { client: this.doc, pageSize: 100 },
      {
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': from.gsi1pk, ':from': 'ORDER#', ':to': to.gsi1sk },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield withoutKeys<WorkOrder>(item);
  }
}

function stateKey(clock: Pick<Clock, 'orderId' | 'milestone' | 'dueAt'>) {
  const ticketId = ticketIdOf(clock.orderId) ?? clock.orderId;
  return keys.clockState(ticketId, clock.orderId, clock.milestone, clock.dueAt);
}

/**
 * The local date (`YYYY-MM-DD`) of an instant in the centre's zone: the chases' list is per local day.
 *
 * @example
 * localDay(new Date('2026-12-01T17:00:00Z'), 'Asia/Shanghai'); // '2026-12-02'
 */
export function localDay(instant: Date, timeZone: string): string {
  const t = wallClock(instant, timeZone);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
