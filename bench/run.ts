/**
 * `npm run bench`: ratios against raw baselines measured in the same run on
 * the same machine; progress lines as it goes and the total time at the end.
 * - Issue 2: DynamoDB requests per SMS contact (target <= 2: one look-up, one
 *   transaction); median intake latency / the same raw DynamoDB operations
 *   (target <= 1.2).
 * - Issue 3: the voice function's steps, median and p99, / their raw operations.
 * - Issue 10: classifyText median and p99 per message in-process / the SMS intake median (target < 0.01).
 * - Issue 13: the storm bars (bench/storm.ts): one suspected outage, all attached, throughput / raw (>= 0.8), requests per report (<= 2).
 * - Issue 13: fault run (bench/fault-run.ts): every contact accounted for after replay, 0 duplicated.
 * - Issue 14 (bars):
 *   - outage fan-out / raw BatchWriteItem of the same items at the same parallelism (>= 0.9);
 *     heap and RSS growth from 10% to 100% under 10 MB;
 *   - billing file / raw TransactWriteItems of conditional Puts, 100 a request, as many notices in
 *     flight as the intake (>= 0.8; the fair baseline: idempotence needs a condition on every write,
 *     and this is its fastest form; a lease plus BatchWriteItem cannot fence writers outside the
 *     lease). Raw BatchWriteItem (not idempotent, the speed to approach) and raw conditional PutItem
 *     (32 in flight, the old intake) are reported beside it. Memory as for fan-out;
 *   - dispatcher: never above the configured rate in any 1 s window, >= 0.97 of it;
 *   - each function's bundle and init / a bundle of only the SDK clients it holds (<= 1.15), both
 *     built exactly as lib/constructs/hotline-function.ts ships them (lib/lambda-bundle.ts: ESM
 *     builds of dependencies first, minified, a source map beside, read at init).
 *
 * Memory is sampled after a full GC (bench/memory.ts): growth then means retention, not garbage
 * V8 had not yet collected (the +34 MB of the billing file on main was that: after GC the intake
 * holds nothing per line, 100,000 lines without a table: heap 13.0 -> 12.8 MB).
 *
 * What the profiles showed (issue 14, node --cpu-prof, 20,000-customer fan-out and a 50,000-line
 * file, on two loaded cores):
 * - fan-out (issue 14, scope 2; 30,000-100,000 customers, load 10-22): this process is idle ~60% of
 *   the plan, as of the raw baseline: both wait on DynamoDB Local, so the ratio is the table's CPU
 *   per notice. Measured per request type (its Java process's CPU from /proc, per 1,000 customers):
 *   writing their notices ~585 ms, the directory page (Query) ~60 ms, the opt-out BatchGetItem ~170
 *   ms, i.e. 0.72 of raw at best with it, 0.9 without. The profile now carries its numbers' opt-outs
 *   (`smsOptedOutPhones`, written with STOP/START: docs/architecture.md), so a page is one Query. The
 *   bench prints the CPU per 1,000 notices of both sides, which does not swing with the load as the
 *   rates do (one run: raw 589/s then 836/s). RSS: heap used after GC is flat (-1 to -0.6 MB); what
 *   moved was V8's committed old space (+9.0 MB of +10.7 at 30,000, -10.8 in another run), pages
 *   the page-sized garbage promoted there; putAll now builds each request's items when it is sent,
 *   not a page's up front. The bench prints the growth by V8 space and outside the heap.
 *   After (100,000 customers, load 14-20): 0.906 of raw; DynamoDB Local CPU per 1,000 notices
 *   planned 591 vs raw 559 ms (868 vs 659 before, 30,000); RSS -9.4 MB, heap used -0.4 MB. The part
 *   took 3:49, 2:40 of it writing the 100,000 directory items (BENCH_FANOUT_CUSTOMERS sets both).
 * - billing file: per line, a third of the CPU was libphonenumber (called twice per item),
 *   shiftDate (date bounds worked out per item), addWorkingDays (the same due instant per item):
 *   now once per item or once per file (164 -> 100 us of CPU a line). Writes: groups of 100, a
 *   consistent BatchGetItem then one TransactWriteItems of conditional Puts of the absent ones, 8
 *   groups in flight (579 notices/s at load 13-15, against 386/s for the sliding window of 32
 *   conditional PutItems it replaced; 0.31 of raw BatchWriteItem, 1.00 of raw transactions).
 * - bundles (esbuild metafile, per package; the bench prints it per function): the SDK-only
 *   baseline as shipped (ESM builds) holds only the client, not every command, so it is 296-720 KB.
 *   What every function carries beyond it: zod/mini 19-26 KB, Powertools Logger 17.9 + commons
 *   3.4-5 KB, middy 2.5 KB: ~44 KB, 13% of a DynamoDB-only baseline (333 KB) and 15% of the
 *   Scheduler one (296 KB), before any code of its own. The Logger is now hand-written
 *   (functions/shared/logger.ts, 1.7 KiB): 17.8-19.9 KiB less in every bundle, which brings
 *   clock-keeper, cluster-watch, clock-sweep, callback-planner and delivery-receipts under 1.15
 *   and leaves the API and intake functions over (postal-mime 69 KB, libphonenumber-js 37 KB,
 *   csv-parse 31 KB, Powertools event-handler 22 KB, the classifier model 26 KB, their own code).
 *   Clients a function never sends through are left out (clients.ts: pure
 *   construction), so the baseline is the clients it uses. Init is CPU time (a Lambda at 256 MB
 *   gets a share of a vCPU; wall time here counts other processes): it follows size, since most
 *   of it is compiling the bundle and reading its source map.
 * - dispatcher: a container took its batch one notice after another, so the notice's four table
 *   round trips stood between two sends (0.54 of the rate at load 10). Now a batch's notices are
 *   read ahead (two BatchGetItems per 20) and claimed up to 20 ahead of the pacer, sent in queued
 *   order, in batches sized to the share (100 at 200/4). Achieved = least-squares slope of
 *   cumulative parts from the first send until the first container runs dry (a parts/seconds
 *   quotient counts a fresh bucket's first-second burst). 0.966-0.967 at load 3-4. The pacer
 *   counted each second from its grant, so a send that left late shared its second with those
 *   granted a second later (202 parts in a window at 200, once); the sender now marks the grant
 *   sent as it calls the provider. Idle capacity per container (a probe: tokens free while no
 *   notice waited, or while one waited), load 5: the 20 ms margin 2% (caps it at 0.980; now 10 ms,
 *   PROVIDER_MARGIN_MS: 0.981, 0.974, 0.974 on idle cores, never above the rate); whole
 *   notices of 2-3 parts against a share of 50, 0.2-0.5% (a 3-part notice waits while 2 tokens
 *   are free; 0.975 simulated on exact timers); wake-up lateness 0.5-0.7% (p50 0.1 ms, p99 22-36
 *   ms: one event loop for the four containers here); a run's first notice waiting for its run's
 *   two reads, 5.5-6.8%, ~1% since runs are read one ahead; between batches 0.2-0.9%. Then 0.957
 *   at load 5, 0.79-0.90 at load 6-9 (0.74-0.83 before, interleaved). Under load DynamoDB Local
 *   (20-30 conditional writes/s at load 10+) sets the pace: the bench's tokens-waiting share
 *   (0.6-0.8 in those runs) says when.
 * - on DynamoDB Local a request costs about the same whatever it carries: raw BatchWriteItem
 *   (25 items) wrote ~7x the notices a second of raw conditional PutItem at the same concurrency.
 *   With ~25 other processes on the two cores (load 20-29), the side that spends more CPU per item
 *   (in Node or in the table) loses in proportion: the intake's ~100 us a line of parsing, the
 *   planner's directory page. Ratios measured under such load say that, not the table.
 *
 * Parts: BENCH_ONLY=<part>,<part> runs those alone (all by default), one of intake, storm,
 * classifier, voice, fanout, dispatcher, billing, fault, bundles; e.g. BENCH_ONLY=bundles needs no
 * DynamoDB Local, BENCH_ONLY=fanout,billing measures the outbound intake alone. The classifier's
 * bar is relative to the SMS intake, which then runs too.
 *
 * Sizes (and the time they take, to keep the whole run under 10 minutes on two loaded cores; the
 * progress lines give each part's time and the end a line of them): BENCH_CONTACTS (400),
 * BENCH_INIT_RUNS (7 cold imports a bundle, interleaved with its baseline's), BENCH_FANOUT_CUSTOMERS
 * (100,000; BENCH_FANOUT_RAW_SHARE 0.2: the raw baseline on a tenth of them before the plan and a
 * tenth after), BENCH_DISPATCH_NOTICES (2,000), BENCH_DISPATCH_RATE (200), BENCH_DISPATCH_WORKERS (4),
 * BENCH_BILLING_LINES (20,000), BENCH_STORM_REPORTS (10,000; time box BENCH_STORM_SECONDS, 120 per
 * storm, and BENCH_STORM_RAW, 2,000 raw operations or 10 s per baseline), BENCH_FAULT_CONTACTS (500).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTION_CATALOG, type CatalogEntry } from '../lib/function-catalog';
import { createTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { beyondBaseline, bundle, medianInitMs, sdkOnlyEntry } from './bundles';
import { compareWithRaw } from './intake';
import { answerSnsAndSqsInProcess } from './short-circuit';

const PARTS = ['intake', 'storm', 'classifier', 'voice', 'fanout', 'dispatcher', 'billing', 'fault', 'bundles'] as const;
type Part = (typeof PARTS)[number];
const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim()).filter(Boolean);
const unknownParts = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
if (unknownParts.length > 0) throw new Error(`BENCH_ONLY: unknown part(s) ${unknownParts.join(', ')}; parts are ${PARTS.join(', ')}`);
/** Whether this run measures `part` (BENCH_ONLY, or every part). */
const wants = (part: Part) => !only || only.includes(part) || (part === 'intake' && only.includes('classifier'));
const needsTable = PARTS.some((p) => p !== 'bundles' && wants(p));

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 400);
const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 7);
const notes: string[] = [];
const began = performance.now();
const minutes = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};
const elapsed = () => minutes(performance.now() - began);
/** The part running now and when it began; each part's time, for the budget line at the end. */
let part = { name: 'setup', began };
const partTimes: [string, number][] = [];
/** Says what the bench is doing now, with the whole run's time and the part's: the whole run takes minutes. */
const progress = (line: string) => console.log(`[${elapsed()} ${part.name} ${minutes(performance.now() - part.began)}] ${line}`);
/** Closes the part before (its time goes to the budget line) and starts `name`. */
function beginPart(name: string, line: string) {
  const now = performance.now();
  partTimes.push([part.name, now - part.began]);
  part = { name, began: now };
  progress(line);
}
const rows: { metric: string; value: string; baseline: string; ratio: number; target: string; ok: boolean }[] = [];

