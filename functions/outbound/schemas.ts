/**
 * Delivery receipts as the providers send them: SNS's SMS delivery-status
 * log lines (through a CloudWatch Logs subscription) and Amazon Connect's
 * contact events for outbound calls (through EventBridge).
 * Hand-rolled on purpose: Powertools' parser `CloudWatchEnvelope` and
 * `EventBridgeEnvelope` are built on the full `zod`: one envelope and schema
 * bundle to ~456 KB minified, against ~15 KB for these zod/mini ones, past the
 * 1.15x bundle budget (bench/run.ts).
 */
import * as z from 'zod/mini';

/** A CloudWatch Logs subscription delivery: gzip + base64 of {@link LogsDataSchema}. */
export const LogsSubscriptionEventSchema = z.object({ awslogs: z.object({ data: z.string().check(z.maxLength(2_000_000)) }) });

export const LogsDataSchema = z.object({
  /** CONTROL_MESSAGE is CloudWatch Logs checking the destination: no log events. */
  messageType: z.string(),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

/** One line of `sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure]`; `delivery.destination` is the phone number and is never read. */
export const SmsDeliveryLogSchema = z.object({
  notification: z.object({ messageId: z.string().check(z.minLength(1), z.maxLength(128)), timestamp: z.optional(z.string()) }),
  delivery: z.optional(z.object({ providerResponse: z.optional(z.string()) })),
  status: z.enum(['SUCCESS', 'FAILURE']),
});

export const ConnectContactEventSchema = z.object({
  source: z.literal('aws.connect'),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  time: z.string(),
  detail: z.object({
    eventType: z.string(),
    contactId: z.string().check(z.minLength(1), z.maxLength(128)),
    channel: z.optional(z.string()),
    initiationMethod: z.optional(z.string()),
    /** Present once the call had media: answered by a person (or a voicemail). */
    connectedToSystemTimestamp: z.optional(z.string()),
    disconnectTimestamp: z.optional(z.string()),
    disconnectReason: z.optional(z.string()),
  }),
});
