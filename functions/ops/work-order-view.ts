import { viewerOf } from '../access/policy';
import type { Principal } from '../access/principal';
import { readsConfidential, WITHHELD } from '../tickets/confidentiality';
import type { WorkOrder } from '../workorders/work-order';

/**
 * A work order as the principal may read it: a whistleblowing order's
 * summary and recorded text only for the discipline-inspection office (the
 * tickets context's rule, through the viewer the access policy makes).
 *
 * @example
 * json(200, { order: workOrderSeenBy(principal, order) });
 */
export function workOrderSeenBy(principal: Principal, order: WorkOrder): WorkOrder {
  if (!order.confidential || readsConfidential(viewerOf(principal))) return order;
  const record = Object.fromEntries(Object.keys(order.record).map((action) => [action, { withheld: WITHHELD }]));
  return { ...order, summary: WITHHELD, record };
}