/** One row; `target` undefined where the issue names no number (reported, not judged). */
function report(metric: string, value: number, baseline: number, unit: string, target?: number, higherIsBetter = false) {
  const ratio = value / baseline;
  rows.push({
    metric,
    value: `${value.toFixed(unit === 'req' ? 3 : 1)} ${unit}`,
    baseline: `${baseline.toFixed(unit === 'req' ? 0 : 1)} ${unit}`,
    ratio: Number(ratio.toFixed(3)),
    target: target === undefined ? '(none named)' : `${higherIsBetter ? '>=' : '<='} ${target}`,
    ok: target === undefined ? true : higherIsBetter ? ratio >= target : ratio <= target,
  });
  progress(`  ${metric}: ${ratio.toFixed(3)}${target === undefined ? '' : ` (target ${higherIsBetter ? '>=' : '<='} ${target})`}`);
}

/** The parts measured against a table: DynamoDB Local, the synthetic directory, the SMS handler. */
async function benchAgainstTable() {
  progress('starting DynamoDB Local');
  const ddb = await startDynamoDbLocal();
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

    answerSnsAndSqsInProcess(clients);
    const requests = { count: 0 };
    clients.dynamo.middlewareStack.add((next) => async (args) => {
      requests.count++;
      return next(args);
    }, { step: 'initialize', name: 'benchRequestCounter' });

    const { handler } = await import('../functions/sms/handlers/inbound-sms');
    let intakeMedianMs = Number.NaN;
    if (wants('intake')) {
      beginPart('intake', 'SMS intake against raw DynamoDB');
      // Warm both paths (connections, JIT) before measuring.
      await compareWithRaw(handler as never, doc, tableName, customers, 50, requests, 'warm');
      const intake = await compareWithRaw(handler as never, doc, tableName, customers, CONTACTS, requests, 'run');
      report('DynamoDB requests per SMS contact', intake.requestsPerContact, 2, 'req', 1);
      report('median SMS intake latency vs raw Query + TransactWrite', intake.handlerMedianMs, intake.rawMedianMs, 'ms', 1.2);
      intakeMedianMs = intake.handlerMedianMs;
    }

    // Issue 13: the storm bars (bench/storm.ts; BENCH_STORM_REPORTS, BENCH_STORM_IN_FLIGHT).
    if (wants('storm')) {
      beginPart('storm', 'the storms (BENCH_STORM_REPORTS, time box BENCH_STORM_SECONDS)');
      const { benchStorm, reportStorm } = await import('./storm');
      for (const row of reportStorm(await benchStorm(handler as never, doc, tableName, clients.dynamo, progress))) report(...row);
    }

    if (wants('classifier')) {
      beginPart('classifier', 'the classifier in-process');
      // Issue 10: the classifier in-process, per message, against the SMS intake median (target: under 1% of it).
      const { benchClassifier } = await import('./classifier');
      const classifier = benchClassifier(Math.max(CONTACTS * 10, 2_000));
      report('classifyText median per message vs SMS intake median', classifier.medianMs, intakeMedianMs, 'ms', 0.01);
      report('classifyText p99 per message vs SMS intake median', classifier.p99Ms, intakeMedianMs, 'ms', 0.01);
    }

    if (wants('voice')) {
      beginPart('voice', "the voice function's steps");
      // Issue 3: the voice function's steps against the raw operations each needs (no target named).
      const { benchVoice } = await import('./voice');
      for (const step of await benchVoice(doc, tableName, customers, Math.min(CONTACTS, 200), requests)) {
        report(`voice ${step.step} median vs raw`, step.handlerMedianMs, step.rawMedianMs, 'ms');
        report(`voice ${step.step} p99 vs raw`, step.handlerP99Ms, step.rawP99Ms, 'ms');
        report(`voice ${step.step} DynamoDB requests per call vs raw`, step.requestsPerCall, step.rawRequestsPerCall, 'req');
      }
    }

    if (wants('fanout')) {
      beginPart('fanout', 'outage fan-out (BENCH_FANOUT_CUSTOMERS)');
      // Issue 14: outage fan-out (BENCH_FANOUT_CUSTOMERS, default 100,000) against raw BatchWriteItem of notices of the same shape.
      const { benchFanout } = await import('./fanout');
      const fanout = await benchFanout(doc, tableName, undefined, progress);
      report('outage fan-out: planning vs raw BatchWriteItem throughput', fanout.plannedPerSecond, fanout.rawPerSecond, 'items/s', 0.9, true);
      report('outage fan-out heap growth 10% -> 100% (after GC) vs 10 MB', Math.max(0, fanout.heapGrowthMb), 10, 'MB', 1);
      report('outage fan-out RSS growth 10% -> 100% (after GC) vs 10 MB', Math.max(0, fanout.rssGrowthMb), 10, 'MB', 1);
      const cpu = (c: { nodeMs: number; tableMs?: number }) => `this process ${c.nodeMs.toFixed(0)}, DynamoDB Local ${c.tableMs?.toFixed(0) ?? '?'}`;
      const spaces = Object.entries(fanout.rssGrowthBySpaceMb).filter(([, m]) => Math.abs(m) >= 0.1).map(([space, m]) => `${space} ${m.toFixed(1)}`).join(', ');
      notes.push(
        `fan-out: ${fanout.customers} customers, ${fanout.notices} notices planned at ${fanout.plannedPerSecond.toFixed(0)}/s, ${fanout.rawNotices} raw BatchWriteItem at ${fanout.rawPerSecond.toFixed(0)}/s; ` +
          `CPU ms per 1,000 notices, planned: ${cpu(fanout.cpuPerThousand.planned)}; raw: ${cpu(fanout.cpuPerThousand.raw)}; ` +
          `memory growth from 10% to 100% after GC: RSS ${fanout.rssGrowthMb.toFixed(1)} MB (${spaces || 'no space moved'}), heap used ${fanout.heapGrowthMb.toFixed(1)} MB`,
      );
    }

    if (wants('dispatcher')) {
      beginPart('dispatcher', 'dispatcher pacing (BENCH_DISPATCH_RATE)');
      // Issue 5: dispatcher pacing at a configured rate.
      const { benchDispatch } = await import('./dispatch');
      const dispatch = await benchDispatch(doc, tableName);
      report('dispatcher: most parts in any 1 s window vs configured rate', dispatch.maxInAnyOneSecondWindow, dispatch.rate, 'parts', 1);
      report('dispatcher: achieved fraction of the configured rate', dispatch.achievedFraction, 1, 'x', 0.97, true);
      notes.push(`dispatcher: ${dispatch.notices} notices, ${dispatch.parts} parts over ${dispatch.workers} containers at ${dispatch.rate} parts/s in ${dispatch.seconds.toFixed(1)} s`);
    }

    if (wants('billing')) {
      // Issue 5: a billing file with flat memory.
      beginPart('billing', 'the billing file (BENCH_BILLING_LINES)');
      const { benchBillingFile } = await import('./billing-file');
      const billing = await benchBillingFile(doc, tableName, {}, progress);
      report(`billing file vs raw TransactWriteItems of conditional Puts (${billing.noticesInFlight} notices in flight), notices/s`, billing.perSecond, billing.rawTransactionPerSecond, 'items/s', 0.8, true);
      report(`billing file vs raw BatchWriteItem (${billing.noticesInFlight} notices in flight, not idempotent), notices/s`, billing.perSecond, billing.rawBatchPerSecond, 'items/s');
      report(`billing file vs raw conditional PutItem (${billing.concurrency} in flight), notices/s`, billing.perSecond, billing.rawConditionalPerSecond, 'items/s');
      report('billing file heap growth 10% -> 100% (after GC) vs 10 MB', Math.max(0, billing.heapGrowthMb), 10, 'MB', 1);
      report('billing file RSS growth 10% -> 100% (after GC) vs 10 MB', Math.max(0, billing.rssGrowthMb), 10, 'MB', 1);
      notes.push(`billing file: ${billing.lines} lines (${billing.accepted} accepted, ${billing.rejected} rejected) in ${billing.seconds.toFixed(1)} s, ${billing.perSecond.toFixed(0)} notices/s; raw transactions ${billing.rawTransactionPerSecond.toFixed(0)}/s, raw conditional PutItem ${billing.rawConditionalPerSecond.toFixed(0)}/s, raw BatchWriteItem ${billing.rawBatchPerSecond.toFixed(0)}/s; memory growth from 10% to 100% after GC: RSS ${billing.rssGrowthMb.toFixed(1)} MB, heap ${billing.heapGrowthMb.toFixed(1)} MB`);
    }

    if (wants('fault')) {
      beginPart('fault', 'fault run (BENCH_FAULT_CONTACTS, BENCH_FAULT_RATE of DynamoDB calls failing)');
      // Issue 13: every contact accounted for after replay, none duplicated (bench/fault-run.ts).
      const { benchFaultRun } = await import('./fault-run');
      const fault = await benchFaultRun(handler as never, doc, tableName, clients, progress);
      report('fault run: contacts accounted for after replay', fault.accounted, fault.contacts, 'contacts', 1, true);
      report('fault run: contacts duplicated', fault.duplicated, fault.contacts, 'contacts', 0);
      notes.push(`fault run: ${fault.contacts} SMS contacts, ${Object.values(fault.injected).reduce((a, b) => a + b, 0)} of ${fault.dynamoCalls} DynamoDB calls failed (${JSON.stringify(fault.injected)}), ${fault.lambdaRetries} Lambda retries, ${fault.keptBeforeReplay} kept and ${fault.replayed} replayed, ${fault.lost} lost, in ${fault.seconds.toFixed(1)} s`);
    }
  } finally {
    await ddb.stop();
  }
}

