import type { Ticket, TimelineEntry } from './ticket';

/** Shown instead of the contents of a whistleblowing report to anyone outside the discipline-inspection office. */
export const WITHHELD = '[withheld: readable by the discipline-inspection office only]';

/**
 * A ticket as a reader without the inspector role may see it: a
 * whistleblowing report keeps its number, type and dates, but its summary,
 * its reporter and the text of its timeline are withheld (DOMAIN.md: "contents
 * confidential: only that office may read them").
 *
 * @example
 * const { ticket } = forNonInspector(found.ticket, found.timeline);
 */
export function forNonInspector(ticket: Ticket, timeline: readonly TimelineEntry[] = []): { ticket: Ticket; timeline: TimelineEntry[] } {
  if (!ticket.confidential) return { ticket, timeline: [...timeline] };
  return {
    ticket: { ...ticket, summary: WITHHELD, openedBy: WITHHELD, accountNumber: undefined, keyFields: undefined },
    timeline: timeline.map((entry) => (entry.text === undefined ? entry : { ...entry, text: WITHHELD, ref: WITHHELD })),
  };
}
