/**
 * `BENCH_ONLY=storm npm run bench`: issue 13's storm bars alone (bench/storm.ts), with the same
 * setup as bench/run.ts (DynamoDB Local, the SMS handler, SNS and SQS answered in-process), so
 * the storm can be iterated on in a few minutes rather than the whole bench's.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb-local';

const began = performance.now();
const progress = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

progress('starting DynamoDB Local');
const ddb = await startDynamoDbLocal();
const rows: { metric: string; value: string; baseline: string; ratio: number; target: string; ok: boolean }[] = [];
try {
  const tableName = 'bench';
  const client = localDynamoClient(ddb.endpoint);
  await createTable(client, tableName);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: ddb.endpoint,
    REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/bench/rejected-contacts',
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    LOG_TAG_KEY: 'bench-log-tag-key',
  });
  const clients = await import('../functions/shared/clients');
  const answerInProcess = () => async () => ({ output: { MessageId: 'bench', $metadata: {} }, response: {} }) as never;
  clients.sns.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
  clients.sqs.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
  const { handler } = await import('../functions/sms/handlers/inbound-sms');
  const { benchStorm, reportStorm } = await import('./storm');
  for (const [metric, value, baseline, unit, target, higherIsBetter] of reportStorm(await benchStorm(handler as never, doc, tableName, clients.dynamo, progress))) {
    const ratio = value / baseline;
    rows.push({
      metric,
      value: `${value.toFixed(unit === 'req' ? 3 : 1)} ${unit}`,
      baseline: `${baseline.toFixed(unit === 'req' ? 0 : 1)} ${unit}`,
      ratio: Number(ratio.toFixed(3)),
      target: target === undefined ? '(none named)' : `${higherIsBetter ? '>=' : '<='} ${target}`,
      ok: target === undefined ? true : higherIsBetter ? ratio >= target : ratio <= target,
    });
  }
} finally {
  await ddb.stop();
}
console.table(rows);
const missed = rows.filter((r) => !r.ok);
console.log(missed.length ? `${missed.length} target(s) missed: ${missed.map((r) => r.metric).join('; ')}` : 'all targets met');
