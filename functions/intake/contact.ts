import * as z from 'zod/mini';

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
  receivedAt: z.iso.datetime({ offset: true }),
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
