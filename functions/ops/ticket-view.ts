import { viewerOf } from '../access/policy';
import type { Principal } from '../access/principal';
import { forNonInspector } from '../tickets/confidentiality';
import type { Ticket, TimelineEntry } from '../tickets/ticket';

/**
 * A ticket as the principal may read it: whistleblowing contents and
 * reporter for the discipline-inspection office only (tickets/confidentiality.ts
 * withholds them from everyone else).
 *
 * @example
 * const { ticket, timeline } = ticketSeenBy(principal, found.ticket, found.timeline);
 */
export function ticketSeenBy(principal: Principal, ticket: Ticket, timeline: readonly TimelineEntry[] = []): { ticket: Ticket; timeline: TimelineEntry[] } {
  return viewerOf(principal).role === 'discipline_office' ? { ticket, timeline: [...timeline] } : forNonInspector(ticket, timeline);
}
