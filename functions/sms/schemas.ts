import * as z from 'zod/mini';
import { isoDateTime } from '../shared/iso-datetime';

/**
 * The SNS → Lambda event (one record per invocation in practice; all are handled).
 * Hand-rolled on purpose: Powertools' parser `SnsEnvelope` is built on the full `zod`: one envelope and schema
 * bundle to ~456 KB minified, against ~15 KB for these zod/mini ones, past the 1.15x
 * bundle budget (bench/run.ts).
 */
export const SnsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({
          Type: z.string(),
          MessageId: z.string().check(z.minLength(1)),
          TopicArn: z.string(),
          Message: z.string(),
          Timestamp: isoDateTime({ offset: true }),
        }),
      }),
    )
    .check(z.minLength(1)),
});
export type SnsEvent = z.infer<typeof SnsEventSchema>;
export type SnsRecord = SnsEvent['Records'][number];

/** Longest body we accept; two-way SMS concatenates to about 1,600 characters, so more is not a customer. */
export const MAX_SMS_BODY_CHARS = 5_000;

/** The two-way SMS payload that AWS End User Messaging SMS publishes to the topic. */
export const TwoWaySmsSchema = z.object({
  originationNumber: z.string().check(z.minLength(1), z.maxLength(32)),
  destinationNumber: z.string().check(z.maxLength(32)),
  messageKeyword: z.optional(z.nullable(z.string())),
  messageBody: z.string().check(z.maxLength(MAX_SMS_BODY_CHARS)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
  previousPublishedMessageId: z.optional(z.nullable(z.string())),
});
export type TwoWaySms = z.infer<typeof TwoWaySmsSchema>;
