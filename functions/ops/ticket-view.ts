import { viewerOf } from '../access/policy';
import type { Principal } from '../access/principal';
import { asSeenBy } from '../tickets/confidentiality';
import type { Ticket, TimelineEntry } from '../tickets/ticket';

/**
 * A ticket as the principal may read it: the tickets context's one
 * confidentiality rule (`asSeenBy`), applied to the viewer the access policy
 * makes of the principal (whistleblowing contents and reporter for the
 * discipline-inspection office only).
 *
 * @example
 * const { ticket, timeline } = ticketSeenBy(principal, found.ticket, found.timeline);
 */
export function ticketSeenBy(principal: Principal, ticket: Ticket, timeline: readonly TimelineEntry[] = []): { ticket: Ticket; timeline: TimelineEntry[] } {
  return asSeenBy(viewerOf(principal), ticket, timeline);
}
