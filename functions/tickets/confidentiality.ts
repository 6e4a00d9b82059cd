import type { Ticket, TicketType, TimelineEntry } from './ticket';

/**
 * Who may read what of a whistleblowing report (DOMAIN.md: "contents
 * confidential: only that office may read them"). The one place the rule
 * lives: listings and reads take a `Viewer`; until sign-in exists (roles come
 * with it), every reader is `DEFAULT_VIEWER`, which is not the office.
 */

/** Roles in the centre, and the discipline-inspection office (the only reader of reports). */
export type ViewerRole = 'discipline_office' | 'agent' | 'shift_lead' | 'supervisor' | 'quality_inspector' | 'department';

export interface Viewer {
  readonly role: ViewerRole;
}

/** Whoever reads without a signed-in role: never the office. */
export const DEFAULT_VIEWER: Viewer = { role: 'agent' };

/** Shown instead of the contents of a whistleblowing report to anyone outside the discipline-inspection office. */
export const WITHHELD = '[withheld: readable by the discipline-inspection office only]';

/**
 * Whether tickets of this type are confidential: whistleblowing reports.
 *
 * @example
 * isConfidentialType('whistleblowing_report'); // true
 */
export function isConfidentialType(type: TicketType): boolean {
  return type === 'whistleblowing_report';
}

/**
 * Whether the viewer may read confidential tickets (contents, reporter, and
 * that the report exists at all in a customer's history).
 *
 * @example
 * readsConfidential({ role: 'discipline_office' }); // true
 */
export function readsConfidential(viewer: Viewer): boolean {
  return viewer.role === 'discipline_office';
}

/**
 * Whether a ticket appears in a listing by customer for this viewer: a
 * confidential ticket never does, except for the office (a listing by
 * customer would tell anyone who reported whom, even with the text withheld).
 *
 * @example
 * listedForCustomer({ ...ticket, confidential: true }, DEFAULT_VIEWER); // false
 */
export function listedForCustomer(ticket: Pick<Ticket, 'confidential'>, viewer: Viewer): boolean {
  return !ticket.confidential || readsConfidential(viewer);
}

/**
 * A ticket as the viewer may see it: for anyone but the office, a
 * whistleblowing report keeps its number, type and dates, but its summary,
 * its reporter and the text of its timeline are withheld.
 *
 * @example
 * const { ticket, timeline } = asSeenBy(DEFAULT_VIEWER, found.ticket, found.timeline);
 */
export function asSeenBy(viewer: Viewer, ticket: Ticket, timeline: readonly TimelineEntry[] = []): { ticket: Ticket; timeline: TimelineEntry[] } {
  if (!ticket.confidential || readsConfidential(viewer)) return { ticket, timeline: [...timeline] };
  return {
    ticket: { ...ticket, summary: WITHHELD, openedBy: WITHHELD, accountNumber: undefined, keyFields: undefined },
    timeline: timeline.map((entry) => {
      // A correction's old and new key fields are the reporter's as much as the text is.
      const withheld = entry.before || entry.after ? { ...entry, before: entry.before && { ...entry.before, keyFields: {} }, after: entry.after && { ...entry.after, keyFields: {} } } : entry;
      return withheld.text === undefined ? withheld : { ...withheld, text: WITHHELD, ref: WITHHELD };
    }),
  };
}

/**
 * A ticket as a reader without the office's role sees it (`asSeenBy(DEFAULT_VIEWER, ...)`).
 *
 * @example
 * const { ticket } = forNonInspector(found.ticket, found.timeline);
 */
export function forNonInspector(ticket: Ticket, timeline: readonly TimelineEntry[] = []): { ticket: Ticket; timeline: TimelineEntry[] } {
  return asSeenBy(DEFAULT_VIEWER, ticket, timeline);
}
