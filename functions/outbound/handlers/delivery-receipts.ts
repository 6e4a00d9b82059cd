import middy from '@middy/core';
import { documentClient, sqs } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { fingerprint } from '../../shared/fingerprint';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { s3 } from '../../shared/outbound-clients';
import { DynamoNoticeStore } from '../adapters/dynamo-notice-store';
import { S3UnreachableReporter } from '../adapters/s3-unreachable-reporter';
import { SqsDispatchQueue } from '../adapters/sqs-dispatch-queue';
import { readDispatcherConfig } from '../config';
import { recordDeliveryReceipt, type ReceiptDeps } from '../delivery';
import { receiptsOf } from '../receipt-events';
import { now } from '../../shared/time';

const config = readConfig();
const outbound = readDispatcherConfig();
const deps: ReceiptDeps = {
  notices: new DynamoNoticeStore(documentClient, config.tableName),
  lanes: new SqsDispatchQueue(sqs, outbound.dispatchQueueUrls),
  unreachable: new S3UnreachableReporter(s3, outbound.billingBucket),
  retryBackoffSeconds: outbound.retryBackoffSeconds,
  now,
};

/**
 * Delivery receipts for sent notices: SNS SMS delivery-status logs (a
 * CloudWatch Logs subscription) and Amazon Connect contact events for
 * outbound calls (EventBridge), each to `recordDeliveryReceipt`. Log lines
 * hold the destination number: only the message id and status are read,
 * and nothing of a line is logged. A store failure throws, so Lambda
 * retries the event (receipts are idempotent) and then dead-letters it.
 */
export const handler = middy(async (event: unknown): Promise<{ receipts: number; outcomes: Record<string, number> }> => {
  const { receipts, skipped } = receiptsOf(event);
  const outcomes: Record<string, number> = {};
  for (const receipt of receipts) {
    const outcome = await recordDeliveryReceipt(receipt, deps);
    outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
    if ('noticeId' in outcome) logger.info('delivery receipt', { channel: receipt.channel, notice: fingerprint('nt', outcome.noticeId), outcome: outcome.kind });
  }
  if (skipped > 0) logger.warn('delivery log lines not understood; skipped', { skipped });
  logger.info('delivery receipts recorded', { receipts: receipts.length, outcomes });
  return { receipts: receipts.length, outcomes };
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());
