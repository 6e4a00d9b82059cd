import { describe, it, expect } from 'vitest';
import { CLOSED_TICKET_STATUSES, isOpen, TICKET_STATUSES } from '../../functions/tickets/ticket';

describe('open and closed tickets', () => {
  it('counts a ticket as open until it is resolved', () => {
    expect(TICKET_STATUSES.filter(isOpen)).toEqual(['new', 'dispatched', 'in_progress', 'waiting_on_customer']);
    expect(TICKET_STATUSES.filter((status) => !isOpen(status))).toEqual([...CLOSED_TICKET_STATUSES]);
  });
});
