import type { TicketStatus, TimelineEntry } from '../tickets/ticket';
import type { Callback, CallbackCustomer } from './callback';

/** Where callbacks are kept. Writes are conditional: one callback per id, a change only on the version it was decided from. */
export interface CallbackStore {
  get(callbackId: string): Promise<Callback | undefined>;
  /** Writes the callbacks that do not exist yet (with the day's counters); returns those it wrote. */
  createNew(callbacks: readonly Callback[]): Promise<Callback[]>;
  /** Replaces `previous` by `next` if the stored version is still `previous.version`. */
  save(previous: Callback, next: Callback): Promise<'recorded' | 'conflict'>;
}

/** A reporter of an outage, as the report item holds it. */
export interface OutageReporterRecord {
  /** Sender partition (`PHONE#<e164>`, `EMAIL#...`, `CHAT#...`). */
  readonly sender: string;
  readonly accountNumber?: string;
  readonly language?: 'zh-CN' | 'en';
}

/** A directory profile, as planning needs it: where the customer is supplied and how to reach them. */
export interface CallbackProfile {
  readonly accountNumber: string;
  readonly phones: readonly string[];
  readonly language: 'zh-CN' | 'en';
  readonly customerType: 'residential' | 'business';
  readonly important: boolean;
  readonly feeder: string;
  readonly transformer?: string;
}

/** What planning reads besides the changed item: reporters, profiles, and a confidential ticket's reporter. */
export interface CallbackDirectory {
  /** Every reporter of the outage (all pages). */
  outageReporters(outageId: string): Promise<OutageReporterRecord[]>;
  profiles(accountNumbers: readonly string[]): Promise<Map<string, CallbackProfile>>;
  /** Who opened the ticket, if they can be called (a phone number); a report's order carries no reporter. */
  ticketReporter(ticketId: string): Promise<CallbackCustomer | undefined>;
}

/** A Connect task for one try of a callback (no personal data in it). */
export interface CallbackTask {
  readonly callbackId: string;
  readonly attempt: number;
  readonly name: string;
  readonly description: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Absent: now. At most six days ahead (Connect's limit). */
  readonly scheduledAt?: Date;
  /** Connect keeps it for 7 days: a retried request for the same try creates no second task. */
  readonly clientToken: string;
}

/** Amazon Connect StartTaskContact, paced within the API's rate; answers the task's contact id. */
export interface TaskSender {
  start(task: CallbackTask): Promise<string | undefined>;
}

/** What an outcome does to the ticket, written with the callback. */
export interface TicketChange {
  readonly ticketId: string;
  readonly status: TicketStatus;
  readonly entry: TimelineEntry;
}

/** Counter names of one callback change (`planned_outage_restored`, ...): each is ADDed by one. */
export type CounterName = 'planned' | 'reached' | 'satisfied' | 'unsatisfied' | 'onTime' | 'unreachable';
