import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { logger } from '../../shared/logger';
import { scheduler } from '../../shared/scheduler-clients';
import type { WorkOrder } from '../../workorders/work-order';
import { SchedulerClocks } from '../adapters/scheduler-clocks';
import { DEFAULT_CLOCK_POLICY, scheduleChanges } from '../clock';

const env = z.object({ CLOCK_SCHEDULE_GROUP: z.string(), SLA_WATCH_QUEUE_ARN: z.string(), CLOCK_SCHEDULER_ROLE_ARN: z.string() }).parse(process.env);
const clocks = new SchedulerClocks(scheduler, { groupName: env.CLOCK_SCHEDULE_GROUP, queueArn: env.SLA_WATCH_QUEUE_ARN, roleArn: env.CLOCK_SCHEDULER_ROLE_ARN }, DEFAULT_CLOCK_POLICY, () => new Date());

/** The table stream event (images as DynamoDB JSON). Hand-rolled for zod/mini, as notice-relay's. */
const StreamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      dynamodb: z.object({ OldImage: z.optional(z.record(z.string(), z.unknown())), NewImage: z.optional(z.record(z.string(), z.unknown())) }),
    }),
  ),
});

type Image = Record<string, unknown> | undefined;

/** A work order's image, or undefined for any other item. */
function orderOf(image: Image): WorkOrder | undefined {
  if (!image) return undefined;
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  return typeof item.sk === 'string' && item.sk.startsWith('ORDER#') ? (item as unknown as WorkOrder) : undefined;
}

/**
 * The clock keeper: from the table stream, off the intake hot path, each
 * work order change creates the schedules of the clocks it gained and
 * deletes those it lost (clocks/clock.ts). A failure throws, so the batch is
 * retried; creating and deleting are idempotent.
 */
export const handler = middy(async (event: unknown): Promise<{ created: number; deleted: number }> => {
  const { Records } = StreamEventSchema.parse(event);
  let created = 0;
  let deleted = 0;
  for (const record of Records) {
    const before = orderOf(record.dynamodb.OldImage);
    const after = orderOf(record.dynamodb.NewImage);
    if (!before && !after) continue;
    const changes = scheduleChanges(before, after);
    for (const clock of changes.delete) await clocks.delete(clock);
    for (const clock of changes.create) await clocks.create(clock);
    created += changes.create.length;
    deleted += changes.delete.length;
  }
  logger.info('clocks kept', { created, deleted });
  return { created, deleted };
}).use(injectLambdaContext(logger, { resetKeys: true }));
