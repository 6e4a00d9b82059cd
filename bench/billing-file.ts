/**
 * A large billing file (issue 14): a CSV of N lines (default 50,000;
 * `BENCH_BILLING_LINES`), generated line by line (never the whole file in
 * memory) and fed through the real file intake (`acceptBillingFile`) into the
 * outbox table. Every 100th line is invalid, so rejection is on the path too.
 *
 * Baselines, raw writes of notices of the same shape, without the intake's
 * parsing, measured before and after the file (a share of the lines each
 * time, so the table growing under the run weighs on both alike; ratios of
 * throughput stay fair on a share):
 * - raw BatchWriteItem, 25 notices a request, as many notices in flight as
 *   the intake (WRITES_IN_FLIGHT x NOTICES_PER_WRITE = 800, 32 requests): the
 *   fastest the table takes these items at all. The bar (>= 0.8) uses it:
 *   the intake's writes (a consistent BatchGetItem and a TransactWriteItems
 *   of up to 100 conditional Puts a group, DynamoNoticeStore.createNew) are
 *   measured against unconditional batch writes, so the ratio says what
 *   idempotence and the intake's work cost together. Without conditions it is
 *   not idempotent: it is the speed to approach, not a way to write notices.
 * - raw conditional PutItem, 32 in flight (the intake's old window): one
 *   request per notice, what per-item conditions cost on this table; reported
 *   without a bar, on a smaller share (it is several times slower). A bar
 *   against it would flatter: the intake no longer writes that way.
 * Both write each notice once (fresh ids): the same work the intake does on a
 * new file.
 *
 * Memory (heap used, RSS) is sampled after a full GC (bench/memory.ts) at 10%
 * and at 100% of the lines (target: flat). Found (issue 14): the intake holds
 * nothing per line (heap after GC +0 MB over 100,000 lines without a table);
 * the +34 MB on main was garbage not yet collected when sampled.
 *
 * @example
 * const billing = await benchBillingFile(doc, tableName);
 * report('billing file vs raw BatchWriteItem', billing.perSecond, billing.rawBatchPerSecond, 'items/s', 0.8, true);
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { acceptBillingFile, billingNotice, itemDepsAt, NOTICES_PER_WRITE, WRITES_IN_FLIGHT } from '../functions/billing/billing-intake';
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
  /** Raw TransactWriteItems of conditional Puts, as many notices in flight as the intake: the bar's baseline. */
  readonly rawTransactionPerSecond: number;
  /** Raw conditional PutItem, CONDITIONAL_IN_FLIGHT in flight: reported, no bar. */
  readonly rawConditionalPerSecond: number;
  /** Raw BatchWriteItem (25 a request), as many notices in flight as the intake: reported, no bar (not idempotent). */
  readonly rawBatchPerSecond: number;
  /** Raw conditional PutItems in flight. */
  readonly concurrency: number;
  /** Notices in flight, the intake's and the raw BatchWriteItem's alike. */
  readonly noticesInFlight: number;
  /** Notices each raw baseline wrote (both sides together). */
  readonly rawTransactionNotices: number;
  readonly rawBatchNotices: number;
  readonly rawConditionalNotices: number;
  /** Growth from 10% to 100% of the lines after a full GC, MB (target: flat). */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
}

const COLUMNS = ['type', 'accountNumber', 'phone', 'language', 'customerType', 'channel', 'meterReadingDate', 'reading', 'kwhUsed', 'amount', 'previousBalance', 'amountDue', 'billingPeriod', 'amountOverdue', 'dueDate', 'whereToPay'];
const NOW = new Date('2026-03-11T02:00:00Z');
const BATCH_SIZE = 25;
/** The intake's notices in flight. */
const NOTICES_IN_FLIGHT = WRITES_IN_FLIGHT * NOTICES_PER_WRITE;
/** The intake's old window of conditional PutItems. */
const CONDITIONAL_IN_FLIGHT = 32;

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

/**
 * Raw writes of `count` notices in a sliding window, as the intake writes: conditional PutItem
 * (CONDITIONAL_IN_FLIGHT), BatchWriteItem (25 a request) or TransactWriteItems of conditional Puts
 * (NOTICES_PER_WRITE a request), the last two with NOTICES_IN_FLIGHT notices in flight.
 */
