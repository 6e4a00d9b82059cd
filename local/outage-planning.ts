/**
 * The outage API and the notice planner in the local runtime (issue 5):
 * `/outages...` over HTTP becomes the API Gateway proxy event `outage-api`
 * receives in AWS, and an SQS SendMessage to the planner queue runs
 * `outage-planner` in-process before the send returns (so the answer to a
 * declaration comes after its notices are in the table: fine for a few
 * thousand local customers). `GET /notices?source=outage:<id>` lists the
 * notices planned, until the dispatcher sends them locally.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { answerThroughApiGateway } from './api-gateway';
import { lambdaContext } from './lambda-context';
import { answerLocally } from './outbox';
import { sendJson } from './http';
import { keysOf, type LocalStreamConsumer } from './table-stream';

export const LOCAL_PLANNER_QUEUE_URL = 'http://localhost/queue/outage-planner';
/** The local stand-in for IAM on the outage API: send it as `x-api-key`. */
export const LOCAL_OUTAGE_API_KEY = 'local-outage-api-key';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** The outbound functions' queues, bucket and topic, with local names the runtime answers itself (local/outbound.ts). */
export const LOCAL_OUTBOUND_RESOURCES = {
  DISPATCH_QUEUE_URL: 'http://localhost/queue/dispatch',
  PRIORITY_DISPATCH_QUEUE_URL: 'http://localhost/queue/dispatch-priority',
  BILLING_BUCKET: 'local-billing',
  UNREACHABLE_TOPIC_ARN: 'arn:aws:sns:local:000000000000:unreachable',
} as const;

/** The variables lib/outbound-stack.ts sets, with local values (added to the runtime's function environment). */
export function outboundEnvironment(): Record<string, string> {
  return {
    ...LOCAL_OUTBOUND_RESOURCES,
    PLANNER_QUEUE_URL: LOCAL_PLANNER_QUEUE_URL,
    OUTAGE_API_KEY: process.env.OUTAGE_API_KEY ?? LOCAL_OUTAGE_API_KEY,
    ETR_CHANGE_THRESHOLD_MINUTES: process.env.ETR_CHANGE_THRESHOLD_MINUTES ?? '30',
    // Issue 13: a suspected outage becomes visible to intake within 2 s locally (15 s in AWS), so a try-out needs no waiting.
    ACTIVE_OUTAGE_CACHE_SECONDS: process.env.ACTIVE_OUTAGE_CACHE_SECONDS ?? '2',
  };
}

/**
 * Answers SendMessage to the planner queue by running the planner on that
 * message; other queues fall through to the outbox middleware.
 */
export function attachLocalPlannerQueue(sqs: SQSClient): void {
  answerLocally(sqs, 'localPlannerQueue', async (command, input) => {
    if (command !== 'SendMessageCommand' || input.QueueUrl !== LOCAL_PLANNER_QUEUE_URL) return undefined;
    const body = String(input.MessageBody ?? '');
    const messageId = createHash('sha256').update(`${Date.now()}#${body}`).digest('hex').slice(0, 32);
    const { handler } = (await import('../functions/outbound/handlers/outage-planner')) as { handler: Handler };
    const result = (await handler({ Records: [{ messageId, body, eventSource: 'aws:sqs' }] }, lambdaContext('outage-planner', messageId))) as { batchItemFailures: unknown[] };
    if (result.batchItemFailures.length > 0) throw new Error(`outage-planner failed on ${body}; see its log lines`);
    return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
  });
}

/** True when the request was an outbound route and has been answered. */
export async function routeOutbound(req: IncomingMessage, res: ServerResponse, url: URL, doc: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  if (url.pathname === '/notices' && req.method === 'GET') {
    const source = /^(outage|billing):(.+)$/.exec(url.searchParams.get('source') ?? '');
    if (!source) {
      sendJson(res, 400, { message: 'source=outage:<id> (or billing:<id>) is required' });
      return true;
    }
    const { OutboxReader } = await import('../functions/outbound/adapters/outbox-reader');
    const notices = await new OutboxReader(doc, tableName).noticesOfSource(source[1] as 'outage' | 'billing', source[2] as string);
    sendJson(res, 200, { notices: notices.sort((a, b) => a.noticeId.localeCompare(b.noticeId)) });
    return true;
  }
  if (!/^\/outages(\/|$)/.test(url.pathname) && url.pathname !== '/storm-mode') return false;
  const { handler } = await import('../functions/outages/handlers/outage-api');
  await answerThroughApiGateway(req, res, url, handler, 'outage-api');
  return true;
}


/**
 * Suspected outages (issue 13): `cluster-watch` on the table stream, filtered
 * as the outbound stack filters it: inserted cluster reports (`CLUSTER#...`).
 */
export const clusterWatchConsumer: LocalStreamConsumer = {
  name: 'cluster-watch',
  wants: (record) => record.eventName === 'INSERT' && keysOf(record).pk.startsWith('CLUSTER#'),
  handler: async () => ((await import('../functions/outages/handlers/cluster-watch')) as { handler: (event: unknown, context: Context) => Promise<unknown> }).handler,
};
