import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { documentClient, sns, sqs } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { fingerprint } from '../../shared/fingerprint';
import { logger } from '../../shared/logger';
import { connect, s3 } from '../../shared/outbound-clients';
import { SnsSmsSender } from '../../sms/adapters/sns-sms-sender';
import { ConnectVoiceCaller } from '../adapters/connect-voice-caller';
import { DynamoNoticeStore, DynamoOptOutLedger } from '../adapters/dynamo-notice-store';
import { S3UnreachableReporter } from '../adapters/s3-unreachable-reporter';
import { SqsDispatchQueue } from '../adapters/sqs-dispatch-queue';
import { readDispatcherConfig } from '../config';
import { dispatchNotice, type DispatchDeps } from '../dispatch';
import { noticeRenderer } from '../render';
import { TokenBucket } from '../token-bucket';

const config = readConfig();
const outbound = readDispatcherConfig();
const queue = new SqsDispatchQueue(sqs, outbound.dispatchQueueUrl);
/** Pacing per container: the stage's rate divided by the dispatcher's maximum concurrency (config.ts). */
const deps: DispatchDeps = {
  notices: new DynamoNoticeStore(documentClient, config.tableName),
  optOuts: new DynamoOptOutLedger(documentClient, config.tableName),
  sms: new SnsSmsSender(sns, config.smsOriginationNumber),
  voice: new ConnectVoiceCaller(connect, outbound.connect),
  unreachable: new S3UnreachableReporter(s3, sns, outbound.billingBucket, outbound.unreachableTopicArn),
  pacers: { sms: new TokenBucket(outbound.smsPartsPerSecond, Date.now, undefined, 20), voice: new TokenBucket(outbound.voiceCallsPerSecond, Date.now, undefined, 20) },
  text: noticeRenderer({ utilityName: outbound.utilityName }),
  quietHours: outbound.quietHours,
  now: () => new Date(),
  retryBackoffSeconds: outbound.retryBackoffSeconds,
  claimSeconds: 60,
};

const SqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });
const MessageSchema = z.object({ noticeId: z.string().check(z.minLength(1), z.maxLength(512)) });

/**
 * The dispatch queue's consumer: sends each notice (outbound/dispatch.ts)
 * and puts back the ones that must wait (quiet hours, backoff). A message
 * whose send threw is reported as a batch item failure, so SQS redelivers
 * it and, after maxReceiveCount, parks it in the dead-letter queue.
 */
export const handler = middy(async (event: unknown): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  const { Records } = SqsEventSchema.parse(event);
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of Records) {
    const message = MessageSchema.safeParse(safeJson(record.body));
    if (!message.success) {
      // Not retryable; the message leaves the queue, logged without its body.
      logger.error('dispatch message is not a notice id', { messageId: record.messageId });
      continue;
    }
    const { noticeId } = message.data;
    try {
      const outcome = await dispatchNotice(noticeId, deps);
      logger.info('notice dispatched', { notice: fingerprint('nt', noticeId), outcome: outcome.kind, ...('attempt' in outcome ? { attempt: outcome.attempt } : {}) });
      if ('retryAt' in outcome) await queue.requeue(noticeId, new Date(outcome.retryAt), new Date());
    } catch (error) {
      logger.error('notice dispatch failed; SQS will redeliver', { notice: fingerprint('nt', noticeId), error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}).use(injectLambdaContext(logger, { resetKeys: true }));

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
