import type { WorkOrder } from '../workorders/work-order';
import type { CustomerLink } from '../customers/customer-link';
import type { Outage } from '../outages/outage';
import type { ClusterReport } from '../outages/suspicion';
import type { FaultTriage, Ticket, TicketType, TimelineEntry } from '../tickets/ticket';
import type { Contact } from './contact';

/** Open-ticket pointer kept in the sender partition, one per ticket type. */
export interface ThreadPointer {
  readonly ticketType: TicketType;
  readonly ticketId: string;
  readonly lastContactAt: string;
}

/** Everything intake knows about a sender after one look-up. */
export interface SenderContext {
  readonly partition: string;
  readonly links: readonly CustomerLink[];
  readonly smsOptedOut: boolean;
  readonly threads: readonly ThreadPointer[];
}

/** What a contact did, stored on the contact item so a redelivery returns it unchanged. */
export type IntakeOutcome =
  | {
      readonly kind: 'ticket_opened' | 'ticket_appended';
      readonly ticketId: string;
      readonly ticketType: TicketType;
      /** New fault tickets: the triage, so the reply can advise an electrician for the customer's own wiring. */
      readonly triage?: FaultTriage;
    }
  | {
      readonly kind: 'outage_joined';
      readonly outageId: string;
      readonly cause: Outage['cause'];
      readonly etr: string;
      /** A suspected outage (issue 13): the caller is told the centre already knows of a fault in the area. */
      readonly suspected?: boolean;
    }
  | { readonly kind: 'opted_out' | 'opted_in' | 'help' | 'already_opted_out' | 'already_opted_in' };

/** The writes one contact causes, applied in one transaction conditional on the contact being new. */
export interface IntakePlan {
  readonly contactKey: string;
  readonly contact: Contact;
  readonly senderPartition: string;
  readonly accountNumber?: string;
  readonly outcome: IntakeOutcome;
  readonly language: Contact['language'];
  /** Whether the customer should get an SMS reply (not when opted out). */
  readonly replyAllowed: boolean;
  /**
   * The ticket the sender's open-thread pointer of this change's type named when the sender was read
   * (`null`: no pointer). The pointer is written only if it still names it: two simultaneous messages
   * of one sender cannot both open a ticket (the loser re-reads and joins the winner's).
   */
  readonly threadPointerWas?: string | null;
  readonly change:
    | {
        readonly kind: 'open_ticket';
        readonly ticket: Ticket;
        readonly entry: TimelineEntry;
        readonly customerKey: string;
        readonly workOrder?: WorkOrder;
        /** A network fault under a known transformer: the report the cluster watch counts (issue 13). */
        readonly clusterReport?: { readonly report: ClusterReport; readonly windowStart: string; readonly shard: number };
      }
    | { readonly kind: 'append_to_ticket'; readonly ticketId: string; readonly ticketType: TicketType; readonly entry: TimelineEntry }
    | { readonly kind: 'join_outage'; readonly outageId: string; readonly reporter: { readonly accountNumber?: string; readonly sender: string } }
    /** `accounts`: those linked to the number; their profiles carry the opt-out too, for the outage planner. */
    | { readonly kind: 'opt_out' | 'opt_in'; readonly accounts: readonly string[] }
    | { readonly kind: 'none' };
}

export type CommitResult =
  | { readonly kind: 'committed' }
  | { readonly kind: 'duplicate'; readonly stored: StoredContact }
  /** The ticket number is taken by another contact: try the next candidate. */
  | { readonly kind: 'ticket_number_taken' }
  /** The ticket the thread pointed at is no longer open: plan again as a new ticket. */
  | { readonly kind: 'thread_closed' }
  /** The sender's open-thread pointer changed since it was read (a simultaneous message): read the sender again and plan again. */
  | { readonly kind: 'thread_moved' };

export interface StoredContact {
  readonly outcome: IntakeOutcome;
  readonly language: Contact['language'];
  readonly replyAllowed: boolean;
}

export interface IntakeRepository {
  loadSender(senderPartition: string): Promise<SenderContext>;
  /**
   * The directory link of an account quoted in a message (one GetItem of the
   * profile). Intake asks only when the sender is unknown and the text quotes
   * an account: such a contact costs 3 requests instead of 2.
   */
  quotedAccount(accountNumber: string): Promise<CustomerLink | undefined>;
  commit(plan: IntakePlan): Promise<CommitResult>;
  storedContact(contactKey: string): Promise<StoredContact | undefined>;
  /** The contact as recorded (issue 13: a rejected suspicion's report becomes a ticket from it). */
  recordedContact(contactKey: string): Promise<Contact | undefined>;
  /**
   * A report of a rejected suspected outage becomes its own ticket: the ticket, its timeline line and
   * work order, and the report item marked with the ticket (conditional: once per report).
   */
  commitReportTicket(reportTicket: ReportTicket): Promise<'committed' | 'ticket_number_taken' | 'already'>;
}

/** What `reopenReportAsTicket` writes for one report of a rejected suspicion. */
export interface ReportTicket {
  readonly outageId: string;
  readonly contactKey: string;
  readonly ticket: Ticket;
  readonly entry: TimelineEntry;
  readonly customerKey: string;
  readonly workOrder?: WorkOrder;
}

export interface OutageRegistry {
  listActive(): Promise<Outage[]>;
  /** A network fault opened its own ticket: a suspicion may open soon, so read the registry again sooner (issue 13). */
  refreshSoon?(): void;
}
