/**
 * A large billing file (issue 5): a CSV of N lines (default 200,000;
 * `BENCH_BILLING_LINES`), generated line by line (never the whole file in
 * memory) and fed through the real file intake (`acceptBillingFile`) into the
 * outbox table. Memory (RSS, heap used) is sampled at 10% and at 100% of the
 * lines (target: flat). Every 100th line is invalid, so rejection is on the
 * path too. The intake needs no customer directory: items carry their phone.
 *
 * @example
 * const billing = await benchBillingFile(doc, tableName);
 * notes.push(`billing file: ${billing.lines} lines in ${billing.seconds.toFixed(1)} s, RSS +${billing.rssGrowthMb.toFixed(1)} MB`);
 */
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { acceptBillingFile } from '../functions/billing/billing-intake';
import { DEFAULT_LATE_FEE_RULE } from '../functions/billing/late-fee';
import { DynamoNoticeStore } from '../functions/outbound/adapters/dynamo-notice-store';
import { seedCalendar } from '../functions/tickets/seed-calendar';

export interface BillingFileBenchOptions {
  readonly lines?: number;
  readonly batchId?: string;
}

export interface BillingFileResult {
  readonly lines: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly seconds: number;
  /** Growth from 10% to 100% of the lines, MB (target: flat). */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
}

const COLUMNS = ['type', 'accountNumber', 'phone', 'language', 'customerType', 'channel', 'meterReadingDate', 'reading', 'kwhUsed', 'amount', 'previousBalance', 'amountDue', 'billingPeriod', 'amountOverdue', 'dueDate', 'whereToPay'];

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

export async function benchBillingFile(doc: DynamoDBDocumentClient, tableName: string, options: BillingFileBenchOptions = {}): Promise<BillingFileResult> {
  const count = options.lines ?? Number(process.env.BENCH_BILLING_LINES ?? 200_000);
  const deps = { notices: new DynamoNoticeStore(doc, tableName), now: () => new Date('2026-03-11T02:00:00Z'), calendar: seedCalendar(), lateFeeRule: DEFAULT_LATE_FEE_RULE };
  let early: NodeJS.MemoryUsage | undefined;
  const tenth = Math.max(1, Math.floor(count / 10));
  const started = performance.now();
  const report = await acceptBillingFile(
    options.batchId ?? `bench-${Date.now()}`,
    billingCsv(count, (line) => {
      if (line === tenth) early = process.memoryUsage();
    }),
    deps,
  );
  const seconds = (performance.now() - started) / 1000;
  const late = process.memoryUsage();
  if (report.lines !== count) throw new Error(`the intake read ${report.lines} lines, expected ${count}`);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    lines: report.lines,
    accepted: report.accepted + report.alreadyAccepted,
    rejected: report.rejected,
    seconds,
    rssGrowthMb: mb(late.rss - (early ?? late).rss),
    heapGrowthMb: mb(late.heapUsed - (early ?? late).heapUsed),
  };
}
