/**
 * Outage fan-out (issue 5): planning notices for one feeder outage of N
 * customers (default 100,000, over two feeders; `BENCH_FANOUT_CUSTOMERS`),
 * against raw BatchWriteItem of items of the same shape and count on the
 * same table in the same run, with the same parallelism, in the order raw,
 * plan, plan, raw so the growing table weighs on both alike. Also the memory
 * growth between 10% and 100% of the first fan-out (target: flat).
 *
 * @example
 * const fanout = await benchFanout(doc, tableName);
 * report('outage fan-out: planning / raw BatchWriteItem throughput', fanout.plannedPerSecond, fanout.rawPerSecond, 'items/s', 0.8, true);
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OutageRepository } from '../functions/outages/adapters/outage-repository';
import type { Outage } from '../functions/outages/outage';
import { inParallel, noticeItem, PlannerRepository } from '../functions/outbound/adapters/planner-repository';
import { planRecipientNotices } from '../functions/outbound/planner';
import { planOutageNotices, type PlanCustomer } from '../functions/outbound/planner-job';
import { keys } from '../functions/shared/keys';
import { settledMemory } from './memory';

const FEEDERS = ['BENCH-F01', 'BENCH-F02'] as const;
const CONCURRENCY = 16;
const CHUNK = 1000;

export interface FanoutResult {
  readonly customers: number;
  readonly notices: number;
  readonly plannedPerSecond: number;
  readonly rawPerSecond: number;
  /** plannedPerSecond / rawPerSecond (target >= 0.8). */
  readonly ratio: number;
  /** Growth from 10% to 100% of the fan-out, MB (target: flat, a few MB at most). */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
}

/** Lightweight synthetic customers (no PIN hashing): 5% important, 20% English; the first half on one feeder, the rest on the other. */
function benchCustomer(i: number, count: number): PlanCustomer & { area: string; feeder: string } {
  return {
    accountNumber: `99${String(i).padStart(8, '0')}`,
    phones: [`+86139${String(i).padStart(8, '0')}`],
    language: i % 5 === 0 ? 'en' : 'zh-CN',
    important: i % 20 === 0,
    customerType: i % 4 === 0 ? 'business' : 'residential',
    area: 'BENCH',
    feeder: FEEDERS[i < count / 2 ? 0 : 1],
  };
}