async function rawWrite(doc: DynamoDBDocumentClient, tableName: string, batchId: string, count: number, how: 'conditional' | 'batch' | 'transaction'): Promise<number> {
  const make = await rawNotices(batchId);
  const size = how === 'conditional' ? 1 : how === 'batch' ? BATCH_SIZE : NOTICES_PER_WRITE;
  const inFlight = how === 'conditional' ? CONDITIONAL_IN_FLIGHT : NOTICES_IN_FLIGHT / size;
  const starts = Array.from({ length: Math.ceil(count / size) }, (_, k) => k * size);
  const started = performance.now();
  await inParallel(starts, inFlight, async (start) => {
    const items = Array.from({ length: Math.min(size, count - start) }, (_, k) => noticeItem(make(start + k)));
    if (how === 'conditional') {
      await doc.send(new PutCommand({ TableName: tableName, Item: items[0], ConditionExpression: 'attribute_not_exists(pk)' }));
    } else if (how === 'transaction') {
      await doc.send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } })) }));
    } else {
      let requests = items.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  });
  return count / ((performance.now() - started) / 1000);
}

export async function benchBillingFile(doc: DynamoDBDocumentClient, tableName: string, options: BillingFileBenchOptions = {}, progress: (line: string) => void = () => {}): Promise<BillingFileResult> {
  const count = options.lines ?? Number(process.env.BENCH_BILLING_LINES ?? 20_000);
  const batchId = options.batchId ?? `bench-${Date.now()}`;
  // Shares of the lines for the baselines, each measured half before and half after the file.
  const share = (part: number, floor: number) => Math.max(floor, Math.floor(count * part));
  const transactionHalf = share(1 / 4, NOTICES_PER_WRITE);
  const batchHalf = share(1 / 4, BATCH_SIZE);
  const conditionalHalf = Math.min(1000, share(1 / 20, CONDITIONAL_IN_FLIGHT));
  const deps = { notices: new DynamoNoticeStore(doc, tableName), now: () => NOW, calendar: seedCalendar(), lateFeeRule: DEFAULT_LATE_FEE_RULE };

  // Warm the connections, the JIT and DynamoDB Local on every path before timing any.
  const warm = Math.min(1000, count);
  await rawWrite(doc, tableName, `${batchId}-warm-transaction`, warm, 'transaction');
  await rawWrite(doc, tableName, `${batchId}-warm-batch`, warm, 'batch');
  await rawWrite(doc, tableName, `${batchId}-warm-conditional`, Math.min(500, warm), 'conditional');
  await acceptBillingFile(`${batchId}-warm`, billingCsv(warm, () => {}), deps);
  progress(`    raw TransactWriteItems ${transactionHalf}, BatchWriteItem ${batchHalf}, conditional PutItem ${conditionalHalf} notices`);
  const transaction1 = await rawWrite(doc, tableName, `${batchId}-tx1`, transactionHalf, 'transaction');
  const batch1 = await rawWrite(doc, tableName, `${batchId}-batch1`, batchHalf, 'batch');
  const conditional1 = await rawWrite(doc, tableName, `${batchId}-cond1`, conditionalHalf, 'conditional');
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
  if (report.alreadyAccepted !== 0) throw new Error(`a fresh file found ${report.alreadyAccepted} notices already there`);
  progress(`    the raw baselines again`);
  const conditional2 = await rawWrite(doc, tableName, `${batchId}-cond2`, conditionalHalf, 'conditional');
  const batch2 = await rawWrite(doc, tableName, `${batchId}-batch2`, batchHalf, 'batch');
  const transaction2 = await rawWrite(doc, tableName, `${batchId}-tx2`, transactionHalf, 'transaction');
  const mb = (bytes: number) => bytes / 1024 / 1024;
  // Harmonic means: the same number of notices on each side.
  const harmonic = (a: number, b: number) => 2 / (1 / a + 1 / b);
  return {
    lines: report.lines,
    accepted: report.accepted,
    rejected: report.rejected,
    seconds,
    perSecond: report.accepted / seconds,
    rawTransactionPerSecond: harmonic(transaction1, transaction2),
    rawConditionalPerSecond: harmonic(conditional1, conditional2),
    rawBatchPerSecond: harmonic(batch1, batch2),
    concurrency: CONDITIONAL_IN_FLIGHT,
    noticesInFlight: NOTICES_IN_FLIGHT,
    rawTransactionNotices: 2 * transactionHalf,
    rawBatchNotices: 2 * batchHalf,
    rawConditionalNotices: 2 * conditionalHalf,
    rssGrowthMb: mb(late.rss - (early ?? late).rss),
    heapGrowthMb: mb(late.heapUsed - (early ?? late).heapUsed),
  };
}
