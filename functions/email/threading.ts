import { createHash } from 'node:crypto';
import { parseTicketNumber } from '../tickets/ticket-number';
import type { ParsedEmail } from './mime';
import type { EmailThread } from './ports';

/** How many Message-IDs of In-Reply-To and References are looked up (the most recent ones). */
export const MAX_THREAD_IDS = 20;

const REPLY_PREFIX = /^\s*((re|fw|fwd|aw|wg|sv|vs|答复|回复|转发|轉寄|回覆)\s*(\[\d+\])?\s*[:：]\s*)+/iu;
const TICKET_TAG = /\[[^\]]*\d{6}[\s-]*\d{4}[\s-]*\d{4}[^\]]*\]/gu;

/**
 * A subject without reply/forward prefixes (any language, stacked), ticket
 * tags or extra spaces: what stays the same along a thread.
 *
 * @example
 * normalizeSubject('回复: RE: 停电了 [工单 260306-1234-5678]'); // '停电了'
 */
export function normalizeSubject(subject: string): string {
  let text = subject.normalize('NFKC').replace(TICKET_TAG, ' ');
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(REPLY_PREFIX, '');
  }
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The key of the subject fallback: a hash, so no subject text sits in a key. */
export function subjectHash(subject: string): string {
  return createHash('sha256').update(normalizeSubject(subject)).digest('hex').slice(0, 32);
}

/** The ids a reply points at, most specific first: In-Reply-To, then References newest first. */
export function referencedIds(mail: Pick<ParsedEmail, 'inReplyTo' | 'references'>): string[] {
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse()];
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase())).slice(0, MAX_THREAD_IDS);
}

export interface ThreadEvidence {
  /** The sender's address, lower-case. */
  readonly sender: string;
  /** Whether the From is authenticated (sender-trust.ts); if not, nothing threads by who sent it. */
  readonly senderAuthenticated: boolean;
  readonly subject: string;
  readonly receivedAt: string;
  /** The thread of the ticket whose number is in the subject, if that ticket exists. */
  readonly subjectTicket?: EmailThread;
  /** Referenced ids (in `referencedIds` order) that are known, with their ticket's thread. */
  readonly referenced: readonly EmailThread[];
  /** The last ticket of this sender under the same normalized subject. */
  readonly sameSubject?: { readonly thread: EmailThread; readonly lastAt: string };
  readonly windowHours: number;
}

export type ThreadDecision =
  | { readonly ticketId: string; readonly ticketType: EmailThread['ticketType']; readonly via: 'ticket_number' | 'message_id' | 'same_subject' }
  | { readonly ticketId?: undefined; readonly via: 'new' };

/**
 * Which ticket an e-mail continues. In order:
 * 1. The ticket number in the subject, if the sender takes part in that
 *    ticket's thread (sent, or was on To/Cc): a number alone, quoted by a
 *    stranger, proves nothing.
 * 2. A Message-ID in In-Reply-To or References that belongs to a ticket:
 *    only someone who received the mail has it. References survive clients
 *    that rewrite or drop In-Reply-To.
 * 3. Fallback: the same sender, the same subject (prefixes and tags
 *    removed), within the thread window: covers clients that send no headers
 *    and forwarding one's own mail.
 * Otherwise a new ticket: a new subject, or an unrelated sender, never joins.
 * Mail whose From is not authenticated threads by Message-ID only: rules 1
 * and 3 trust the sender's address, which a forger chooses.
 *
 * @example
 * decideThread({ sender, senderAuthenticated: true, subject, receivedAt, referenced: [], windowHours: 72 }); // { via: 'new' }
 */
export function decideThread(evidence: ThreadEvidence): ThreadDecision {
  const { subjectTicket, senderAuthenticated } = evidence;
  if (senderAuthenticated && subjectTicket && subjectTicket.participants.includes(evidence.sender)) {
    return { ticketId: subjectTicket.ticketId, ticketType: subjectTicket.ticketType, via: 'ticket_number' };
  }
  const [referenced] = evidence.referenced;
  if (referenced) return { ticketId: referenced.ticketId, ticketType: referenced.ticketType, via: 'message_id' };
  const same = evidence.sameSubject;
  if (senderAuthenticated && same && normalizeSubject(evidence.subject) !== '') {
    const ageMs = new Date(evidence.receivedAt).getTime() - new Date(same.lastAt).getTime();
    if (ageMs >= 0 && ageMs <= evidence.windowHours * 3_600_000) {
      return { ticketId: same.thread.ticketId, ticketType: same.thread.ticketType, via: 'same_subject' };
    }
  }
  return { via: 'new' };
}

/** The ticket number in a subject, if any. */
export function ticketNumberInSubject(subject: string): string | undefined {
  return parseTicketNumber(subject);
}
