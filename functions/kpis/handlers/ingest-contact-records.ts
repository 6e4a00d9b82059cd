import middy from '@middy/core';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import * as z from 'zod/mini';
import { documentClient } from '../../shared/clients';
import { type EmfMetric, publishEmf } from '../../shared/emf';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { DynamoKpiRepository } from '../adapters/dynamo-kpi-repository';
import { RecordAfterFailureError } from '../errors';
import { ingestContactRecord } from '../ingest';
import type { IntervalCounts } from '../kpi';
import { ContactRecordSchema, KinesisEventSchema } from '../schemas';

/** CloudWatch namespace of the call indicators (the dashboard and alarms in lib/telephony-stack.ts read it). */
export const KPI_NAMESPACE = 'Hotline/Calls';

const tableName = process.env.TABLE_NAME ?? '';
const repository = new DynamoKpiRepository(documentClient, tableName);
/** The metrics' one dimension, as Powertools Metrics named it from its service name (the dashboard selects on it). */
const KPI_DIMENSIONS = { service: 'kpi-ingest' };

const METRIC_OF: Record<keyof IntervalCounts, [string, NonNullable<EmfMetric['unit']>]> = {
  inbound: ['Inbound', 'Count'],
  offered: ['Offered', 'Count'],
  answered: ['Answered', 'Count'],
  abandoned: ['Abandoned', 'Count'],
  answeredWithinThreshold: ['AnsweredWithin12s', 'Count'],
  queueWaitSeconds: ['QueueWaitSeconds', 'Seconds'],
  talkSeconds: ['TalkSeconds', 'Seconds'],
  afterCallWorkSeconds: ['AfterCallWorkSeconds', 'Seconds'],
  transferred: ['Transferred', 'Count'],
  ivrDeflected: ['IvrDeflected', 'Count'],
  repeatContacts: ['RepeatContacts', 'Count'],
};

/** In stream order, one record after another: a repeat caller is told from the records before it. */
const processor = new BatchProcessor(EventType.KinesisDataStreams);

/**
 * `kpi-ingest`: contact records from the instance's Kinesis stream into
 * per-interval aggregates (DynamoDB) and CloudWatch metrics (EMF). A record
 * that is not a contact record is logged and skipped (retrying cannot fix
 * it); a DynamoDB failure makes that record a batch item failure
 * (Powertools' batch processor), and the records after it are not tried but
 * reported too, so Lambda retries from the failed one in stream order. The
 * counted records' metrics go out as one EMF line when the batch is done,
 * each record's counts a sample, as Powertools Metrics printed them.
 */
export const handler = middy(async (event: unknown, context: Context): Promise<KinesisStreamBatchResponse> => {
  KinesisEventSchema.parse(event);
  let failed = false;
  const samples: Partial<Record<keyof IntervalCounts, number[]>> = {};
  const countRecord = async (record: KinesisStreamRecord): Promise<void> => {
    if (failed) throw new RecordAfterFailureError(record.kinesis.sequenceNumber);
    let parsed;
    try {
      parsed = ContactRecordSchema.safeParse(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      logger.warn('skipped a Kinesis record that is not a contact record', { eventID: record.eventID, problem: parsed ? z.prettifyError(parsed.error) : 'not JSON' });
      return;
    }
    try {
      const { counted, counts } = await ingestContactRecord(parsed.data, repository, undefined, process.env.TIME_ZONE ?? 'Asia/Shanghai');
      if (counted && counts) {
        for (const [name, value] of Object.entries(counts) as [keyof IntervalCounts, number][]) (samples[name] ??= []).push(value);
      }
    } catch (error) {
      failed = true;
      logger.error('contact record not counted; Lambda will retry', { contactId: parsed.data.ContactId, error: (error as Error).name });
      throw error;
    }
  };
  try {
    return await processPartialResponse(event as KinesisStreamEvent, countRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
  } finally {
    publishEmf(KPI_NAMESPACE, KPI_DIMENSIONS, (Object.entries(samples) as [keyof IntervalCounts, number[]][]).map(([name, values]) => ({ name: METRIC_OF[name][0], unit: METRIC_OF[name][1], value: values })));
  }
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());
