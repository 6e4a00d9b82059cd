import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { OutageRepository } from '../../outages/adapters/outage-repository';
import { readOutboundPlanningConfig } from '../../outages/config';
import { documentClient } from '../../shared/clients';
import { logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { PlannerRepository } from '../adapters/planner-repository';
import { planOutageNotices, type PlannerDeps } from '../planner-job';

const config = readOutboundPlanningConfig();
const repository = new PlannerRepository(documentClient, config.tableName);
const deps: PlannerDeps = {
  outages: new OutageRepository(documentClient, config.tableName),
  directory: repository,
  optOuts: repository,
  notices: repository,
  progress: repository,
  now: () => new Date(),
  timeZone: config.timeZone,
};

const SqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });
const PlanningJobSchema = z.object({
  outageId: z.string().check(z.minLength(1)),
  plan: z.enum(['initial', 'etr_changed', 'restored']),
  revision: z.number().check(z.int(), z.nonnegative()),
});

/**
 * Planning jobs from the planner queue, one at a time (batch size 1 in the
 * stack). A failed job is reported back to SQS and redelivered; it resumes
 * from its saved cursor. A malformed message fails too, so after
 * maxReceiveCount it rests in the dead-letter queue with its raw body.
 */
export const handler = middy(async (event: unknown): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  const records = SqsEventSchema.parse(event).Records;
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    let job;
    try {
      job = PlanningJobSchema.parse(JSON.parse(record.body));
    } catch (error) {
      logger.error('malformed planning job; left for the dead-letter queue', { messageId: record.messageId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const outcome = await planOutageNotices(job, deps);
      logger.info('outage notices planned', { messageId: record.messageId, outageId: job.outageId, plan: job.plan, revision: job.revision, status: outcome.status, ...('progress' in outcome ? { written: outcome.progress.written, suppressed: outcome.progress.suppressed, skipped: outcome.progress.skipped } : {}) });
    } catch (error) {
      logger.error('planning job failed; SQS will redeliver it', { messageId: record.messageId, outageId: job.outageId, plan: job.plan, error: (error as Error).name, reason: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logTagKey());
