import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import * as z from 'zod/mini';
import { documentClient, sns, sqs } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { fingerprint } from '../../shared/fingerprint';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { connect, s3 } from '../../shared/outbound-clients';
import { SnsSmsSender } from '../../sms/adapters/sns-sms-sender';
import { ConnectVoiceCaller } from '../adapters/connect-voice-caller';
import { DynamoNoticeStore, DynamoOptOutLedger } from '../adapters/dynamo-notice-store';
import { S3UnreachableReporter } from '../adapters/s3-unreachable-reporter';
import { SqsDispatchQueue } from '../adapters/sqs-dispatch-queue';
import { PROVIDER_MARGIN_MS, readDispatcherConfig } from '../config';
import { DISPATCH_CLAIM_AHEAD, dispatchLaneBatch, takePriorityLane, type BatchDeps, type MessageResult } from '../dispatch-batch';
import { NoticeNotDispatchedError } from '../errors';
import type { DispatchDeps } from '../dispatch';
import { noticeRenderer } from '../render';
import { monotonicClock, TokenBucket } from '../token-bucket';
import { now } from '../../shared/time';

const config = readConfig();
const outbound = readDispatcherConfig();
const queue = new SqsDispatchQueue(sqs, outbound.dispatchQueueUrls);
/** Priority work stops while this much of the invocation is left, for its own batch of ten (paced) notices. */
const RESERVE_MS = 30_000;
/** Pacing per container: the stage's rate divided by the dispatcher's maximum concurrency (config.ts). */
const dispatchDeps: DispatchDeps = {
  notices: new DynamoNoticeStore(documentClient, config.tableName),
  optOuts: new DynamoOptOutLedger(documentClient, config.tableName),
  sms: new SnsSmsSender(sns, config.smsOriginationNumber),
  voice: new ConnectVoiceCaller(connect, outbound.connect),
  unreachable: new S3UnreachableReporter(s3, outbound.billingBucket),
  pacers: { sms: new TokenBucket(outbound.smsPartsPerSecond, monotonicClock, undefined, PROVIDER_MARGIN_MS), voice: new TokenBucket(outbound.voiceCallsPerSecond, monotonicClock, undefined, PROVIDER_MARGIN_MS) },
  text: noticeRenderer({ utilityName: outbound.utilityName }),
  quietHours: outbound.quietHours,
  now,
  retryBackoffSeconds: outbound.retryBackoffSeconds,
  claimSeconds: 60,
};

/** The SQS event, the parts read here. Hand-rolled: Powertools' parser `SqsEnvelope` needs the full `zod` (~456 KB minified against ~15 KB for zod/mini; bench/run.ts allows 1.15x). */
const SqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });
const processor = new BatchProcessor(EventType.SQS);

function logResult(result: MessageResult): void {
  if (result.kind === 'malformed') logger.error('dispatch message is not a notice id; dropped', { lane: result.lane });
  else if (result.kind === 'failed') logger.error('notice dispatch failed; SQS will redeliver', { lane: result.lane, notice: fingerprint('nt', result.noticeId), error: result.error });
  else if (result.kind === 'dispatched') {
    const { outcome } = result;
    logger.info('notice dispatched', { lane: result.lane, notice: fingerprint('nt', result.noticeId), outcome: outcome.kind, ...('attempt' in outcome ? { attempt: outcome.attempt } : {}) });
  }
}

/**
 * The bulk dispatch queue's consumer (outbound/dispatch-batch.ts): takes the
 * priority queue empty first, then sends its own notices, and puts back the
 * ones that must wait (quiet hours, backoff). A message whose send threw is
 * reported as a batch item failure (Powertools' batch processor), so SQS
 * redelivers it and, after maxReceiveCount, parks it in the dead-letter queue.
 */
export const handler = middy(async (event: unknown, context: Context): Promise<SQSBatchResponse> => {
  const { Records: records } = SqsEventSchema.parse(event);
  const deps: BatchDeps = { dispatch: dispatchDeps, lanes: queue, remainingMs: () => context.getRemainingTimeInMillis(), reserveMs: RESERVE_MS, claimAhead: DISPATCH_CLAIM_AHEAD };
  for (const result of await takePriorityLane(deps)) logResult(result);
  // Sent in the order queued, claims overlapping the pacing; Powertools then reports the failed ones, by message id.
  const results = await dispatchLaneBatch(records.map((record) => ({ id: record.messageId, body: record.body })), 'bulk', deps);
  const resultOf = new Map(records.map((record, n) => [record.messageId, results[n] as MessageResult]));
  const reportOne = async (record: SQSRecord): Promise<void> => {
    const result = resultOf.get(record.messageId) as MessageResult;
    logResult(result);
    if (result.kind === 'failed') throw new NoticeNotDispatchedError(result.error);
  };
  // All failing is still a partial response (not FullBatchFailureError): the same redelivery, and the failures are logged above.
  return processPartialResponse(event as SQSEvent, reportOne, processor, { context, throwOnFullBatchFailure: false });
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());
