/**
 * An agent's correction of a ticket's type or key fields (issue 10): the
 * clocks follow the new type, the old values stay on the timeline, and the
 * correction counts against the centre's ticket-correctness indicators
 * (DOMAIN.md, "What the centre measures": non-query tickets >= 99% correct,
 * key fields on query tickets >= 95%).
 */
import type { CalendarSource, WorkingCalendar } from './calendar';
import { localDateIn } from './calendar';
import { TicketError } from './errors';
import { ticketPriority } from './priority';
import { dueInstants } from './sla';
import type { Ticket, TicketCorrectable, TicketKeyFields, TicketType, TimelineEntry } from './ticket';

export interface CorrectionRequest {
  readonly ticketId: string;
  readonly type?: TicketType;
  /** The key fields as they should be; a field left out is cleared. */
  readonly keyFields?: TicketKeyFields;
  /** The agent's id. */
  readonly by: string;
  readonly at: Date;
}

/** What one correction writes, applied together and only if the ticket is still as it was read. */
export interface PlannedCorrection {
  readonly ticket: Ticket;
  readonly corrected: Ticket;
  readonly entry: TimelineEntry;
  /** The counter day: the date the ticket was opened, in the centre's zone (its correctness is that day's). */
  readonly day: string;
  /** Increments for the day's counters; a ticket counts once per indicator however often it is corrected. */
  readonly counts: CorrectionCounts;
  /** The contact text the ticket was opened with, for the next training run's examples. */
  readonly firstContactText?: string;
}

export interface CorrectionCounts {
  /** A non-query ticket corrected (type or key fields) for the first time. */
  readonly nonQueryTickets: number;
  /** A query ticket whose key fields were corrected for the first time. */
  readonly queryKeyFields: number;
  readonly typeChanges: number;
  readonly keyFieldChanges: number;
}

export interface CorrectionRepository {
  /** The ticket and its timeline (for the first contact's text). */
  load(ticketId: string): Promise<{ ticket: Ticket; timeline: readonly TimelineEntry[] } | undefined>;
  /** False when the ticket changed since it was read (another correction won): read again. */
  save(correction: PlannedCorrection): Promise<boolean>;
}

export type CorrectionResult =
  | { readonly kind: 'corrected'; readonly ticket: Ticket }
  /** The ticket already has these values: a repeated correction changes nothing. */
  | { readonly kind: 'unchanged'; readonly ticket: Ticket }
  | { readonly kind: 'not_found' };

/** The ticket kept changing under the correction (three reads, three lost writes): 409, try again. */
export class CorrectionConflictError extends TicketError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CorrectionConflictError';
  }
}

const MAX_ATTEMPTS = 3;

/**
 * Applies an agent's correction. Primary course:
 * 1. Read the ticket and let the caller refuse it (`mayCorrect` throws: the
 *    ops API asks the access policy of the ticket as read, on every attempt,
 *    so a ticket that became a whistleblowing report meanwhile is refused);
 *    nothing to change means nothing is written.
 * 2. New type: new due instants from the time the ticket opened, priority
 *    for the type, a report becomes confidential (and a confidential ticket stays so).
 * 3. One write, conditional on the ticket being unchanged since it was read:
 *    the ticket, a `correction` timeline entry with the old and new values,
 *    and the day's correctness counters.
 *
 * @example
 * await correctTicket({ ticketId, type: 'fault_report', by: 'agent-1024', at: new Date() }, { repository, calendar, timeZone: 'Asia/Shanghai' });
 */
export async function correctTicket(
  request: CorrectionRequest,
  deps: {
    readonly repository: CorrectionRepository;
    readonly calendar: CalendarSource;
    readonly timeZone: string;
    /** Throws when this ticket may not be corrected by the caller; called with each read of it. */
    readonly mayCorrect?: (ticket: Ticket) => void;
  },
): Promise<CorrectionResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const found = await deps.repository.load(request.ticketId);
    if (!found) return { kind: 'not_found' };
    deps.mayCorrect?.(found.ticket);
    const planned = planCorrection(found.ticket, found.timeline, request, { calendar: await deps.calendar.current(), timeZone: deps.timeZone });
    if (!planned) return { kind: 'unchanged', ticket: found.ticket };
    if (await deps.repository.save(planned)) return { kind: 'corrected', ticket: planned.corrected };
  }
  throw new CorrectionConflictError(`ticket ${request.ticketId} kept changing while it was being corrected`);
}

/**
 * The writes of a correction, or undefined when the ticket already has the requested values.
 *
 * @example
 * planCorrection(ticket, timeline, { ticketId, type: 'complaint', by: 'agent-7', at }, deps)?.counts.typeChanges; // 1
 */
export function planCorrection(
  ticket: Ticket,
  timeline: readonly TimelineEntry[],
  request: CorrectionRequest,
  deps: { readonly calendar: WorkingCalendar; readonly timeZone: string },
): PlannedCorrection | undefined {
  const before: TicketCorrectable = { type: ticket.type, keyFields: ticket.keyFields ?? {} };
  const after: TicketCorrectable = { type: request.type ?? ticket.type, keyFields: request.keyFields ? withoutEmpty(request.keyFields) : before.keyFields };
  const typeChanged = after.type !== before.type;
  const keyFieldsChanged = !sameFields(after.keyFields, before.keyFields);
  if (!typeChanged && !keyFieldsChanged) return undefined;

  const at = request.at.toISOString();
  const emergency = ticket.triage === 'emergency';
  const corrected: Ticket = {
    ...ticket,
    type: after.type,
    keyFields: after.keyFields,
    updatedAt: at,
    needsReview: false,
    confidential: ticket.confidential || after.type === 'whistleblowing_report',
    ...(typeChanged
      ? {
          due: dueInstants({ type: after.type, openedAt: new Date(ticket.createdAt), calendar: deps.calendar }),
          priority: ticketPriority({ important: ticket.priority === 1 && !emergency, type: after.type, emergency }),
        }
      : {}),
    corrected: true,
    ...(keyFieldsChanged ? { keyFieldsCorrected: true } : {}),
  };
  const wasQuery = ticket.type === 'information_query';
  const firstContact = timeline.find((entry) => entry.kind === 'contact' && entry.text !== undefined);
  return {
    ticket,
    corrected,
    entry: { at, kind: 'correction', ref: `correction#${at}#${request.by}`, by: request.by, before, after },
    day: localDateIn(new Date(ticket.createdAt), deps.timeZone),
    counts: {
      nonQueryTickets: !wasQuery && !ticket.corrected ? 1 : 0,
      queryKeyFields: wasQuery && keyFieldsChanged && !ticket.keyFieldsCorrected ? 1 : 0,
      typeChanges: typeChanged ? 1 : 0,
      keyFieldChanges: keyFieldsChanged ? 1 : 0,
    },
    firstContactText: firstContact?.text,
  };
}

function withoutEmpty(fields: TicketKeyFields): TicketKeyFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()]));
}

function sameFields(a: TicketKeyFields, b: TicketKeyFields): boolean {
  const names = ['account', 'phone', 'address'] as const;
  return names.every((name) => (a[name] ?? '') === (b[name] ?? ''));
}
