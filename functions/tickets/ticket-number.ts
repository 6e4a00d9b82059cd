/**
 * Ticket numbers customers read out over the phone: `YYMMDD-NNNN-NNNN`,
 * the local date the contact arrived plus 8 digits derived from the contact
 * key, so a retried contact gets the same number.
 */
import { createHash } from 'node:crypto';
import { localDateIn } from './calendar';

/**
 * The ticket number of a contact; `attempt` gives the next candidate when
 * the first is already taken.
 *
 * @example
 * ticketNumber('sms#abc', new Date('2026-03-06T09:00:00Z'), 'Asia/Shanghai'); // '260306-NNNN-NNNN'
 */
export function ticketNumber(contactKey: string, receivedAt: Date, timeZone: string, attempt = 0): string {
  const digest = createHash('sha256').update(`${contactKey}#${attempt}`).digest();
  const digits = String(digest.readBigUInt64BE(0) % 100_000_000n).padStart(8, '0');
  const date = localDateIn(receivedAt, timeZone).slice(2).replaceAll('-', '');
  return `${date}-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

const TICKET_NUMBER_IN_TEXT = /(?<!\d)(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))[\s-]*(\d{4})[\s-]*(\d{4})(?!\d)/u;

/**
 * Finds a ticket number in free text (full-width digits, spaces or missing
 * dashes tolerated) and returns it in canonical form.
 *
 * @example
 * parseTicketNumber('我的工单号 260306 1234 5678 怎么样了'); // '260306-1234-5678'
 */
export function parseTicketNumber(text: string): string | undefined {
  const match = TICKET_NUMBER_IN_TEXT.exec(text.normalize('NFKC'));
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
