/**
 * `npm run bench`: ratios against raw baselines measured in the same run on
 * the same machine.
 * - Issue 2: DynamoDB requests per SMS contact (target <= 2: one look-up, one
 *   transaction); median intake latency / the same raw DynamoDB operations
 *   (target <= 1.2); each function's bundle size and init time / a bundle of
 *   only the SDK clients it holds (target <= 1.15).
 * - Issue 3: the voice function's steps, median and p99, / their raw operations.
 * - Issue 5: outage fan-out throughput / raw BatchWriteItem (target >= 0.8), memory growth.
 * - Issue 10: classifyText median and p99 per message in-process / the SMS intake median (target < 0.01).
 * - Issue 5: dispatcher pacing (never above the rate in any 1 s window; >= 0.95 of it), billing file memory.
 * Sizes: BENCH_CONTACTS (400), BENCH_INIT_RUNS (25), BENCH_FANOUT_CUSTOMERS (100,000),
 * BENCH_DISPATCH_NOTICES (2,000), BENCH_DISPATCH_RATE (200), BENCH_DISPATCH_WORKERS (4), BENCH_BILLING_LINES (200,000).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTION_CATALOG, type CatalogEntry } from '../lib/function-catalog';
import { createTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { bundle, medianInitMs, sdkOnlyEntry } from './bundles';
import { compareWithRaw } from './intake';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 400);
const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 25);
const notes: string[] = [];
const began = performance.now();
const elapsed = () => {
  const seconds = Math.round((performance.now() - began) / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};
/** Says what the bench is doing now: the whole run takes minutes. */
const progress = (line: string) => console.log(`[${elapsed()}] ${line}`);
const rows: { metric: string; value: string; baseline: string; ratio: number; target: string; ok: boolean }[] = [];

/** One row; `target` undefined where the issue names no number (reported, not judged). */
function report(metric: string, value: number, baseline: number, unit: string, target?: number, higherIsBetter = false) {
  const ratio = value / baseline;
  rows.push({
    metric,
    value: `${value.toFixed(unit === 'req' ? 2 : 1)} ${unit}`,
    baseline: `${baseline.toFixed(unit === 'req' ? 0 : 1)} ${unit}`,
    ratio: Number(ratio.toFixed(3)),
    target: target === undefined ? '(none named)' : `${higherIsBetter ? '>=' : '<='} ${target}`,
    ok: target === undefined ? true : higherIsBetter ? ratio >= target : ratio <= target,
  });
  progress(`  ${metric}: ${ratio.toFixed(3)}${target === undefined ? '' : ` (target ${higherIsBetter ? '>=' : '<='} ${target})`}`);
}

