import type { TimelineEntry } from '../tickets/ticket';
import type { ActionOutcome, WorkOrder } from './work-order';

/** Where work orders are kept; `record` writes only if the order is still the version it was decided from. */
export interface WorkOrderStore {
  get(orderId: string): Promise<WorkOrder | undefined>;
  inbox(departmentId: string, limit: number): Promise<WorkOrder[]>;
  record(previous: WorkOrder, outcome: ActionOutcome, entry: TimelineEntry): Promise<'recorded' | 'conflict'>;
  /** The sent-back order (conditional on its version) and the ticket's next order, in one transaction. */
  reroute(before: WorkOrder, after: WorkOrder, next: WorkOrder, entry: TimelineEntry): Promise<'recorded' | 'conflict'>;
}
