/**
 * Dispatcher pacing (issue 5): N pending SMS notices (default 2,000;
 * `BENCH_DISPATCH_NOTICES`), Chinese and English so the part counts vary,
 * sent by the real `dispatchNotice` against the table, paced by the real
 * TokenBucket at a configured rate (default 200 parts/s;
 * `BENCH_DISPATCH_RATE`). SNS cannot run here, so the sender is a stub that
 * records the wall-clock instant of each send and its parts: the pacing under
 * test is ours, not the provider's.
 *
 * Modelled as deployed: `BENCH_DISPATCH_WORKERS` (default 4) dispatcher
 * containers (the function's reserved concurrency), each running one
 * invocation per SQS batch as the handler does (`takePriorityLane`, then
 * `dispatchLaneBatch`: notices read ahead and claimed up to
 * DISPATCH_CLAIM_AHEAD ahead of the pacer, sent in queued order), the batch
 * size the CDK sets for the share (`dispatchBatchSize`; 100 at 200 / 4;
 * `BENCH_DISPATCH_BATCH` overrides), its own bucket holding its share of the
 * rate (readDispatcherConfig: rate / concurrency) with the handler's margin
 * (PROVIDER_MARGIN_MS) on the monotonic clock; they take batches from one shared queue, as
 * from SQS. Reported:
 * - the most parts in any half-open 1 s window of the send instants across
 *   all containers (must never exceed the rate);
 * - the achieved fraction of the rate (target >= 0.97): the sustained rate
 *   (least-squares slope of cumulative parts against time) from the first
 *   send until the first container ran out of work (until then every
 *   container is busy), / the rate. The margin alone caps it at 1000 / (1000 +
 *   PROVIDER_MARGIN_MS): 0.990 at 10 ms. The plain quotient (parts / seconds) is returned beside it: it
 *   counts a fresh bucket's first-second burst and the phase at which the
 *   run ends, by up to 1 / (seconds of the run) each;
 * - the share of sends whose tokens were already waiting at the pacer when
 *   the container got there: near 0 when the pacer sets the pace, large when
 *   the table (DynamoDB Local on a loaded machine) does.
 *
 * @example
 * const dispatch = await benchDispatch(doc, tableName);
 * report('dispatcher: achieved fraction of the configured rate', dispatch.achievedFraction, 1, 'x', 0.97, true);
 */
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoNoticeStore, DynamoOptOutLedger } from '../functions/outbound/adapters/dynamo-notice-store';
import { inParallel } from '../functions/outbound/adapters/planner-repository';
import { dispatchBatchSize, PROVIDER_MARGIN_MS, readDispatcherConfig } from '../functions/outbound/config';
import { type DispatchDeps } from '../functions/outbound/dispatch';
import { DISPATCH_CLAIM_AHEAD, dispatchLaneBatch, takePriorityLane, type BatchDeps } from '../functions/outbound/dispatch-batch';
import type { Notice } from '../functions/outbound/notice';
import type { DispatchLanes, Pacer } from '../functions/outbound/ports';
import { DEFAULT_QUIET_HOURS } from '../functions/outbound/quiet-hours';
import { noticeRenderer } from '../functions/outbound/render';
import { countSmsParts } from '../functions/outbound/sms-parts';
import { monotonicClock, TokenBucket } from '../functions/outbound/token-bucket';

export interface DispatchBenchOptions {
  readonly notices?: number;
  /** Parts per second for the whole origination identity. */
  readonly rate?: number;
  /** Dispatcher containers (reserved concurrency); each gets rate / workers. */
  readonly workers?: number;
  /** Notices per SQS batch (one invocation). */
  readonly batchSize?: number;
}

export interface DispatchSend {
  /** Milliseconds (performance.now()) when the stub sender was called. */
  readonly at: number;
  readonly parts: number;
}

export interface DispatchResult {
  readonly rate: number;
  readonly workers: number;
  readonly batchSize: number;
  readonly notices: number;
  readonly parts: number;
  /** Most parts in any half-open 1 s window [t, t + 1000 ms) of the send instants (must be <= rate). */
  readonly maxInAnyOneSecondWindow: number;
  /**
   * The sustained rate over the steady part / the configured rate: the
   * least-squares slope of cumulative parts against time
   * (`sustainedPartsPerSecond`), from the first send until the first
   * container ran out of work (until then every container is busy).
   */
  readonly achievedFraction: number;
  /** Parts in the steady part / (rate x its seconds): flattered by the first second's burst, shown beside for comparison. */
  readonly quotientFraction: number;
  readonly steadySeconds: number;
  /**
   * Of the sends after the first second, the share whose parts were waiting
   * at the pacer when the container got there: the container came late (the
   * table had not yet answered for that notice, or a batch had just ended).
   * Near 0 when the pacer sets the pace; a large share means the run measured
   * the table (DynamoDB Local on a loaded machine), not the pacing.
   */
  readonly tokensWaitingFraction: number;
  readonly seconds: number;
  /** Notices by part count, e.g. { 1: 500, 2: 1200, 3: 300 }. */
  readonly partsHistogram: Readonly<Record<number, number>>;
  readonly sends: readonly DispatchSend[];
}

