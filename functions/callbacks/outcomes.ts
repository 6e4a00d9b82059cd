/**
 * An agent records what a callback came to (issue 15). Primary course:
 * decide the outcome on the callback as read; a retry gets the next legal
 * window; a ticket callback closes or reopens its ticket, an outage's
 * unsatisfied customer gets a complaint opened and linked; the callback,
 * the day's counters and the ticket change are one transaction, conditional
 * on the callback's version (a race re-reads: the outcome recorded first wins).
 */
import type { CalendarSource } from '../tickets/calendar';
import type { TicketStatus } from '../tickets/ticket';
import type { CounterName, TicketChange } from './ports';
import { decideOutcome, type Callback } from './callback';
import { CallbackNotFoundError, CallbackStateError } from './errors';
import { callbackWindow, type CallbackWindowsConfig } from './windows';

/** Where outcomes are written (the DynamoDB adapter). */
export interface CallbackOutcomeStore {
  get(callbackId: string): Promise<Callback | undefined>;
  saveOutcome(previous: Callback, next: Callback, counters: readonly CounterName[], ticket?: TicketChange): Promise<'recorded' | 'conflict'>;
}

/** Opens the complaint an unsatisfied outage callback asks for, once per callback; answers its ticket id. */
export interface ComplaintOpener {
  open(callback: Callback): Promise<string>;
}

export interface OutcomeDeps {
  readonly store: CallbackOutcomeStore;
  readonly complaints: ComplaintOpener;
  readonly calendar: CalendarSource;
  readonly windows: CallbackWindowsConfig;
  readonly now: () => Date;
}

/**
 * Records an outcome by the agent `by` (their subject).
 *
 * @example
 * const { callback } = await recordCallbackOutcome(callback, { outcome: 'reached_satisfied' }, 'agent-7', deps);
 */
export async function recordCallbackOutcome(callback: Callback, input: unknown, by: string, deps: OutcomeDeps): Promise<{ callback: Callback }> {
  let current = callback;
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.now();
    const decision = decideOutcome(current, input, by, now);
    let next = decision.callback;
    if (decision.retryFrom) {
      const window = callbackWindow(next.customerType, decision.retryFrom, await deps.calendar.current(), deps.windows);
      next = { ...next, window: { start: window.start.toISOString(), end: window.end.toISOString() } };
    }
    let ticket: TicketChange | undefined;
    const at = now.toISOString();
    const entry = (text: string) => ({ at, kind: 'callback' as const, ref: `${current.callbackId}#${next.version}`, text });
    if (decision.ticketEffect === 'callback_done' || decision.ticketEffect === 'reopen') {
      const status: TicketStatus = decision.ticketEffect === 'callback_done' ? 'callback_done' : 'in_progress';
      ticket = { ticketId: current.source.id, status, entry: entry(decision.ticketEffect === 'callback_done' ? 'callback: reached, satisfied' : 'callback: reached, not satisfied; reopened') };
      if (decision.ticketEffect === 'reopen') next = { ...next, followUp: { kind: 'reopened', ticketId: current.source.id } };
    } else if (decision.ticketEffect === 'open_complaint') {
      next = { ...next, followUp: { kind: 'complaint', ticketId: await deps.complaints.open(current) } };
    }
    if ((await deps.store.saveOutcome(current, next, countersOf(next, now), ticket)) === 'recorded') return { callback: next };
    const reread = await deps.store.get(current.callbackId);
    if (!reread) throw new CallbackNotFoundError(current.callbackId);
    current = reread;
  }
  throw new CallbackStateError(current.state);
}

/** What the change adds to the day's counters. */
function countersOf(callback: Callback, now: Date): CounterName[] {
  switch (callback.state) {
    case 'reached_satisfied':
    case 'reached_unsatisfied': {
      const names: CounterName[] = ['reached', callback.state === 'reached_satisfied' ? 'satisfied' : 'unsatisfied'];
      if (!callback.dueBy || now.getTime() <= Date.parse(callback.dueBy)) names.push('onTime');
      return names;
    }
    case 'unreachable':
      return ['unreachable'];
    default:
      return [];
  }
}
