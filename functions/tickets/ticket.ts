/**
 * Tickets: what a contact becomes (DOMAIN.md, "What a contact becomes").
 * Plain data and pure rules; persistence lives in adapters.
 */
export const TICKET_TYPES = [
  'fault_report',
  'information_query',
  'consultation',
  'complaint',
  'whistleblowing_report',
  'service_application',
  'suggestion_praise',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_STATUSES = [
  'new',
  'dispatched',
  'in_progress',
  'waiting_on_customer',
  'resolved',
  'callback_done',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses of a ticket no contact may join any more: a new contact opens a new ticket. */
export const CLOSED_TICKET_STATUSES = ['resolved', 'callback_done', 'closed'] as const satisfies readonly TicketStatus[];

/**
 * Open tickets are the ones contacts join, handed over at shift change and chased.
 *
 * @example
 * isOpen('waiting_on_customer'); // true
 * isOpen('resolved'); // false
 */
export function isOpen(status: TicketStatus): boolean {
  return !(CLOSED_TICKET_STATUSES as readonly TicketStatus[]).includes(status);
}

/** Lower number is served first. Important customers (hospitals, water works, ...) get `1`. */
export type Priority = 1 | 2 | 3;

export type Channel = 'sms' | 'voice' | 'email' | 'chat';

export interface TimelineEntry {
  readonly at: string; // ISO-8601 instant
  readonly kind: 'contact' | 'status_change' | 'reply' | 'correction' | 'work_order' | 'chase';
  /** Contact idempotency key (`sms#<id>`) for contacts, the new status for status changes. */
  readonly ref: string;
  readonly channel?: Channel;
  readonly text?: string;
  /** Corrections: who corrected, and the values before and after (type, key fields). */
  readonly by?: string;
  readonly before?: TicketCorrectable;
  readonly after?: TicketCorrectable;
}

/** Where a fault looks to be: the customer's own wiring, the network, or an emergency (intake/triage.ts). */
export type FaultTriage = 'customer_side' | 'network' | 'emergency';

/** Key fields read from the contact's text (intake/key-fields.ts), for the agent; an agent may correct them. */
export interface TicketKeyFields {
  readonly account?: string;
  readonly phone?: string;
  readonly address?: string;
}

/** What an agent's correction may change. */
export interface TicketCorrectable {
  readonly type: TicketType;
  readonly keyFields: TicketKeyFields;
}

export interface Ticket {
  readonly ticketId: string;
  readonly type: TicketType;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly channel: Channel;
  readonly accountNumber?: string;
  /** E.164 phone, e-mail or chat session of whoever opened it. */
  readonly openedBy: string;
  readonly summary: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** SLA due instants by milestone, from the policy table (sla.ts). */
  readonly due: Readonly<Record<string, string>>;
  /** Only the discipline-inspection office may read whistleblowing contents. */
  readonly confidential: boolean;
  /** Free-text contacts: the classifier's probability for `type` (a topic word or a keypad choice gives 1). */
  readonly classifierConfidence?: number;
  /** The classifier was unsure: an agent confirms the type. */
  readonly needsReview?: boolean;
  /** Fault reports: where the fault looks to be. */
  readonly triage?: FaultTriage;
  /** Key fields read from the text; an agent's correction replaces them. */
  readonly keyFields?: TicketKeyFields;
  /** An agent corrected the type or key fields (counted once for the correctness indicator). */
  readonly corrected?: boolean;
  /** An agent corrected the key fields (counted once for query tickets' key-field indicator). */
  readonly keyFieldsCorrected?: boolean;
}
