import * as z from 'zod/mini';
import { isoDateTime } from '../shared/iso-datetime';

/**
 * The canonical contact: what every channel turns its event into before
 * the intake use case sees it. Parsed with zod/mini (about 15 KB in a bundle).
 */
export const ContactSchema = z.object({
  channel: z.enum(['sms', 'voice', 'email', 'chat']),
  /** Provider message id: SMS inboundMessageId, Connect ContactId, SES messageId, chat message id. */
  providerMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
  sender: z.object({
    phone: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/))),
    email: z.optional(z.string().check(z.maxLength(320))),
    chatSession: z.optional(z.string().check(z.maxLength(200))),
  }),
  receiver: z.string().check(z.maxLength(320)),
  /** When the centre received it: the clocks, the thread window and the ticket number start here (see `receiptTime`). */
  receivedAt: isoDateTime({ offset: true }),
  /** The provider's own timestamp, kept as given even when it is not believable (`receiptTime`). */
  providerTimestamp: z.optional(z.string().check(z.maxLength(64))),
  language: z.enum(['zh-CN', 'en']),
  text: z.string().check(z.maxLength(20_000)),
  attachments: z.array(z.string().check(z.maxLength(1024))),
  /** E-mail only: the receiving service's SPF / DKIM / DMARC verdicts (PASS, FAIL, GRAY, PROCESSING_FAILED). */
  authentication: z.optional(z.object({ spf: z.string(), dkim: z.string(), dmarc: z.string() })),
  /** Where the raw payload is kept (e.g. `inline`, or an S3 URI for e-mail). */
  rawRef: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

/** The idempotency key of a contact: channel plus provider message id. */
export function contactKey(contact: Pick<Contact, 'channel' | 'providerMessageId'>): string {
  return `${contact.channel}#${contact.providerMessageId}`;
}

/**
 * How far before the invocation a provider's timestamp is still believed:
 * Lambda retries an asynchronous event for up to 6 hours, and SNS retries
 * within that too. Ahead of the invocation, only clock skew is believed.
 */
export const PROVIDER_TIME_BEFORE_MS = 6 * 3_600_000;
export const PROVIDER_TIME_AHEAD_MS = 5 * 60_000;

/**
 * The instant a contact counts as received: the provider's timestamp when it
 * is plausible (a retry minutes later keeps the customer's time), otherwise
 * the invocation's own `now`. A provider time in 1970, 2019 or the year 10000
 * would otherwise start SLA clocks, thread windows and ticket numbers there;
 * it is kept as given in `providerTimestamp`, for the record.
 *
 * @example
 * receiptTime('9999-12-31T20:00:00Z', new Date('2026-12-01T02:00:00Z'));
 * // { receivedAt: '2026-12-01T02:00:00.000Z', providerTimestamp: '9999-12-31T20:00:00Z' }
 */
export function receiptTime(providerTimestamp: string, now: Date): { receivedAt: string; providerTimestamp: string } {
  const given = Date.parse(providerTimestamp);
  const plausible = given >= now.getTime() - PROVIDER_TIME_BEFORE_MS && given <= now.getTime() + PROVIDER_TIME_AHEAD_MS;
  return { receivedAt: plausible ? new Date(given).toISOString() : now.toISOString(), providerTimestamp: providerTimestamp.slice(0, 64) };
}
