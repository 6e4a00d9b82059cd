/**
 * Outage fan-out (issue 14): planning the notices of one feeder outage of N customers (default
 * 100,000; `BENCH_FANOUT_CUSTOMERS`) against raw BatchWriteItem of notices of the same shape on the
 * same table in the same run, with the same parallelism. The raw baseline runs on a share of the
 * customers (`BENCH_FANOUT_RAW_SHARE`, 0.2: a tenth before the plan and a tenth after it, so the
 * table growing under the run weighs on both alike): a rate, which a share measures as well as the
 * whole, at a fifth of the time. Also the memory growth from 10% to 100% of the plan (after GC), and
 * the CPU each side spends per notice, in this process and in DynamoDB Local: on a loaded machine the
 * throughput ratio follows the table's CPU per notice, and that figure does not swing with the load.
 *
 * @example
 * const fanout = await benchFanout(doc, tableName);
 * report('outage fan-out: planning / raw BatchWriteItem throughput', fanout.plannedPerSecond, fanout.rawPerSecond, 'items/s', 0.9, true);
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OutageRepository } from '../functions/outages/adapters/outage-repository';
import type { Outage } from '../functions/outages/outage';
import { inParallel, noticeItem, PlannerRepository } from '../functions/outbound/adapters/planner-repository';
import { planRecipientNotices } from '../functions/outbound/planner';
import { planOutageNotices, type PlanCustomer } from '../functions/outbound/planner-job';
import * as keys from '../functions/shared/keys';
import { settledMemory } from './memory';

const FEEDER = 'BENCH-F01';
const CONCURRENCY = 16;
const CHUNK = 1000;

export interface FanoutResult {
  readonly customers: number;
  readonly notices: number;
  readonly rawNotices: number;
  readonly plannedPerSecond: number;
  readonly rawPerSecond: number;
  /** plannedPerSecond / rawPerSecond (target >= 0.9). */
  readonly ratio: number;
  /** Growth from 10% to 100% of the fan-out, after GC, MB (target under 10). */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  /** Where the RSS growth is: each V8 space's committed size, and what is outside V8's heap. */
  readonly rssGrowthBySpaceMb: Record<string, number>;
  /** CPU milliseconds per 1,000 notices, planned and raw: this process, and DynamoDB Local (undefined if not found). */
  readonly cpuPerThousand: { readonly planned: CpuPerThousand; readonly raw: CpuPerThousand };
}

export interface CpuPerThousand {
  readonly nodeMs: number;
  readonly tableMs?: number;
}

/** Lightweight synthetic customers (no PIN hashing): 5% important, 20% English, all on one feeder. */
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

/** CPU seconds DynamoDB Local's Java process has used (Linux /proc), found by the port it listens on. */
function tableCpuClock(endpoint: string | undefined): (() => number) | undefined {
  const port = endpoint ? new URL(endpoint).port : '';
  if (!port) return undefined;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let args: string[];
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      if (!args.some((a) => a.includes('DynamoDBLocal')) || args[args.indexOf('-port') + 1] !== port) continue;
      return () => {
        // Fields 14 and 15 (utime, stime) in clock ticks (100 a second), after the parenthesised name.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
      };
    }
  } catch {
    // No /proc (not Linux): the table's CPU is not reported.
  }
  return undefined;
}

