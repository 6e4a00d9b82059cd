import type { Notice } from '../outbound/notice';
import type { TimelineEntry } from '../tickets/ticket';
import type { WorkOrder } from '../workorders/work-order';
import type { Chase, ClockState } from './chase';
import type { Clock } from './clock';

/** Where sla-watch reads the order (DynamoDB is the truth: a consistent read). */
export interface OrderReader {
  get(orderId: string): Promise<WorkOrder | undefined>;
}

/** Chases and the clocks' state between looks. */
export interface ChaseStore {
  state(clock: Clock): Promise<ClockState | undefined>;
  /** States of many clocks (the sweep), by `scheduleName` of each. */
  states(clocks: readonly Clock[]): Promise<Map<string, ClockState>>;
  /**
   * The chase, the clock's state, the timeline line and the text, in one
   * transaction, only if the state is still `previous` (none, or the same
   * number of chases): a redelivered firing or a sweep racing a schedule
   * finds it moved and writes nothing.
   */
  record(previous: ClockState | undefined, plan: { chase: Chase; state: ClockState; entry: TimelineEntry; notice?: Notice }): Promise<'recorded' | 'duplicate'>;
  /** Whether the text of a reply to the customer has gone (`sent`, `delivered`): the centre's customerReply clock is then met. */
  replySent(noticeId: string): Promise<boolean>;
}

/** The next look at a clock: a one-time schedule to the sla-watch queue. */
export interface LookScheduler {
  lookAt(clock: Clock, at: Date): Promise<void>;
}

/** A department's inbox by due instant (gsi1, earliest first), for the sweep. */
export interface DueOrders {
  dueBefore(departmentId: string, before: Date): AsyncIterable<WorkOrder>;
}

/** Sends clocks to sla-watch (the queue), for the sweep. */
export interface WatchQueue {
  send(clocks: readonly (Clock & { readonly checkAt: string })[]): Promise<void>;
}
