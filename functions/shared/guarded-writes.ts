/**
 * The single table's guarded writes: a change recorded in one transaction
 * only if the item it was decided on has not moved (a condition on its
 * version or state), and the strongly consistent read that gives the state
 * to decide on. The adapters that change work orders and clocks share them.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TimelineEntry } from '../tickets/ticket';
import type { Notice } from '../outbound/notice';
import * as keys from './keys';

/** The table's key attributes, which no domain record carries. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

/**
 * An item as its domain record: the key attributes left out.
 *
 * @example
 * withoutKeys<WorkOrder>({ pk: 'TICKET#1', sk: 'ORDER#1', orderId: '1-1', ... }); // { orderId: '1-1', ... }
 */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const rest = { ...item };
  for (const name of KEY_ATTRIBUTES) delete rest[name];
  return rest as T;
}

/**
 * One item read strongly consistent (the state a guarded write is decided on), without its keys.
 *
 * @example
 * const order = await readConsistent<WorkOrder>(doc, table, keys.workOrder(ticketId, 1));
 */
export async function readConsistent<T>(doc: DynamoDBDocumentClient, tableName: string, key: Record<string, unknown>): Promise<T | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item ? withoutKeys<T>(Item) : undefined;
}

/**
 * Writes the transaction; `false` when a condition failed or a concurrent
 * transaction on the same items won (the state it was decided on has moved:
 * a second delivery, or another writer first). Any other error is thrown.
 *
 * @example
 * const recorded = await writeIfUnchanged(doc, [{ Put: { TableName, Item, ConditionExpression: '#version = :version', ... } }]);
 */
export async function writeIfUnchanged(doc: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return false;
    throw error;
  }
}

/**
 * A line on a ticket's timeline, as an item.
 *
 * @example
 * { Put: { TableName, Item: timelineItem(order.ticketId, entry) } }
 */
export function timelineItem(ticketId: string, entry: TimelineEntry): Record<string, unknown> {
  return { ...keys.timelineEntry(ticketId, entry.at, entry.ref), ...entry };
}

/**
 * A notice in the outbox (the stream relay and the dispatcher send it), as an item.
 *
 * @example
 * { Put: { TableName, Item: outboxItem(notice), ConditionExpression: 'attribute_not_exists(pk)' } }
 */
export function outboxItem(notice: Notice): Record<string, unknown> {
  return { ...keys.notice(notice.noticeId), ...keys.noticesBySource(notice.source.kind, notice.source.id, notice.noticeId), ...notice };
}
