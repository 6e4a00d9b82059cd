/**
 * A large billing file (issue 14): a CSV of N lines (default 50,000;
 * `BENCH_BILLING_LINES`), generated line by line (never the whole file in
 * memory) and fed through the real file intake (`acceptBillingFile`) into the
 * outbox table. Every 100th line is invalid, so rejection is on the path too.
 *
 * The fair raw baseline is what the intake must do per notice: one
 * conditional PutItem (`attribute_not_exists(pk)`, so a re-dropped file never
 * resets a notice already sent), WRITE_CONCURRENCY in flight, of items of the
 * same shape and count, measured as raw, intake, raw (half the lines each
 * time) so the table growing under the run weighs on both alike. Unconditional
 * BatchWriteItem at the same concurrency is measured too and reported without
 * a bar: it cannot be idempotent without a read first, and a read-then-write
 * races a dispatcher that sends in between.
 *
 * Memory (heap used, RSS) is sampled after a full GC (bench/memory.ts) at 10%
 * and at 100% of the lines (target: flat). Found (issue 14): the intake holds
 * nothing per line (heap after GC +0 MB over 100,000 lines without a table);
 * the +34 MB on main was garbage not yet collected when sampled.
 *
 * @example
 * const billing = await benchBillingFile(doc, tableName);
 * report('billing file vs raw conditional PutItem', billing.perSecond, billing.rawConditionalPerSecond, 'items/s', 0.8, true);
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { acceptBillingFile, billingNotice, itemDepsAt, WRITE_CONCURRENCY } from '../functions/billing/billing-intake';
import { BillingItemSchema } from '../functions/billing/billing-item';
import { DEFAULT_LATE_FEE_RULE } from '../functions/billing/late-fee';
import { DynamoNoticeStore, noticeItem } from '../functions/outbound/adapters/dynamo-notice-store';
import { inParallel } from '../functions/outbound/adapters/planner-repository';
import type { Notice } from '../functions/outbound/notice';
import { seedCalendar } from '../functions/tickets/seed-calendar';
import { settledMemory } from './memory';

export interface BillingFileBenchOptions {
  readonly lines?: number;
  readonly batchId?: string;
}

export interface BillingFileResult {
  readonly lines: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly seconds: number;
  /** Notices written per second by the intake. */
  readonly perSecond: number;
  /** Raw conditional PutItem, WRITE_CONCURRENCY in flight: the fair baseline. */
  readonly rawConditionalPerSecond: number;
  /** Raw BatchWriteItem (25 a request), WRITE_CONCURRENCY requests in flight: reported, no bar. */
  readonly rawBatchPerSecond: number;
  readonly concurrency: number;
  /** Growth from 10% to 100% of the lines after a full GC, MB (target: flat). */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
}

const COLUMNS = ['type', 'accountNumber', 'phone', 'language', 'customerType', 'channel', 'meterReadingDate', 'reading', 'kwhUsed', 'amount', 'previousBalance', 'amountDue', 'billingPeriod', 'amountOverdue', 'dueDate', 'whereToPay'];
const NOW = new Date('2026-03-11T02:00:00Z');
const CHUNK = 1000;

function csvLine(i: number): string {
  const account = `97${String(i).padStart(8, '0')}`;
  const phone = i % 100 === 99 ? 'not a phone' : `1390${String(i).padStart(7, '0')}`;
  const language = i % 5 === 0 ? 'en' : 'zh-CN';
  if (i % 4 === 3) {
    return ['arrears_reminder', account, phone, language, 'residential', 'sms', '', '', '', '', '', '', '2026-02', '86.5', '2026-03-01', '"State Grid app, Alipay, or any service hall"'].join(',');
  }
  const amount = ((i % 5000) / 10 + 20).toFixed(2);
  return ['bill_notice', account, phone, language, i % 10 === 0 ? 'business' : 'residential', 'sms', '2026-03-01', String(10_000 + i), String(100 + (i % 400)), amount, '0', amount, '', '', '', ''].join(',');
}

/** The file, a line at a time, with samples taken as the intake pulls the lines. */
async function* billingCsv(count: number, onLine: (line: number) => void): AsyncGenerator<string> {
  yield `${COLUMNS.join(',')}\n`;
  for (let i = 0; i < count; i++) {
    onLine(i + 1);
    yield `${csvLine(i)}\n`;
  }
}

