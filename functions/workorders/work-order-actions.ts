/**
 * A department records a step on its work order (issue 11). Primary course:
 * decide the action against the order as read; write it conditionally on
 * that version, with the ticket's timeline line and status; if another
 * request changed the order first, read it again: the same action already
 * recorded is the same answer, anything else is a 409 with the current state.
 */
import type { TimelineEntry } from '../tickets/ticket';
import { WorkOrderStateError } from './errors';
import type { WorkOrderStore } from './ports';
import { decideAction, isRepeat, rerouteOrder, type WorkOrder, type WorkOrderAction } from './work-order';

export interface ActionResult {
  readonly order: WorkOrder;
  /** False for a repeat: nothing was written. */
  readonly changed: boolean;
}

/**
 * Records `action` on `order` (already authorised for the caller's department).
 *
 * @example
 * const { order, changed } = await recordAction(order, 'arrive', { arrivedAt }, { store, now: () => new Date() });
 */
export async function recordAction(
  order: WorkOrder,
  action: WorkOrderAction,
  input: unknown,
  deps: {
    readonly store: WorkOrderStore;
    readonly now: () => Date;
    /** When the centre's reply to the customer is due after an answer (DOMAIN.md: within 1 working day); stamped on the answer's text as `dueBy`. */
    readonly replyDueAfter?: (answeredAt: Date) => Date;
  },
): Promise<ActionResult> {
  let current = order;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (isRepeat(current, action)) return { order: current, changed: false };
    const decided = decideAction(current, action, input, deps.now());
    const replyDueAfter = deps.replyDueAfter;
    const notices = replyDueAfter ? decided.notices.map((n) => (n.template === 'department_answer' ? { ...n, dueBy: replyDueAfter(new Date(n.createdAt)).toISOString() } : n)) : decided.notices;
    // The reply's due instant on the order too, in the same write: the centre's customerReply clock runs from it.
    const reply = notices.find((n) => n.template === 'department_answer' && n.dueBy);
    const outcome = { ...decided, notices, order: reply?.dueBy ? { ...decided.order, reply: { noticeId: reply.noticeId, dueBy: reply.dueBy } } : decided.order };
    const entry: TimelineEntry = { at: outcome.order.updatedAt, kind: 'work_order', ref: `${current.orderId}#${action}`, text: outcome.timelineText };
    if ((await deps.store.record(current, outcome, entry)) === 'recorded') return { order: outcome.order, changed: true };
    const reread = await deps.store.get(current.orderId);
    if (!reread) break;
    current = reread;
  }
  throw new WorkOrderStateError(action, current.state);
}

/**
 * The centre routes a sent-back order to another department: the ticket's
 * next order, written with the first's `reroutedTo` in one transaction. A
 * repeat answers the order already made; a race is decided by the version.
 *
 * @example
 * const { order } = await rerouteWorkOrder(sentBack, 'business', { store, now, departments: ['billing', 'business'] });
 */
export async function rerouteWorkOrder(
  order: WorkOrder,
  departmentId: unknown,
  deps: { readonly store: WorkOrderStore; readonly now: () => Date; readonly departments: readonly string[] },
): Promise<ActionResult> {
  let current = order;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (current.reroutedTo) {
      const next = await deps.store.get(current.reroutedTo);
      if (next) return { order: next, changed: false };
    }
    const { previous, next, timelineText } = rerouteOrder(current, departmentId, deps.departments, deps.now());
    const entry: TimelineEntry = { at: next.createdAt, kind: 'work_order', ref: `${current.orderId}#reroute`, text: timelineText };
    if ((await deps.store.reroute(current, previous, next, entry)) === 'recorded') return { order: next, changed: true };
    const reread = await deps.store.get(current.orderId);
    if (!reread) break;
    current = reread;
  }
  throw new WorkOrderStateError('reroute', current.state);
}
