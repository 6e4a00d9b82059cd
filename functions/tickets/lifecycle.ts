/**
 * Where a ticket may go next. A resolved ticket can be reopened (back to
 * in progress) until the callback is done; closed is final.
 */
import type { TicketStatus } from './ticket';

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['dispatched', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'],
  dispatched: ['in_progress', 'resolved'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['callback_done', 'closed', 'in_progress'],
  callback_done: ['closed'],
  closed: [],
};

export class InvalidTransitionError extends Error {
  readonly from: TicketStatus;
  readonly to: TicketStatus;

  constructor(from: TicketStatus, to: TicketStatus, options?: ErrorOptions) {
    super(`A ticket cannot go from ${from} to ${to}`, options);
    this.name = 'InvalidTransitionError';
    this.from = from;
    this.to = to;
  }
}

/**
 * Whether the status change is allowed.
 *
 * @example
 * canTransition('resolved', 'in_progress'); // true (reopened)
 */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Throws `InvalidTransitionError` unless the status change is allowed.
 *
 * @example
 * assertTransition('new', 'dispatched'); // ok
 * assertTransition('closed', 'in_progress'); // throws InvalidTransitionError
 */
export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/**
 * Open tickets are the ones handed over at shift change and chased.
 *
 * @example
 * isOpen('waiting_on_customer'); // true
 * isOpen('resolved'); // false
 */
export function isOpen(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'callback_done' && status !== 'closed';
}