const CAUSES = {
  'zh-CN': ['线路故障', '10千伏线路故障，抢修人员已到达现场', '台风导致多处线路受损，抢修人员正在全力抢修，请注意安全，远离断落的电线'],
  en: ['a fault', 'a fault on a 10 kV feeder; crews are on site', 'storm damage to several lines; crews are working to restore power as quickly as possible, please keep clear of fallen wires'],
} as const;

/** Runs in one process so far: each run's notices are its own (a second run in the same table would find the first's sent). */
let runs = 0;

function benchNotice(i: number, now: Date, run: number): Notice {
  const language = i % 2 === 0 ? 'zh-CN' : 'en';
  const template = (['outage_initial', 'outage_etr_changed', 'outage_restored'] as const)[i % 3]!;
  const account = `98${String(i).padStart(8, '0')}`;
  return {
    noticeId: `outage#BENCH-DISPATCH-${run}#${template}#${account}#sms`,
    channel: 'sms',
    template,
    language,
    to: `+86138${String(i).padStart(8, '0')}`,
    accountNumber: account,
    important: false,
    customerType: 'residential',
    // Unplanned outage notices may go at any hour, so the run does not depend on the time of day.
    params: { outageKind: 'unplanned', cause: CAUSES[language][Math.floor(i / 6) % 3]!, etrText: '2026-11-23 18:30', restoredText: '2026-11-23 17:45' },
    quietHours: 'outage',
    source: { kind: 'outage', id: `BENCH-DISPATCH-${run}` },
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
    notBefore: now.toISOString(),
  };
}

/** Most parts within any half-open window [t, t + 1000) starting at a send. */
export function maxPartsInOneSecond(sends: readonly DispatchSend[]): number {
  const sorted = [...sends].sort((a, b) => a.at - b.at);
  let max = 0;
  let sum = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]!.at < sorted[start]!.at + 1000) sum += sorted[end++]!.parts;
    max = Math.max(max, sum);
    sum -= sorted[start]!.parts;
  }
  return max;
}

/**
 * The sustained rate of sends between `from` and `to` (ms): the least-squares
 * slope of cumulative parts against time. A parts / seconds quotient over a
 * short run counts a fresh bucket's first second (a burst the limiter rightly
 * allows, not sustained) and depends on where the run ends in the buckets'
 * cycle of ~1.02 s, by up to 1 / (seconds of the run) each; the slope
 * depends on neither.
 *
 * @example
 * sustainedPartsPerSecond([{ at: 0, parts: 1 }, { at: 500, parts: 1 }, { at: 1000, parts: 1 }], 0, 1001); // 2
 */
export function sustainedPartsPerSecond(sends: readonly DispatchSend[], from: number, to: number): number {
  const inside = sends.filter((s) => s.at >= from && s.at < to);
  if (inside.length < 2) return 0;
  let cumulative = 0;
  const points = inside.map((s) => ({ x: (s.at - from) / 1000, y: (cumulative += s.parts) }));
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return sxx > 0 ? sxy / sxx : 0;
}

