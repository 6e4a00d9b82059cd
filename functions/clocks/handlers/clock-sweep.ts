import middy from '@middy/core';
import { documentClient, sqs } from '../../shared/clients';
import { injectLambdaContext, logger } from '../../shared/logger';
import { now } from '../../shared/time';
import { readRoutingConfig } from '../../workorders/routing';
import { DynamoChases, DynamoDueOrders } from '../adapters/dynamo-chases';
import { SqsWatchQueue } from '../adapters/sqs-watch-queue';
import { readClocksConfig } from '../config';
import { ClockError } from '../errors';
import { sweepClocks, type SweepDeps } from '../sweep';

const config = readClocksConfig();
if (!config.queueUrl) throw new ClockError('SLA_WATCH_QUEUE_URL must be set for the sweep');
const deps: SweepDeps = {
  orders: new DynamoDueOrders(documentClient, config.tableName),
  chases: new DynamoChases(documentClient, config.tableName, config.timeZone),
  watch: new SqsWatchQueue(sqs, config.queueUrl),
  departments: readRoutingConfig().departments.map((d) => d.departmentId),
  policy: config.policy,
  graceMinutes: config.sweepGraceMinutes,
  now,
};

/**
 * The sweep, every few minutes (an EventBridge schedule): clocks whose look
 * is lost are sent to sla-watch (clocks/sweep.ts). The event carries
 * nothing it reads. A failure throws; the next tick sweeps again.
 */
export const handler = middy(async (): Promise<{ looked: number; sent: number }> => {
  const { looked, sent } = await sweepClocks(deps);
  if (sent.length > 0) logger.warn('clocks without a look sent to sla-watch', { sent: sent.length, orders: sent.map((c) => c.orderId) });
  else logger.info('sweep found no lost clock', { looked });
  return { looked, sent: sent.length };
}).use(injectLambdaContext(logger));
