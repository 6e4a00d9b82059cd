import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import * as z from 'zod/mini';
import { isoDateTime } from '../../shared/iso-datetime';
import { documentClient } from '../../shared/clients';
import { injectLambdaContext, logger } from '../../shared/logger';
import { scheduler } from '../../shared/scheduler-clients';
import { now } from '../../shared/time';
import { DynamoWorkOrderReader } from '../../workorders/adapters/dynamo-work-orders';
import { readRoutingConfig } from '../../workorders/routing';
import { DynamoChases } from '../adapters/dynamo-chases';
import { SchedulerClocks } from '../adapters/scheduler-clocks';
import { readClocksConfig } from '../config';
import { InvalidClockMessageError } from '../errors';
import { watchClock, type SlaWatchDeps } from '../sla-watch';

const config = readClocksConfig();
const deps: SlaWatchDeps = {
  orders: new DynamoWorkOrderReader(documentClient, config.tableName),
  chases: new DynamoChases(documentClient, config.tableName, config.timeZone),
  looks: new SchedulerClocks(scheduler, config.target, config.policy, now),
  routing: readRoutingConfig(),
  policy: config.policy,
  timeZone: config.timeZone,
  now,
};

/** The SQS event, the parts read here. Hand-rolled for zod/mini, as the other SQS consumers'. */
const SqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });
/** What a schedule (or the sweep) delivers: the clock, and the look's instant for a repeat. */
const ClockMessageSchema = z.object({
  orderId: z.string().check(z.regex(/^[\w-]{1,40}\.\d{1,3}$/)),
  milestone: z.string().check(z.regex(/^[A-Za-z]{1,40}$/)),
  dueAt: isoDateTime(),
  checkAt: z.optional(isoDateTime()),
});
const processor = new BatchProcessor(EventType.SQS);

async function watchRecord(record: SQSRecord): Promise<void> {
  let clock;
  try {
    clock = ClockMessageSchema.parse(JSON.parse(record.body));
  } catch (error) {
    // Never a clock: after maxReceiveCount it rests in the dead-letter queue with its raw body.
    logger.error('malformed sla-watch message; left for the dead-letter queue', { messageId: record.messageId, error: (error as Error).name });
    throw new InvalidClockMessageError('not a clock message', { cause: error });
  }
  const outcome = await watchClock({ orderId: clock.orderId, milestone: clock.milestone, dueAt: clock.dueAt }, deps);
  logger.info('clock looked at', {
    messageId: record.messageId,
    orderId: clock.orderId,
    milestone: clock.milestone,
    outcome: outcome.kind,
    ...(outcome.kind === 'chased' ? { n: outcome.chase.n, verdict: outcome.chase.verdict, nextCheckAt: outcome.chase.nextCheckAt } : {}),
  });
}

/**
 * sla-watch: clocks from the sla-watch queue (one-time schedules and the
 * sweep). Each message is looked at on its own (clocks/sla-watch.ts); a
 * failure is a batch item failure (Powertools' batch processor), so only
 * that clock is redelivered, and a redelivery chases nothing twice.
 */
export const handler = middy(async (event: unknown, context: Context): Promise<SQSBatchResponse> => {
  SqsEventSchema.parse(event);
  return processPartialResponse(event as SQSEvent, watchRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
}).use(injectLambdaContext(logger));
