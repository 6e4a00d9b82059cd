import type { Callback } from '../callbacks/callback';
import type { Outage } from '../outages/outage';
import type { Priority, TicketStatus, TicketType } from '../tickets/ticket';

/** An open ticket as the handover counts it (no contents). */
export interface OpenTicketLine {
  readonly ticketId: string;
  readonly type: TicketType;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly createdAt: string;
  readonly confidential: boolean;
  /** Not for a confidential ticket. */
  readonly summary?: string;
}

/** A department's step the centre must chase: due soon (`to_chase`) or past its limit (`overdue`). */
export interface ChaseLine {
  readonly orderId: string;
  readonly ticketId: string;
  readonly departmentId: string;
  readonly milestone: string;
  readonly due: string;
  readonly overdue: boolean;
}

/**
 * Where the handover reads the steps to chase: `WorkOrderDueChases` reads
 * the departments' inboxes by due instant (the orders are the truth of what
 * is due; the clocks' chase items, `GET /chases`, record the chases already
 * sent, which the lead reads on the board).
 */
export interface ChaseSource {
  chases(now: Date): Promise<ChaseLine[]>;
}

/** The system's state at handover: queues that keep what failed, alarms in ALARM, notices waiting to go. */
export interface SystemState {
  readonly deadLetterQueues: readonly { readonly name: string; readonly depth: number }[];
  readonly alarmsFiring: readonly string[];
  readonly dispatchBacklog: number;
  /** `aws` (SQS and CloudWatch) or `local` (the runtime's own journals). */
  readonly source: 'aws' | 'local';
}

export interface SystemStateSource {
  read(): Promise<SystemState>;
}

/** Who handed the shift to whom, when, and the counts they saw. */
export interface HandoverRecord {
  readonly acceptedAt: string;
  readonly acceptedBy: string;
  /** The lead who accepted the previous handover (the one going off shift), or who the incoming lead named. */
  readonly handedBy?: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface HandoverSources {
  openTickets(): Promise<OpenTicketLine[]>;
  activeOutages(): Promise<Outage[]>;
  /** The centre's open callbacks whose window starts before `before`. */
  callbacksDue(before: string): Promise<Callback[]>;
  lastHandover(): Promise<HandoverRecord | undefined>;
  /** Conditional: a second acceptance at the same instant by the same lead is the same record. */
  recordHandover(record: HandoverRecord): Promise<void>;
}
