import { describe, it, expect } from 'vitest';
import { assertTransition, canTransition, InvalidTransitionError, isOpen } from '../../functions/tickets/lifecycle';
import { TICKET_STATUSES, type TicketStatus } from '../../functions/tickets/ticket';

const allowed: Record<TicketStatus, TicketStatus[]> = {
  new: ['dispatched', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'],
  dispatched: ['in_progress', 'resolved'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['callback_done', 'closed', 'in_progress'],
  callback_done: ['closed'],
  closed: [],
};

describe('ticket lifecycle', () => {
  it('allows exactly the listed status changes', () => {
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(allowed[from].includes(to));
      }
    }
  });

  it('lets a resolved ticket be reopened but never a closed one', () => {
    expect(() => assertTransition('resolved', 'in_progress')).not.toThrow();
    expect(() => assertTransition('closed', 'in_progress')).toThrow(InvalidTransitionError);
  });

  it('says which change was refused', () => {
    let caught: unknown;
    try {
      assertTransition('dispatched', 'waiting_on_customer');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransitionError);
    expect(caught).toMatchObject({ name: 'InvalidTransitionError', from: 'dispatched', to: 'waiting_on_customer' });
  });

  it('counts a ticket as open until it is resolved', () => {
    expect(TICKET_STATUSES.filter(isOpen)).toEqual(['new', 'dispatched', 'in_progress', 'waiting_on_customer']);
  });
});