export async function benchDispatch(doc: DynamoDBDocumentClient, tableName: string, options: DispatchBenchOptions = {}): Promise<DispatchResult> {
  const count = options.notices ?? Number(process.env.BENCH_DISPATCH_NOTICES ?? 2_000);
  const rate = options.rate ?? Number(process.env.BENCH_DISPATCH_RATE ?? 200);
  const workers = options.workers ?? Number(process.env.BENCH_DISPATCH_WORKERS ?? 4);
  // Each container's share, computed as the deployed dispatcher computes it.
  const share = readDispatcherConfig({ SMS_PARTS_PER_SECOND: String(rate), DISPATCHER_CONCURRENCY: String(workers) }).smsPartsPerSecond;
  // The dispatch queue's batch size as lib/outbound-stack.ts sets it for this share, in a stage whose call rate does not bind it (a third of the SMS rate or more).
  const batchSize = options.batchSize ?? Number(process.env.BENCH_DISPATCH_BATCH ?? dispatchBatchSize({ smsPartsPerSecond: share, voiceCallsPerSecond: share }));

  const store = new DynamoNoticeStore(doc, tableName);
  const created = new Date();
  const histogram: Record<number, number> = {};
  const render = noticeRenderer({ utilityName: 'Riverside' });
  const run = ++runs;
  const notices = Array.from({ length: count }, (_, i) => benchNotice(i, created, run));
  for (const n of notices) {
    const parts = countSmsParts(render(n)).parts;
    histogram[parts] = (histogram[parts] ?? 0) + 1;
  }
  await inParallel(notices, 16, async (n) => {
    await store.create(n);
  });

  const sends: DispatchSend[] = [];
  /** Takes the pacer let through at once after the first second: the container came late (its notice was still being claimed, or the batch was over), not the pacer. */
  const takes = { all: 0, atOnce: 0 };
  let pacingFrom = Number.POSITIVE_INFINITY;
  const timed = (bucket: TokenBucket): Pacer => ({
    take: async (tokens) => {
      const asked = performance.now();
      const grant = await bucket.take(tokens);
      pacingFrom = Math.min(pacingFrom, asked + 1000);
      if (asked >= pacingFrom) {
        takes.all++;
        if (performance.now() - asked < 1) takes.atOnce++;
      }
      return grant;
    },
  });
  const unused = async (): Promise<never> => {
    throw new Error('not used by the SMS bench');
  };
  const containerDeps = (): DispatchDeps => ({
    notices: store,
    optOuts: new DynamoOptOutLedger(doc, tableName),
    sms: {
      send: async (_to, text) => {
        sends.push({ at: performance.now(), parts: countSmsParts(text).parts });
        return `bench-${sends.length}`;
      },
    },
    voice: { call: unused },
    unreachable: { report: unused },
    // As in handlers/dispatcher.ts: this container's share, the provider margin; timed, to tell who waited for whom.
    pacers: { sms: timed(new TokenBucket(share, monotonicClock, undefined, PROVIDER_MARGIN_MS)), voice: new TokenBucket(1, monotonicClock, undefined, PROVIDER_MARGIN_MS) },
    text: render,
    quietHours: DEFAULT_QUIET_HOURS,
    now: () => new Date(),
    retryBackoffSeconds: [300, 1800],
    claimSeconds: 60,
  });
  // SQS answers in-process (bench/short-circuit.ts does the same for the handlers): no priority work waiting, nothing to put back.
  const lanes: DispatchLanes = { takePriority: async () => [], acknowledge: async () => {}, requeue: unused };

  const queue = notices.map((n) => ({ id: n.noticeId, body: JSON.stringify({ noticeId: n.noticeId }) }));
  let next = 0;
  /** When the first container found the queue empty with its last batch done: from then on fewer containers send, which is the end of the work, not pacing. */
  let firstIdleAt: number | undefined;
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const deps: BatchDeps = { dispatch: containerDeps(), lanes, remainingMs: () => 60_000, reserveMs: 30_000, claimAhead: DISPATCH_CLAIM_AHEAD };
      // One invocation per SQS batch, as the handler runs it: the priority lane, then the batch.
      while (next < queue.length) {
        const batch = queue.slice(next, next + batchSize);
        next += batch.length;
        await takePriorityLane(deps);
        for (const result of await dispatchLaneBatch(batch, 'bulk', deps)) {
          const kind = result.kind === 'dispatched' ? result.outcome.kind : result.kind;
          outcomes[kind] = (outcomes[kind] ?? 0) + 1;
        }
      }
      firstIdleAt ??= performance.now();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (outcomes.sent !== count) throw new Error(`sent ${outcomes.sent ?? 0} of ${count} notices: ${JSON.stringify(outcomes)}`);

  const sorted = [...sends].sort((a, b) => a.at - b.at);
  const first = sorted[0]!.at;
  const end = firstIdleAt ?? first;
  const parts = sorted.reduce((sum, s) => sum + s.parts, 0);
  const steadyParts = sorted.filter((s) => s.at < end).reduce((sum, s) => sum + s.parts, 0);
  const sustained = sustainedPartsPerSecond(sorted, first, end);
  return {
    rate,
    workers,
    batchSize,
    notices: count,
    parts,
    maxInAnyOneSecondWindow: maxPartsInOneSecond(sorted),
    achievedFraction: sustained / rate,
    quotientFraction: end > first ? steadyParts / (rate * ((end - first) / 1000)) : 1,
    steadySeconds: (end - first) / 1000,
    tokensWaitingFraction: takes.all > 0 ? takes.atOnce / takes.all : 0,
    seconds,
    partsHistogram: histogram,
    sends: sorted,
  };
}