/** A memory sample after GC, with each V8 space's committed size (to tell heap growth from what lies outside it). */
function memorySample(): { usage: NodeJS.MemoryUsage; spaces: Record<string, number> } {
  const usage = settledMemory();
  return { usage, spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])) };
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
  rawShare = Number(process.env.BENCH_FANOUT_RAW_SHARE ?? 0.2),
): Promise<FanoutResult> {
  progress(`    the directory: ${count} customers on one feeder`);
  // The directory, streamed in chunks so the generator holds no more than a chunk.
  for (let start = 0; start < count; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const c = benchCustomer(i);
      items.push({ ...keys.customerProfile(c.accountNumber), ...keys.customerByFeeder(c.feeder, c.accountNumber), ...c, name: `Bench ${i}`, address: `No. ${i} Bench Road`, transformer: `${c.feeder}-T01` });
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
  const tableCpu = tableCpuClock(process.env.DYNAMODB_ENDPOINT);
  type Run = { notices: number; seconds: number; nodeCpuMs: number; tableCpuMs?: number };
  /** Times `work` and the CPU both processes spent on it. */
  async function measured(work: () => Promise<number>): Promise<Run> {
    const table = tableCpu?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const notices = await work();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { notices, seconds, nodeCpuMs: (used.user + used.system) / 1000, tableCpuMs: table === undefined ? undefined : (tableCpu!() - table) * 1000 };
  }

  // Raw baseline: the notices of the first customers (another outage id each time, so both insert), written with the same parallelism.
  const rawCustomers = Math.max(CHUNK, Math.round((count * rawShare) / 2));
  const raw = (outageId: string) =>
    measured(async () => {
      const rawOutage = outage(outageId);
      const rawJob = { outageId, plan: 'initial' as const, revision: 0 };
      let notices = 0;
      for (let start = 0; start < rawCustomers; start += CHUNK) {
        const items = [];
        for (let i = start; i < Math.min(rawCustomers, start + CHUNK); i++) {
          const c = benchCustomer(i);
          const recipient = { recipientKey: c.accountNumber, accountNumber: c.accountNumber, to: c.phones[0]!, language: c.language, important: c.important, customerType: c.customerType };
          for (const notice of planRecipientNotices(recipient, false, { outage: rawOutage, job: rawJob, now, timeZone: 'Asia/Shanghai' })) items.push(noticeItem(notice));
        }
        notices += items.length;
        await batchWrite(doc, tableName, items);
      }
      return notices;
    });

  // Planning the feeder's outage, with memory sampled when 10% of its notices are written and at the end.
  const repository = new PlannerRepository(doc, tableName, { writeConcurrency: CONCURRENCY });
  const memory: { early?: ReturnType<typeof memorySample>; late?: ReturnType<typeof memorySample> } = {};
  const plan = (outageId: string) =>
    measured(async () => {
      await outages.declare(outage(outageId));
      let written = 0;
      const notices = {
        putAll: async (batch: Parameters<PlannerRepository['putAll']>[0]) => {
          await repository.putAll(batch);
          written += batch.length;
          if (!memory.early && written >= count / 10) memory.early = memorySample();
        },
        putNew: (batch: Parameters<PlannerRepository['putNew']>[0]) => repository.putNew(batch),
      };
      const outcome = await planOutageNotices(
        { outageId, plan: 'initial', revision: 0 },
        { outages, directory: repository, optOuts: repository, notices, progress: repository, now: () => now, timeZone: 'Asia/Shanghai' },
      );
      memory.late = memorySample();
      return outcome.status === 'planned' ? outcome.progress.written : 0;
    });

  // Raw, plan, raw, so the table growing under the run (DynamoDB Local slows as it fills) weighs on both alike.
  const step = async (label: string, run: () => Promise<Run>) => {
    const result = await run();
    const perThousand = (ms: number | undefined) => (ms === undefined ? '?' : ((ms * 1000) / result.notices).toFixed(0));
    progress(`    ${label}: ${result.notices} notices in ${result.seconds.toFixed(1)} s (${(result.notices / result.seconds).toFixed(0)}/s); CPU ms per 1,000 notices: this process ${perThousand(result.nodeCpuMs)}, DynamoDB Local ${perThousand(result.tableCpuMs)}`);
    return result;
  };
  const raw1 = await step(`raw BatchWriteItem, first ${rawCustomers} customers`, () => raw('BENCH-RAW-1'));
  const planned = await step(`planned, ${count} customers`, () => plan('BENCH-PLAN-1'));
  const raw2 = await step(`raw BatchWriteItem, first ${rawCustomers} customers again`, () => raw('BENCH-RAW-2'));

  const rawNotices = raw1.notices + raw2.notices;
  const rawSeconds = raw1.seconds + raw2.seconds;
  const plannedPerSecond = planned.notices / planned.seconds;
  const rawPerSecond = rawNotices / rawSeconds;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const { early, late } = memory as Required<typeof memory>;
  const rssGrowthBySpaceMb: Record<string, number> = {};
  for (const [space, size] of Object.entries(late.spaces)) rssGrowthBySpaceMb[space] = mb(size - (early.spaces[space] ?? 0));
  const heapCommitted = (m: typeof early) => Object.values(m.spaces).reduce((a, b) => a + b, 0);
  rssGrowthBySpaceMb['outside the V8 heap'] = mb(late.usage.rss - heapCommitted(late) - (early.usage.rss - heapCommitted(early)));
  const perThousand = (ms: number | undefined, notices: number) => (ms === undefined ? undefined : (ms * 1000) / notices);
  return {
    customers: count,
    notices: planned.notices,
    rawNotices,
    plannedPerSecond,
    rawPerSecond,
    ratio: plannedPerSecond / rawPerSecond,
    rssGrowthMb: mb(late.usage.rss - early.usage.rss),
    heapGrowthMb: mb(late.usage.heapUsed - early.usage.heapUsed),
    rssGrowthBySpaceMb,
    cpuPerThousand: {
      planned: { nodeMs: perThousand(planned.nodeCpuMs, planned.notices)!, tableMs: perThousand(planned.tableCpuMs, planned.notices) },
      raw: {
        nodeMs: perThousand(raw1.nodeCpuMs + raw2.nodeCpuMs, rawNotices)!,
        tableMs: raw1.tableCpuMs === undefined || raw2.tableCpuMs === undefined ? undefined : perThousand(raw1.tableCpuMs + raw2.tableCpuMs, rawNotices),
      },
    },
  };
}
