import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { documentClient } from '../../shared/clients';
import { injectLambdaContext, logger } from '../../shared/logger';
import { now } from '../../shared/time';
import { clusterReportOf, DynamoClusterStore } from '../adapters/dynamo-clusters';
import { watchClusters, type ClusterWatchSummary } from '../cluster-watch';
import { suspicionSettings, type ClusterReport } from '../suspicion';

const env = z.object({ TABLE_NAME: z.string() }).parse(process.env);
const deps = { store: new DynamoClusterStore(documentClient, env.TABLE_NAME), settings: suspicionSettings(process.env), now };

/** The table stream event (images as DynamoDB JSON). Hand-rolled for zod/mini, as notice-relay's. */
const StreamEventSchema = z.object({
  Records: z.array(z.object({ eventName: z.string(), dynamodb: z.object({ NewImage: z.optional(z.record(z.string(), z.unknown())) }) })),
});

/** New cluster reports in a stream batch (INSERT only: a redelivered contact rewrites its item, which is a MODIFY). */
export function clusterReportsIn(event: unknown): ClusterReport[] {
  const { Records } = StreamEventSchema.parse(event);
  return Records.flatMap((record) => {
    if (record.eventName !== 'INSERT' || !record.dynamodb.NewImage) return [];
    const item = unmarshall(record.dynamodb.NewImage as Parameters<typeof unmarshall>[0]);
    return typeof item.pk === 'string' && item.pk.startsWith('CLUSTER#') ? [clusterReportOf(item)] : [];
  });
}

/**
 * The cluster watch (issue 13): from the table stream (filtered to `CLUSTER#`
 * inserts), off intake's path, it opens suspected outages and attaches their
 * reports (outages/cluster-watch.ts). A failure throws and the batch is
 * retried; opening and attaching are conditional, so a retry adds nothing twice.
 */
export const handler = middy(async (event: unknown): Promise<ClusterWatchSummary> => {
  const summary = await watchClusters(clusterReportsIn(event), deps);
  logger.info('clusters watched', { opened: summary.opened, attached: summary.attached, alreadyAttached: summary.alreadyAttached, individual: summary.individual });
  return summary;
}).use(injectLambdaContext(logger));
