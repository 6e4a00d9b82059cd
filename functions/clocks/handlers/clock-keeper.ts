import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { injectLambdaContext, logger } from '../../shared/logger';
import { scheduler } from '../../shared/scheduler-clients';
import { now } from '../../shared/time';
import type { WorkOrder } from '../../workorders/work-order';
import { SchedulerClocks } from '../adapters/scheduler-clocks';
import { scheduleChanges } from '../clock';
import { readClocksConfig } from '../config';

const config = readClocksConfig();
const clocks = new SchedulerClocks(scheduler, config.target, config.policy, now);

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
}).use(injectLambdaContext(logger));
