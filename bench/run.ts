/**
 * `npm run bench`: the skeleton's three ratios, each against a raw baseline
 * measured in the same run on the same machine (issue 2):
 * 1. DynamoDB requests per SMS contact (target <= 2: one look-up, one transaction);
 * 2. median intake latency / median of the same raw DynamoDB operations (target <= 1.2);
 * 3. each function's bundle size and init time / a bundle of only its SDK clients (target <= 1.15).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTION_CATALOG } from '../lib/function-catalog';
import { createTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { bundle, medianInitMs, sdkOnlyBundle } from './bundles';
import { compareWithRaw } from './intake';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 400);
const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 25);
const rows: { metric: string; value: string; baseline: string; ratio: number; target: string; ok: boolean }[] = [];

function report(metric: string, value: number, baseline: number, unit: string, target: number, higherIsBetter = false) {
  const ratio = value / baseline;
  rows.push({
    metric,
    value: `${value.toFixed(unit === 'req' ? 2 : 1)} ${unit}`,
    baseline: `${baseline.toFixed(unit === 'req' ? 0 : 1)} ${unit}`,
    ratio: Number(ratio.toFixed(3)),
    target: `${higherIsBetter ? '>=' : '<='} ${target}`,
    ok: higherIsBetter ? ratio >= target : ratio <= target,
  });
}

mkdirSync('bench/.out', { recursive: true });
const ddb = await startDynamoDbLocal();
// Inside the project so the baseline resolves the same node_modules (git-ignored).
const work = mkdtempSync(resolve('bench/.out/run-'));
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
    // Info lines to a terminal would measure the terminal; Lambda ships them asynchronously.
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  const { syntheticCustomers } = await import('../functions/customers/synthetic');
  const { CustomerRepository } = await import('../functions/customers/adapters/customer-repository');
  const clients = await import('../functions/shared/clients');
  const customers = syntheticCustomers(300);
  await new CustomerRepository(doc, tableName).saveCustomers(customers);

  // SNS and SQS cannot run here: answer them in-process, as the local outbox does, so only intake is timed.
  const answerInProcess = () => async () => ({ output: { MessageId: 'bench', $metadata: {} }, response: {} }) as never;
  clients.sns.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
  clients.sqs.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
  const requests = { count: 0 };
  clients.dynamo.middlewareStack.add((next) => async (args) => {
    requests.count++;
    return next(args);
  }, { step: 'initialize', name: 'benchRequestCounter' });

  const { handler } = await import('../functions/sms/handlers/inbound-sms');
  // Warm both paths (connections, JIT) before measuring.
  await compareWithRaw(handler as never, doc, tableName, customers, 50, requests, 'warm');
  const intake = await compareWithRaw(handler as never, doc, tableName, customers, CONTACTS, requests, 'run');
  report('DynamoDB requests per SMS contact', intake.requestsPerContact, 2, 'req', 1);
  report('median SMS intake latency vs raw Query + TransactWrite', intake.handlerMedianMs, intake.rawMedianMs, 'ms', 1.2);

  const initEnv = { TABLE_NAME: tableName, REJECTED_CONTACTS_QUEUE_URL: 'x', AWS_REGION: 'ap-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const baselineFile = join(work, 'sdk-only.mjs');
  const baselineSize = await bundle(await sdkOnlyBundle(work), baselineFile);
  for (const fn of Object.values(FUNCTION_CATALOG)) {
    const file = join(work, `${fn.name}.mjs`);
    const size = await bundle(resolve(fn.entry), file);
    report(`${fn.name} bundle size vs SDK clients only`, size / 1024, baselineSize / 1024, 'KiB', 1.15);
    const [fnInit, baselineInit] = medianInitMs([file, baselineFile], INIT_RUNS, initEnv);
    report(`${fn.name} init time vs SDK clients only`, fnInit!, baselineInit!, 'ms', 1.15);
  }
} finally {
  await ddb.stop();
  rmSync(work, { recursive: true, force: true });
}

console.log(`\nhotline bench: ${CONTACTS} SMS contacts against DynamoDB Local; init = median of ${INIT_RUNS} cold imports\n`);
console.table(rows);
const missed = rows.filter((r) => !r.ok);
console.log(missed.length ? `${missed.length} target(s) missed: ${missed.map((r) => r.metric).join('; ')}` : 'all targets met');
