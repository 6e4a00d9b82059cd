import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { Outage } from '../../outages/outage';
import { workingCalendar } from '../../shared/calendar';
import { connect } from '../../shared/callback-clients';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { fingerprint } from '../../shared/fingerprint';
import { logTagKey } from '../../shared/log-tag-key';
import { injectLambdaContext, logger } from '../../shared/logger';
import { now } from '../../shared/time';
import type { WorkOrder } from '../../workorders/work-order';
import { DynamoCallbacks } from '../adapters/dynamo-callbacks';
import { ConnectTaskSender } from '../adapters/connect-task-sender';
import type { Callback } from '../callback';
import { readCallbackPlannerConfig } from '../config';
import { handleCallbackTrigger, type CallbackPlannerDeps, type CallbackTrigger } from '../planner';
import { readCallbackWindows } from '../windows';

const config = readConfig();
const plannerConfig = readCallbackPlannerConfig();
const store = new DynamoCallbacks(documentClient, config.tableName, config.timeZone);
const deps: CallbackPlannerDeps = {
  store,
  directory: store,
  tasks: new ConnectTaskSender(connect, plannerConfig),
  calendar: workingCalendar,
  windows: readCallbackWindows(),
  now,
  // An HMAC under the stage's log tag key: the id goes into Connect, so it must not be a reversible hash of an account or number.
  callbackIdOf: (sourceAndCustomer) => fingerprint('cb', sourceAndCustomer),
};

/** The table stream event (images as DynamoDB JSON). Hand-rolled for zod/mini, as notice-relay's. */
const StreamEventSchema = z.object({
  Records: z.array(z.object({ eventName: z.string(), dynamodb: z.object({ NewImage: z.optional(z.record(z.string(), z.unknown())) }) })),
});

/** What the changed item asks of the planner, or nothing (the stream filter lets only these through; this check keeps it right without). */
export function triggerOf(image: Record<string, unknown> | undefined): CallbackTrigger | undefined {
  if (!image) return undefined;
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  const sk = typeof item.sk === 'string' ? item.sk : '';
  if (sk.startsWith('ORDER#') && ['restored', 'answered', 'result_reported'].includes(String(item.state))) return { kind: 'order', order: item as unknown as WorkOrder };
  if (sk === 'OUTAGE' && item.status === 'restored') return { kind: 'outage', outage: item as unknown as Outage };
  if (sk === 'CALLBACK' && item.state === 'planned') return { kind: 'callback', callback: item as unknown as Callback };
  return undefined;
}

/**
 * The callback planner, on the table stream (filtered to restored fault
 * orders, answered complaints and applications, reports' results, restored
 * outages, and callbacks waiting for a try): plans the callbacks they owe
 * and starts each try's Connect task. A failure throws so the batch is
 * retried; planning and tasks are idempotent (conditional writes, ClientToken).
 */
export const handler = middy(async (event: unknown): Promise<{ planned: number; tasks: number }> => {
  const { Records } = StreamEventSchema.parse(event);
  let planned = 0;
  let tasks = 0;
  for (const record of Records) {
    if (record.eventName === 'REMOVE') continue;
    const trigger = triggerOf(record.dynamodb.NewImage);
    if (!trigger) continue;
    const done = await handleCallbackTrigger(trigger, deps);
    planned += done.planned;
    tasks += done.tasks;
  }
  logger.info('callbacks planned', { planned, tasks });
  return { planned, tasks };
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());
