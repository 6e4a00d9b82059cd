import * as z from 'zod/mini';
import { isoDateTime } from '../shared/iso-datetime';

const Instant = isoDateTime({ offset: true });

/**
 * An Amazon Connect contact record (CTR) as the instance streams it to
 * Kinesis. Only the fields the indicators need are declared; a record
 * carries many more, which are ignored.
 */
export const ContactRecordSchema = z.object({
  ContactId: z.string().check(z.minLength(1)),
  Channel: z.string(),
  InitiationMethod: z.string(),
  InitiationTimestamp: Instant,
  DisconnectTimestamp: z.optional(z.nullable(Instant)),
  CustomerEndpoint: z.optional(z.nullable(z.object({ Address: z.optional(z.nullable(z.string())) }))),
  Queue: z.optional(
    z.nullable(
      z.object({
        EnqueueTimestamp: z.optional(z.nullable(Instant)),
        DequeueTimestamp: z.optional(z.nullable(Instant)),
        Duration: z.optional(z.nullable(z.number())),
      }),
    ),
  ),
  Agent: z.optional(
    z.nullable(
      z.object({
        /** The agent's user name in Connect (per-agent indicators; not customer data). */
        Username: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
        ConnectedToAgentTimestamp: z.optional(z.nullable(Instant)),
        AgentInteractionDuration: z.optional(z.nullable(z.number())),
        AfterContactWorkDuration: z.optional(z.nullable(z.number())),
      }),
    ),
  ),
  TransferCompletedTimestamp: z.optional(z.nullable(Instant)),
});
export type ContactRecord = z.infer<typeof ContactRecordSchema>;

/**
 * The Kinesis → Lambda event. Hand-rolled on purpose: Powertools' parser `KinesisEnvelope` is built on the full `zod`: one envelope and schema
 * bundle to ~456 KB minified, against ~15 KB for these zod/mini ones, past the 1.15x
 * bundle budget (bench/run.ts).
 */
export const KinesisEventSchema = z.object({
  Records: z.array(
    z.object({
      eventID: z.string(),
      kinesis: z.object({ data: z.string(), sequenceNumber: z.string(), partitionKey: z.optional(z.string()) }),
    }),
  ),
});
export type KinesisEvent = z.infer<typeof KinesisEventSchema>;
