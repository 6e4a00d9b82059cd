import * as keys from '../shared/keys';
import { nextDue, type WorkOrder } from './work-order';

/**
 * A work order as its table item: in its ticket's partition, and in its
 * department's inbox on gsi1 (earliest due first), so an inbox is one Query
 * and isolation is a key, not a filter. Intake's transaction and the
 * department's actions both write it through here.
 *
 * @example
 * { Put: { TableName, Item: workOrderItem(order) } }
 */
export function workOrderItem(order: WorkOrder): Record<string, unknown> {
  return { ...keys.workOrder(order.ticketId, orderNumber(order.orderId)), ...keys.workOrdersByDepartment(order.departmentId, nextDue(order), order.orderId), ...order };
}

/**
 * The n of an order id `<ticketId>.<n>`.
 *
 * @example
 * orderNumber('202612-0001-0001.1'); // 1
 */
export function orderNumber(orderId: string): number {
  return Number(/\.(\d+)$/.exec(orderId)?.[1] ?? Number.NaN);
}
