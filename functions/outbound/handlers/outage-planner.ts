import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import * as z from 'zod/mini';
import { OutageReader } from '../../outages/adapters/outage-reader';
import { readOutboundPlanningConfig } from '../../outages/config';
import { documentClient } from '../../shared/clients';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { PlannerRepository } from '../adapters/planner-repository';
import { OutboundError } from '../errors';
import { planOutageNotices, type PlannerDeps } from '../planner-job';
import { now } from '../../shared/time';

const config = readOutboundPlanningConfig();
const repository = new PlannerRepository(documentClient, config.tableName);
const deps: PlannerDeps = {
  outages: new OutageReader(documentClient, config.tableName),
  directory: repository,
  optOuts: repository,
  notices: repository,
  progress: repository,
  now,
  timeZone: config.timeZone,
};

/** The SQS event, the parts read here. Hand-rolled: Powertools' parser `SqsEnvelope` needs the full `zod` (~456 KB minified against ~15 KB for zod/mini; bench/run.ts allows 1.15x). */
const SqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });
const PlanningJobSchema = z.object({
  outageId: z.string().check(z.minLength(1)),
  plan: z.enum(['initial', 'etr_changed', 'restored']),
  revision: z.number().check(z.int(), z.nonnegative()),
});
/** Jobs one after another: each writes with 16 requests in flight already. */
const processor = new BatchProcessor(EventType.SQS);

async function planJob(record: SQSRecord): Promise<void> {
  let job;
  try {
    job = PlanningJobSchema.parse(JSON.parse(record.body));
  } catch (error) {
    logger.error('malformed planning job; left for the dead-letter queue', { messageId: record.messageId, error: (error as Error).name });
    throw error;
  }
  try {
    const outcome = await planOutageNotices(job, deps);
    logger.info('outage notices planned', { messageId: record.messageId, outageId: job.outageId, plan: job.plan, revision: job.revision, status: outcome.status, ...('progress' in outcome ? { written: outcome.progress.written, suppressed: outcome.progress.suppressed, skipped: outcome.progress.skipped } : {}) });
  } catch (error) {
    // Only the planner's own messages (template and parameter names, cancellation codes): an SDK's can quote a key, and keys hold phone and account numbers.
    logger.error('planning job failed; SQS will redeliver it', { messageId: record.messageId, outageId: job.outageId, plan: job.plan, error: (error as Error).name, ...(error instanceof OutboundError ? { reason: error.message } : {}) });
    throw error;
  }
}

/**
 * Planning jobs from the planner queue, one at a time (batch size 1 in the
 * stack). A failed job is reported back to SQS as a batch item failure
 * (Powertools' batch processor) and redelivered; it resumes from its saved
 * cursor. A malformed message fails too, so after maxReceiveCount it rests in
 * the dead-letter queue with its raw body.
 */
export const handler = middy(async (event: unknown, context: Context): Promise<SQSBatchResponse> => {
  SqsEventSchema.parse(event);
  // A batch of one that fails is still answered as a partial response, so the message alone is redelivered.
  return processPartialResponse(event as SQSEvent, planJob, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());