async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await inParallel(chunks, CONCURRENCY, async (chunk) => {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

export async function benchFanout(
  doc: DynamoDBDocumentClient,
  tableName: string,
  count = Number(process.env.BENCH_FANOUT_CUSTOMERS ?? 100_000),
  progress: (line: string) => void = () => {},
): Promise<FanoutResult> {
  progress(`    the directory: ${count} customers on two feeders`);
  // The directory, streamed in chunks so the generator holds no more than a chunk.
  for (let start = 0; start < count; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const c = benchCustomer(i, count);
      items.push({ ...keys.customerProfile(c.accountNumber), ...keys.customerByFeeder(c.feeder, c.accountNumber), ...c, name: `Bench ${i}`, address: `No. ${i} Bench Road`, transformer: `${c.feeder}-T01` });
    }
    await batchWrite(doc, tableName, items);
  }

  const now = new Date();
  const outage = (outageId: string, feeder: string): Outage => ({
    outageId,
    kind: 'unplanned',
    areas: [],
    feeders: [feeder],
    cause: { 'zh-CN': '10千伏线路故障', en: 'a fault on a 10 kV feeder' },
    etr: new Date(now.getTime() + 3 * 3_600_000).toISOString(),
    declaredAt: now.toISOString(),
    status: 'active',
    etrRevision: 0,
  });
  const outages = new OutageRepository(doc, tableName);
  const halves = [
    { from: 0, to: Math.floor(count / 2), feeder: FEEDERS[0] },
    { from: Math.floor(count / 2), to: count, feeder: FEEDERS[1] },
  ];

  // Raw baseline: the same notices of the same customers (another outage id, so both insert), written with the same parallelism.
  async function raw(half: (typeof halves)[number], outageId: string): Promise<{ notices: number; seconds: number }> {
    const rawOutage = outage(outageId, half.feeder);
    const rawJob = { outageId, plan: 'initial' as const, revision: 0 };
    let notices = 0;
    const started = performance.now();
    for (let start = half.from; start < half.to; start += CHUNK) {
      const items = [];
      for (let i = start; i < Math.min(half.to, start + CHUNK); i++) {
        const c = benchCustomer(i, count);
        const recipient = { recipientKey: c.accountNumber, accountNumber: c.accountNumber, to: c.phones[0]!, language: c.language, important: c.important, customerType: c.customerType };
        for (const notice of planRecipientNotices(recipient, false, { outage: rawOutage, job: rawJob, now, timeZone: 'Asia/Shanghai' })) items.push(noticeItem(notice));
      }
      notices += items.length;
      await batchWrite(doc, tableName, items);
    }
    return { notices, seconds: (performance.now() - started) / 1000 };
  }

  // Planning one feeder outage, with memory sampled when 10% of its notices are written and at the end.
  const repository = new PlannerRepository(doc, tableName, { writeConcurrency: CONCURRENCY });
  const memory: { early?: NodeJS.MemoryUsage; late?: NodeJS.MemoryUsage } = {};
  async function plan(half: (typeof halves)[number], outageId: string): Promise<{ notices: number; seconds: number }> {
    await outages.declare(outage(outageId, half.feeder));
    let written = 0;
    const notices = {
      putAll: async (batch: Parameters<PlannerRepository['putAll']>[0]) => {
        await repository.putAll(batch);
        written += batch.length;
        if (!memory.early && written >= (half.to - half.from) / 10) memory.early = settledMemory();
      },
      putNew: (batch: Parameters<PlannerRepository['putNew']>[0]) => repository.putNew(batch),
    };
    const started = performance.now();
    const outcome = await planOutageNotices(
      { outageId, plan: 'initial', revision: 0 },
      { outages, directory: repository, optOuts: repository, notices, progress: repository, now: () => now, timeZone: 'Asia/Shanghai' },
    );
    const seconds = (performance.now() - started) / 1000;
    memory.late = settledMemory();
    return { notices: outcome.status === 'planned' ? outcome.progress.written : 0, seconds };
  }

  // ABBA: raw, plan, plan, raw, so the table growing under the run (DynamoDB Local slows as it fills) weighs on both alike.
  const step = async (label: string, run: () => Promise<{ notices: number; seconds: number }>) => {
    const result = await run();
    progress(`    ${label}: ${result.notices} notices in ${result.seconds.toFixed(1)} s (${(result.notices / result.seconds).toFixed(0)}/s)`);
    return result;
  };
  const raw1 = await step('raw BatchWriteItem, first feeder', () => raw(halves[0]!, 'BENCH-RAW-1'));
  const plan1 = await step('planned, first feeder', () => plan(halves[0]!, 'BENCH-PLAN-1'));
  const plan2 = await step('planned, second feeder', () => plan(halves[1]!, 'BENCH-PLAN-2'));
  const raw2 = await step('raw BatchWriteItem, second feeder', () => raw(halves[1]!, 'BENCH-RAW-2'));
  for (const [planned, rawWritten] of [[plan1, raw1], [plan2, raw2]] as const) {
    if (planned.notices !== rawWritten.notices) throw new Error(`planned ${planned.notices} notices, raw wrote ${rawWritten.notices}`);
  }

  const planned = plan1.notices + plan2.notices;
  const rawNotices = raw1.notices + raw2.notices;
  const plannedPerSecond = planned / (plan1.seconds + plan2.seconds);
  const rawPerSecond = rawNotices / (raw1.seconds + raw2.seconds);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const { early, late } = memory as Required<typeof memory>;
  return {
    customers: count,
    notices: planned,
    plannedPerSecond,
    rawPerSecond,
    ratio: plannedPerSecond / rawPerSecond,
    rssGrowthMb: mb(late.rss - early.rss),
    heapGrowthMb: mb(late.heapUsed - early.heapUsed),
  };
}
