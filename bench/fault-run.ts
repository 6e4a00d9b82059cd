/**
 * Issue 13, "Fault run": SMS contacts through sms-inbound as Lambda runs them
 * asynchronously (two retries, then the DLQ) while a share of DynamoDB calls
 * fail (throttling, transaction conflicts, timeouts, answers lost after the
 * write), then DynamoDB recovers and the replay brings back what was kept.
 * Every contact must be accounted for (a ticket, or still kept) and none
 * twice. Sizes: BENCH_FAULT_CONTACTS (500), BENCH_FAULT_RATE (0.1),
 * BENCH_FAULT_IN_FLIGHT (25).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import * as keys from '../functions/shared/keys';
import { seededRandom } from '../functions/shared/prng';
import { AsyncInvocations } from '../local/async-invocations';
import { injectDynamoFaults, type DynamoFault } from '../local/fault-injection';
import { answerLocally } from '../local/outbox';
import { replayKept, type ReplayItem } from '../replay/replay';
import { snsSmsEvent } from './intake';
import { answerSnsAndSqsInProcess } from './short-circuit';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface FaultRunResult {
  readonly contacts: number;
  readonly dynamoCalls: number;
  readonly injected: Readonly<Record<DynamoFault, number>>;
  readonly lambdaRetries: number;
  readonly keptBeforeReplay: number;
  readonly replayed: number;
  readonly replayFailed: number;
  /** Contacts with exactly one ticket after the replay. */
  readonly accounted: number;
  /** Contacts with more than one ticket. */
  readonly duplicated: number;
  readonly lost: number;
  readonly seconds: number;
}

const FAULTS: readonly DynamoFault[] = ['throttle', 'conflict', 'timeout', 'lost_answer'];

/**
 * @example
 * const fault = await benchFaultRun(handler, doc, tableName, clients, progress);
 */
export async function benchFaultRun(
  handler: Handler,
  doc: DynamoDBDocumentClient,
  tableName: string,
  clients: { dynamo: DynamoDBClient; sns: SNSClient; sqs: SQSClient },
  progress: (line: string) => void,
): Promise<FaultRunResult> {
  const contacts = Number(process.env.BENCH_FAULT_CONTACTS ?? 500);
  const rate = Number(process.env.BENCH_FAULT_RATE ?? 0.1);
  const inFlight = Number(process.env.BENCH_FAULT_IN_FLIGHT ?? 25);
  const began = performance.now();
  const runId = Date.now().toString(36);
  const phoneOf = (i: number) => `+86138${String(i).padStart(8, '0')}`;

  // What the handlers keep (replies SNS refused, none here; rejections) is captured ahead of the bench's short-circuit.
  const kept: ReplayItem[] = [];
  answerLocally(clients.sqs, 'faultRunKeep', (command, input) => {
    if (command !== 'SendMessageCommand') return undefined;
    kept.push({ id: `sqs-${kept.length}`, message: { body: String(input.MessageBody ?? '') } });
    return { MessageId: `kept-${kept.length}` };
  });

  const random = seededRandom(13);
  const faults = injectDynamoFaults(clients.dynamo, () => (random() < rate ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined));
  const dlq: ReplayItem[] = [];
  const invocations = new AsyncInvocations({
    run: async (_name, event) => {
      await handler(event, {});
      return { ok: true };
    },
    keep: (failed) => dlq.push({ id: failed.requestId, message: { body: JSON.stringify(failed.event), functionName: failed.functionName } }),
    // Lambda waits minutes; the bench measures outcomes, not waits.
    retryDelaysMs: [0, 0],
  });
  try {
    for (let i = 0; i < contacts; i += inFlight) {
      for (let j = i; j < Math.min(contacts, i + inFlight); j++) {
        invocations.accept('sms-inbound', snsSmsEvent(phoneOf(j), j % 2 ? '我要投诉营业厅服务态度' : 'How much is my bill this month?', `fault-${runId}-${j}`), `req-${j}`);
      }
      await invocations.settled();
      if ((i / inFlight) % 10 === 0) progress(`  fault run: ${Math.min(contacts, i + inFlight)}/${contacts} contacts sent, ${invocations.totals.kept} kept so far`);
    }
  } finally {
    faults.remove();
  }
  const keptBeforeReplay = dlq.length + kept.length;
  progress(`  fault run: ${faults.injected.throttle + faults.injected.conflict + faults.injected.timeout + faults.injected.lost_answer} of ${faults.calls} DynamoDB calls failed; ${keptBeforeReplay} contacts kept; replaying`);
  const report = await replayKept([...dlq, ...kept], {
    invoke: async (_name, event) => ({ ok: true, result: await handler(event, {}) }),
    // Replies go through the bench's SNS short-circuit.
    sendSms: async () => {},
    sendEmail: async () => {},
  });
  clients.sqs.middlewareStack.remove('faultRunKeep');

  progress('  fault run: counting tickets per contact');
  let accounted = 0;
  let duplicated = 0;
  let lost = 0;
  for (let i = 0; i < contacts; i++) {
    const { Count = 0 } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :c AND begins_with(gsi1sk, :t)',
        ExpressionAttributeValues: { ':c': keys.ticketsByCustomer(phoneOf(i), '').gsi1pk, ':t': keys.ticketsByCustomer(phoneOf(i), '').gsi1sk },
        Select: 'COUNT',
      }),
    );
    if (Count === 1) accounted += 1;
    else if (Count > 1) duplicated += 1;
    else lost += 1;
  }
  return {
    contacts,
    dynamoCalls: faults.calls,
    injected: { ...faults.injected },
    lambdaRetries: invocations.totals.retried,
    keptBeforeReplay,
    replayed: report.replayed,
    replayFailed: report.failed,
    accounted,
    duplicated,
    lost,
    seconds: (performance.now() - began) / 1000,
  };
}

/** `npx tsx bench/fault-run.ts`: this section alone, on its own DynamoDB Local (the full bench takes many minutes). */
if (process.argv[1]?.endsWith('fault-run.ts')) {
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { createTable, localDynamoClient, startDynamoDbLocal } = await import('../local/dynamodb-local');
  const ddb = await startDynamoDbLocal();
  try {
    const client = localDynamoClient(ddb.endpoint);
    await createTable(client, 'bench-faults');
    Object.assign(process.env, {
      TABLE_NAME: 'bench-faults',
      DYNAMODB_ENDPOINT: ddb.endpoint,
      REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/bench/rejected-contacts',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      LOG_TAG_KEY: 'bench-log-tag-key',
    });
    const clients = await import('../functions/shared/clients');
    answerSnsAndSqsInProcess(clients);
    const { handler } = await import('../functions/sms/handlers/inbound-sms');
    const doc = DynamoDBDocumentClient.from(client);
    console.table(await benchFaultRun(handler as never, doc, 'bench-faults', clients, (line) => console.log(line)));
  } finally {
    await ddb.stop();
  }
}