mkdirSync('bench/.out', { recursive: true });
progress('starting DynamoDB Local');
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
    // The local provider of the log tag key (in AWS it is read from Secrets Manager, cached).
    LOG_TAG_KEY: 'bench-log-tag-key',
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
  progress('SMS intake against raw DynamoDB');
  // Warm both paths (connections, JIT) before measuring.
  await compareWithRaw(handler as never, doc, tableName, customers, 50, requests, 'warm');
  const intake = await compareWithRaw(handler as never, doc, tableName, customers, CONTACTS, requests, 'run');
  report('DynamoDB requests per SMS contact', intake.requestsPerContact, 2, 'req', 1);
  report('median SMS intake latency vs raw Query + TransactWrite', intake.handlerMedianMs, intake.rawMedianMs, 'ms', 1.2);

  progress('the classifier in-process');
  // Issue 10: the classifier in-process, per message, against the SMS intake median (target: under 1% of it).
  const { benchClassifier } = await import('./classifier');
  const classifier = benchClassifier(Math.max(CONTACTS * 10, 2_000));
  report('classifyText median per message vs SMS intake median', classifier.medianMs, intake.handlerMedianMs, 'ms', 0.01);
  report('classifyText p99 per message vs SMS intake median', classifier.p99Ms, intake.handlerMedianMs, 'ms', 0.01);

  progress("the voice function's steps");
  // Issue 3: the voice function's steps against the raw operations each needs (no target named).
  const { benchVoice } = await import('./voice');
  for (const step of await benchVoice(doc, tableName, customers, Math.min(CONTACTS, 200), requests)) {
    report(`voice ${step.step} median vs raw`, step.handlerMedianMs, step.rawMedianMs, 'ms');
    report(`voice ${step.step} p99 vs raw`, step.handlerP99Ms, step.rawP99Ms, 'ms');
    report(`voice ${step.step} DynamoDB requests per call vs raw`, step.requestsPerCall, step.rawRequestsPerCall, 'req');
  }

  progress('outage fan-out (BENCH_FANOUT_CUSTOMERS)');
  // Issue 5: outage fan-out (BENCH_FANOUT_CUSTOMERS, default 100,000) against raw BatchWriteItem of the same items.
  const { benchFanout } = await import('./fanout');
  const fanout = await benchFanout(doc, tableName);
  report('outage fan-out: planning vs raw BatchWriteItem throughput', fanout.plannedPerSecond, fanout.rawPerSecond, 'items/s', 0.8, true);
  notes.push(`fan-out memory growth from 10% to 100% of the customers: RSS ${fanout.rssGrowthMb.toFixed(1)} MB, heap ${fanout.heapGrowthMb.toFixed(1)} MB (target: flat)`);

  progress('dispatcher pacing, then the billing file (BENCH_BILLING_LINES)');
  // Issue 5: dispatcher pacing at a configured rate, and a billing file with flat memory.
  const { benchDispatch } = await import('./dispatch');
  const dispatch = await benchDispatch(doc, tableName);
  report('dispatcher: most parts in any 1 s window vs configured rate', dispatch.maxInAnyOneSecondWindow, dispatch.rate, 'parts', 1);
  report('dispatcher: achieved fraction of the configured rate', dispatch.achievedFraction, 1, 'x', 0.95, true);
  notes.push(`dispatcher: ${dispatch.notices} notices, ${dispatch.parts} parts over ${dispatch.workers} containers at ${dispatch.rate} parts/s in ${dispatch.seconds.toFixed(1)} s`);
  progress(`  dispatcher done; billing file next`);
  const { benchBillingFile } = await import('./billing-file');
  const billing = await benchBillingFile(doc, tableName);
  notes.push(`billing file: ${billing.lines} lines (${billing.accepted} accepted, ${billing.rejected} rejected) in ${billing.seconds.toFixed(1)} s; memory growth from 10% to 100%: RSS ${billing.rssGrowthMb.toFixed(1)} MB, heap ${billing.heapGrowthMb.toFixed(1)} MB (target: flat)`);

  // What the stacks set for the functions, with placeholder values: init must not depend on them being real.
  const initEnv = {
    TABLE_NAME: tableName,
    REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/rejected',
    PLANNER_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/planner',
    DISPATCH_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/dispatch',
    UNREACHABLE_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:111122223333:unreachable',
    BILLING_BUCKET: 'billing',
    MAIL_BUCKET: 'mail',
    EMAIL_FROM_ADDRESS: 'service@example.com',
    CONNECT_INSTANCE_ID: '00000000-0000-0000-0000-000000000000',
    CONNECT_CONTACT_FLOW_ID: '00000000-0000-0000-0000-000000000001',
    CONNECT_OUTBOUND_FLOW_ID: '00000000-0000-0000-0000-000000000002',
    CONNECT_SOURCE_NUMBER: '+8657195598',
    ACCESS_USER_POOL_ID: 'ap-southeast-1_bench0001',
    ACCESS_CLIENT_ID: 'bench-ops-console',
    CLOCK_SCHEDULE_GROUP: 'hotline-bench-clocks',
    SLA_WATCH_QUEUE_ARN: 'arn:aws:sqs:ap-southeast-1:111122223333:sla-watch',
    SLA_WATCH_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/sla-watch',
    CLOCK_SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/clock-scheduler',
    AWS_REGION: 'ap-southeast-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  progress("each function's bundle and init against its SDK clients");
  for (const fn of Object.values(FUNCTION_CATALOG) as CatalogEntry[]) {
    const file = join(work, `${fn.name}.mjs`);
    const built = await bundle(resolve(fn.entry), file);
    const baselineFile = join(work, `${fn.name}.sdk-only.mjs`);
    const baseline = await bundle(sdkOnlyEntry(work, fn.name, built.sdkPackages), baselineFile);
    report(`${fn.name} bundle size vs its SDK clients only`, built.size / 1024, baseline.size / 1024, 'KiB', 1.15);
    const [fnInit, baselineInit] = medianInitMs([file, baselineFile], INIT_RUNS, initEnv);
    report(`${fn.name} init time vs its SDK clients only`, fnInit!, baselineInit!, 'ms', 1.15);
  }
} finally {
  await ddb.stop();
  rmSync(work, { recursive: true, force: true });
}

console.log(`\nhotline bench: ${CONTACTS} SMS contacts against DynamoDB Local; init = median of ${INIT_RUNS} cold imports; total ${elapsed()}\n`);
console.table(rows);
for (const note of notes) console.log(note);
const missed = rows.filter((r) => !r.ok);
console.log(missed.length ? `${missed.length} target(s) missed: ${missed.map((r) => r.metric).join('; ')}` : 'all targets met');
