/**
 * Outage fan-out (issue 5): planning notices for one feeder outage of N
 * customers (default 100,000; `BENCH_FANOUT_CUSTOMERS`), against raw
 * BatchWriteItem of items of the same shape and count on the same table in
 * the same run, with the same parallelism. Also the memory growth between
 * 10% and 100% of the fan-out (target: flat).
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

const FEEDER = 'BENCH-F01';
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

/** Lightweight synthetic customers (no PIN hashing): 5% important, 20% English. */
function benchCustomer(i: number): PlanCustomer & { area: string; feeder: string } {
  return {
    accountNumber: `99${String(i).padStart(8, '0')}`,
    phones: [`+86139${String(i).padStart(8, '0')}`],
    language: i % 5 === 0 ? 'en' : 'zh-CN',
    important: i % 20 === 0,
    customerType: i % 4 === 0 ? 'business' : 'residential',
    area: 'BENCH',
    feeder: FEEDER,
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

export async function benchFanout(doc: DynamoDBDocumentClient, tableName: string, count = Number(process.env.BENCH_FANOUT_CUSTOMERS ?? 100_000)): Promise<FanoutResult> {
  // The directory, streamed in chunks so the generator holds no more than a chunk.
  for (let start = 0; start < count; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const c = benchCustomer(i);
      items.push({ ...keys.customerProfile(c.accountNumber), ...keys.customerByFeeder(c.feeder, c.accountNumber), ...c, name: `Bench ${i}`, address: `No. ${i} Bench Road`, transformer: `${FEEDER}-T01` });
    }
    await batchWrite(doc, tableName, items);
  }

  const now = new Date();
  const outage = (outageId: string): Outage => ({
    outageId,
    kind: 'unplanned',
    areas: [],
    feeders: [FEEDER],
    cause: { 'zh-CN': '10千伏线路故障', en: 'a fault on a 10 kV feeder' },
    etr: new Date(now.getTime() + 3 * 3_600_000).toISOString(),
    declaredAt: now.toISOString(),
    status: 'active',
    etrRevision: 0,
  });
  const outages = new OutageRepository(doc, tableName);
  await outages.declare(outage('BENCH-PLAN'));

  // Raw baseline: the notices of the same customers (another outage id, so both runs insert), written with the same parallelism.
  const rawOutage = outage('BENCH-RAW');
  const rawJob = { outageId: rawOutage.outageId, plan: 'initial' as const, revision: 0 };
  let rawNotices = 0;
  const rawStart = performance.now();
  for (let start = 0; start < count; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const c = benchCustomer(i);
      const recipient = { recipientKey: c.accountNumber, accountNumber: c.accountNumber, to: c.phones[0]!, language: c.language, important: c.important, customerType: c.customerType };
      for (const notice of planRecipientNotices(recipient, false, { outage: rawOutage, job: rawJob, now, timeZone: 'Asia/Shanghai' })) items.push(noticeItem(notice));
    }
    rawNotices += items.length;
    await batchWrite(doc, tableName, items);
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  // Planning, with memory sampled when 10% of the notices are written and at the end.
  const repository = new PlannerRepository(doc, tableName, { writeConcurrency: CONCURRENCY });
  let written = 0;
  let early: NodeJS.MemoryUsage | undefined;
  const notices = {
    putAll: async (batch: Parameters<PlannerRepository['putAll']>[0]) => {
      await repository.putAll(batch);
      written += batch.length;
      if (!early && written >= rawNotices / 10) early = process.memoryUsage();
    },
    putNew: (batch: Parameters<PlannerRepository['putNew']>[0]) => repository.putNew(batch),
  };
  const planStart = performance.now();
  const outcome = await planOutageNotices(
    { outageId: 'BENCH-PLAN', plan: 'initial', revision: 0 },
    { outages, directory: repository, optOuts: repository, notices, progress: repository, now: () => now, timeZone: 'Asia/Shanghai' },
  );
  const planSeconds = (performance.now() - planStart) / 1000;
  const late = process.memoryUsage();
  const planned = outcome.status === 'planned' ? outcome.progress.written : 0;
  if (planned !== rawNotices) throw new Error(`planned ${planned} notices, expected ${rawNotices}`);

  const plannedPerSecond = planned / planSeconds;
  const rawPerSecond = rawNotices / rawSeconds;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    customers: count,
    notices: planned,
    plannedPerSecond,
    rawPerSecond,
    ratio: plannedPerSecond / rawPerSecond,
    rssGrowthMb: mb(late.rss - (early ?? late).rss),
    heapGrowthMb: mb(late.heapUsed - (early ?? late).heapUsed),
  };
}
