import middy from '@middy/core';
import * as z from 'zod/mini';
import { sns, sqs } from '../../shared/clients';
import { injectLambdaContext, logger } from '../../shared/logger';
import { becameUnreachable, SnsUnreachableEvents } from '../adapters/sns-unreachable-events';
import { SqsDispatchQueue, type QueuedNotice } from '../adapters/sqs-dispatch-queue';
import { readDispatcherConfig } from '../config';

const config = readDispatcherConfig();
const queue = new SqsDispatchQueue(sqs, config.dispatchQueueUrls);
const unreachableEvents = new SnsUnreachableEvents(sns, config.unreachableTopicArn, config.billingBucket);

/** The DynamoDB stream event. Hand-rolled: Powertools' parser `DynamoDBStreamEnvelope` needs the full `zod` (~456 KB minified against ~15 KB for zod/mini; bench/run.ts allows 1.15x). */
const StreamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      dynamodb: z.object({ NewImage: z.optional(z.record(z.string(), z.unknown())), OldImage: z.optional(z.record(z.string(), z.unknown())) }),
    }),
  ),
});
const NoticeImageSchema = z.object({ pk: z.object({ S: z.string() }), noticeId: z.object({ S: z.string() }), important: z.optional(z.object({ BOOL: z.boolean() })) });

/**
 * The outbox-to-queue relay: every notice inserted into the table (by the
 * planner or billing intake, whoever wrote it) becomes one message on the
 * dispatch queue, an important customer's on the priority queue; a notice
 * the table records unreachable becomes the `customer_unreachable` event on
 * the unreachable topic (so the roles that text customers publish to no
 * topic). The event source filters to `NOTICE#` inserts and changes to
 * `unreachable`; the checks here keep the function correct without the
 * filter. A failure throws, so
 * the stream batch is retried (the dispatcher ignores a notice already sent).
 * Not through Powertools' batch processor: the relay sends a batch's notices
 * ten to a SendMessageBatch request; record by record would be a request per
 * notice, and a retried batch only queues notices the dispatcher finds sent.
 */
export const handler = middy(async (event: unknown): Promise<{ queued: number; important: number; unreachable: number }> => {
  const { Records } = StreamEventSchema.parse(event);
  const notices: QueuedNotice[] = [];
  const unreachable: NonNullable<ReturnType<typeof becameUnreachable>>[] = [];
  for (const record of Records) {
    const gaveUp = becameUnreachable(record);
    if (gaveUp) unreachable.push(gaveUp);
    if (record.eventName !== 'INSERT') continue;
    const image = NoticeImageSchema.safeParse(record.dynamodb.NewImage);
    if (image.success && image.data.pk.S.startsWith('NOTICE#')) notices.push({ noticeId: image.data.noticeId.S, important: image.data.important?.BOOL === true });
  }
  await queue.enqueue(notices);
  // A retried batch publishes again: billing takes the event by notice id (the report object is overwritten alike).
  for (const { notice, at } of unreachable) await unreachableEvents.publish(notice, at);
  const important = notices.filter((n) => n.important).length;
  logger.info('notices queued for dispatch', { queued: notices.length, important, unreachable: unreachable.length });
  return { queued: notices.length, important, unreachable: unreachable.length };
}).use(injectLambdaContext(logger));