/** Each function's bundle and init against a bundle of its SDK clients alone. */
async function benchBundles(work: string) {
  // What the stacks set for the functions, with placeholder values: init must not depend on them being real.
  const initEnv = {
    TABLE_NAME: 'bench',
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
    // callback-planner (issue 15): the Connect instance and task template it starts tasks in.
    CALLBACK_TASK_TEMPLATE_ID: '11111111-1111-1111-1111-111111111111',
    AWS_REGION: 'ap-southeast-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  beginPart('bundles', `each function's bundle and init against its SDK clients (BENCH_INIT_RUNS=${INIT_RUNS})`);
  for (const fn of Object.values(FUNCTION_CATALOG) as CatalogEntry[]) {
    const file = join(work, `${fn.name}.mjs`);
    const built = await bundle(resolve(fn.entry), file);
    const baselineFile = join(work, `${fn.name}.sdk-only.mjs`);
    const baseline = await bundle(sdkOnlyEntry(work, fn.name, built.sdkPackages), baselineFile);
    report(`${fn.name} bundle size vs its SDK clients only`, built.size / 1024, baseline.size / 1024, 'KiB', 1.15);
    const [fnInit, baselineInit] = medianInitMs([file, baselineFile], INIT_RUNS, initEnv);
    report(`${fn.name} init CPU time vs its SDK clients only`, fnInit!.cpuMs, baselineInit!.cpuMs, 'ms', 1.15);
    const beyond = beyondBaseline(built.makeup, baseline.makeup, 8);
    progress(`    beyond its SDK clients (KiB): ${beyond.join(' | ')}; init wall ${fnInit!.wallMs.toFixed(0)} vs ${baselineInit!.wallMs.toFixed(0)} ms`);
    if (built.size > baseline.size * 1.15) notes.push(`${fn.name}: ${(built.size / 1024).toFixed(0)} KiB vs ${(baseline.size / 1024).toFixed(0)} KiB of SDK clients; beyond them: ${beyond.join(', ')}`);
  }
}

mkdirSync('bench/.out', { recursive: true });
// Inside the project so the baseline resolves the same node_modules (git-ignored).
const work = mkdtempSync(resolve('bench/.out/run-'));
try {
  if (needsTable) await benchAgainstTable();
  if (wants('bundles')) await benchBundles(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}

beginPart('report', 'done');
progress(`time by part: ${partTimes.filter(([, ms]) => ms >= 500).map(([name, ms]) => `${name} ${minutes(ms)}`).join(', ')}; total ${elapsed()}`);
console.log(`\nhotline bench (${only ? `BENCH_ONLY=${only.join(',')}` : 'all parts'}): ${CONTACTS} SMS contacts against DynamoDB Local; init = median CPU time of ${INIT_RUNS} cold imports; total ${elapsed()}\n`);
console.table(rows);
for (const note of notes) console.log(note);
const missed = rows.filter((r) => !r.ok);
console.log(missed.length ? `${missed.length} target(s) missed: ${missed.map((r) => r.metric).join('; ')}` : 'all targets met');
