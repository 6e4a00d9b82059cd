import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxItem, readConsistent, timelineItem, withoutKeys, writeIfUnchanged } from '../../shared/guarded-writes';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import type { TimelineEntry } from '../../tickets/ticket';
import type { WorkOrderStore } from '../ports';
import { ticketIdOf, type ActionOutcome, type WorkOrder } from '../work-order';
import { orderNumber, workOrderItem } from '../work-order-item';

/**
 * One work order by id, a consistent GetItem: all sla-watch reads of the
 * orders, so its bundle leaves out the inbox and the action transactions
 * (about 1.3 KiB minified; issue 14's bar is 1.15x the SDK-only bundle).
 *
 * @example
 * const order = await new DynamoWorkOrderReader(documentClient, 'hotline-local').get('202612-0001-0001.1');
 */
export class DynamoWorkOrderReader {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(orderId: string): Promise<WorkOrder | undefined> {
    const ticketId = ticketIdOf(orderId);
    const n = orderNumber(orderId);
    if (!ticketId || !Number.isInteger(n)) return undefined;
    return readConsistent<WorkOrder>(this.doc, this.tableName, keys.workOrder(ticketId, n));
  }
}

/**
 * Work orders on the single table: one GetItem for an order, one Query on
 * gsi1 (`DEPT#<id>`) for an inbox, and one transaction per action (the order
 * conditional on its version, the ticket's timeline line and status).
 *
 * @example
 * const store = new DynamoWorkOrders(documentClient, 'hotline-local');
 * const inbox = await store.inbox('repair-HZ-XIHU', 50);
 */
export class DynamoWorkOrders extends DynamoWorkOrderReader implements WorkOrderStore {

  async inbox(departmentId: string, limit: number): Promise<WorkOrder[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.workOrdersByDepartment(departmentId, '', '').gsi1pk, ':prefix': 'ORDER#' },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => withoutKeys<WorkOrder>(item));
  }

  reroute(before: WorkOrder, after: WorkOrder, next: WorkOrder, entry: TimelineEntry): Promise<'recorded' | 'conflict'> {
    return rerouteTransaction(this.doc, this.tableName, before, after, next, entry);
  }

  async record(previous: WorkOrder, outcome: ActionOutcome, entry: TimelineEntry): Promise<'recorded' | 'conflict'> {
    const { order, ticketStatus } = outcome;
    const ticketKey = keys.ticket(order.ticketId);
    const recorded = await writeIfUnchanged(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: workOrderItem(order),
          ConditionExpression: '#version = :version AND #state = :state',
          ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':version': previous.version, ':state': previous.state },
        },
      },
      { Put: { TableName: this.tableName, Item: timelineItem(order.ticketId, entry) } },
      // The reporter's texts go to the outbox with the change; the stream relay and the dispatcher send them.
      ...outcome.notices.map((notice) => ({
        Put: { TableName: this.tableName, Item: outboxItem(notice) },
      })),
      ...(ticketStatus
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: ticketKey,
                UpdateExpression: 'SET #status = :status, updatedAt = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: (() => {
                  const byStatus = keys.ticketsByStatus(ticketStatus, order.ticketType, order.ticketOpenedAt, order.ticketId);
                  return { ':status': ticketStatus, ':at': order.updatedAt, ':gsi2pk': byStatus.gsi2pk, ':gsi2sk': byStatus.gsi2sk };
                })(),
              },
            },
          ]
        : []),
    ]);
    return recorded ? 'recorded' : 'conflict';
  }
}

/** Both orders and the timeline line, or nothing: a retried re-route finds the first one's `reroutedTo`. */
async function rerouteTransaction(doc: DynamoDBDocumentClient, tableName: string, before: WorkOrder, after: WorkOrder, next: WorkOrder, entry: TimelineEntry): Promise<'recorded' | 'conflict'> {
  const recorded = await writeIfUnchanged(doc, [
    {
      Put: {
        TableName: tableName,
        Item: workOrderItem(after),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': before.version },
      },
    },
    { Put: { TableName: tableName, Item: workOrderItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName, Item: timelineItem(next.ticketId, entry) } },
  ]);
  return recorded ? 'recorded' : 'conflict';
}