/** Notices of the same shape as the intake's (a bill notice and an arrears reminder, alternating as in the file), made without the intake's work. */
async function rawNotices(batchId: string): Promise<(i: number) => Notice> {
  const deps = itemDepsAt(NOW, await seedCalendar().current(), DEFAULT_LATE_FEE_RULE);
  const bill = BillingItemSchema.parse({ type: 'bill_notice', accountNumber: '9700000000', phone: '13900000000', meterReadingDate: '2026-03-01', reading: 10_000, kwhUsed: 215, amount: 120.4, previousBalance: 0, amountDue: 120.4 });
  const arrears = BillingItemSchema.parse({ type: 'arrears_reminder', accountNumber: '9700000003', phone: '13900000003', billingPeriod: '2026-02', amountOverdue: 86.5, dueDate: '2026-03-01', whereToPay: 'State Grid app, Alipay, or any service hall' });
  const templates = [billingNotice(batchId, bill, NOW, deps), billingNotice(batchId, arrears, NOW, deps)] as const;
  return (i) => {
    const template = templates[i % 4 === 3 ? 1 : 0];
    const accountNumber = `97${String(i).padStart(8, '0')}`;
    return { ...template, noticeId: `billing#${batchId}#${template.template}#${accountNumber}#sms`, accountNumber, to: `+861390${String(i).padStart(7, '0')}` };
  };
}

/** Raw writes of `count` notices, a chunk at a time: conditional PutItem or BatchWriteItem, `concurrency` requests in flight. */
async function rawWrite(doc: DynamoDBDocumentClient, tableName: string, batchId: string, count: number, how: 'conditional' | 'batch'): Promise<number> {
  const make = await rawNotices(batchId);
  const store = new DynamoNoticeStore(doc, tableName);
  const started = performance.now();
  for (let start = 0; start < count; start += CHUNK) {
    const notices = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => make(start + k));
    if (how === 'conditional') {
      await inParallel(notices, WRITE_CONCURRENCY, async (notice) => {
        if (!(await store.create(notice))) throw new Error(`raw baseline: ${notice.noticeId} existed`);
      });
    } else {
      const batches: Notice[][] = [];
      for (let i = 0; i < notices.length; i += 25) batches.push(notices.slice(i, i + 25));
      await inParallel(batches, WRITE_CONCURRENCY, async (batch) => {
        let requests = batch.map((n) => ({ PutRequest: { Item: noticeItem(n) } }));
        while (requests.length > 0) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
          requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      });
    }
  }
  return count / ((performance.now() - started) / 1000);
}

export async function benchBillingFile(doc: DynamoDBDocumentClient, tableName: string, options: BillingFileBenchOptions = {}, progress: (line: string) => void = () => {}): Promise<BillingFileResult> {
  const count = options.lines ?? Number(process.env.BENCH_BILLING_LINES ?? 200_000);
  const batchId = options.batchId ?? `bench-${Date.now()}`;
  const half = Math.max(1, Math.floor(count / 2));
  const deps = { notices: new DynamoNoticeStore(doc, tableName), now: () => NOW, calendar: seedCalendar(), lateFeeRule: DEFAULT_LATE_FEE_RULE };

  // Warm the connections and the JIT on both paths before timing either.
  await rawWrite(doc, tableName, `${batchId}-warm`, Math.min(1000, half), 'conditional');
  await acceptBillingFile(`${batchId}-warm`, billingCsv(Math.min(1000, half), () => {}), deps);
  progress(`    raw conditional PutItem, ${half} notices`);
  const raw1 = await rawWrite(doc, tableName, `${batchId}-raw1`, half, 'conditional');
  let early: NodeJS.MemoryUsage | undefined;
  const tenth = Math.max(1, Math.floor(count / 10));
  progress(`    the billing file, ${count} lines`);
  const started = performance.now();
  const report = await acceptBillingFile(
    batchId,
    billingCsv(count, (line) => {
      if (line === tenth) early = settledMemory();
      if (line % tenth === 0) progress(`      ${Math.round((line / count) * 100)}% of the lines read`);
    }),
    deps,
  );
  const seconds = (performance.now() - started) / 1000;
  const late = settledMemory();
  if (report.lines !== count) throw new Error(`the intake read ${report.lines} lines, expected ${count}`);
  progress(`    raw conditional PutItem again, then raw BatchWriteItem, ${half} notices each`);
  const raw2 = await rawWrite(doc, tableName, `${batchId}-raw2`, count - half, 'conditional');
  const batch = await rawWrite(doc, tableName, `${batchId}-batch`, half, 'batch');
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const accepted = report.accepted + report.alreadyAccepted;
  return {
    lines: report.lines,
    accepted,
    rejected: report.rejected,
    seconds,
    perSecond: accepted / seconds,
    // Harmonic mean: the same number of notices in each half.
    rawConditionalPerSecond: 2 / (1 / raw1 + 1 / raw2),
    rawBatchPerSecond: batch,
    concurrency: WRITE_CONCURRENCY,
    rssGrowthMb: mb(late.rss - (early ?? late).rss),
    heapGrowthMb: mb(late.heapUsed - (early ?? late).heapUsed),
  };
}
