/**
 * Billing intake: tomorrow's bill notices and arrears reminders, from the
 * API (up to 1,000 items, a result per item) or a file (CSV or JSONL,
 * streamed record by record through shared/record-file.ts, a report at the end). Primary course per item:
 * 1. validate it (fields from DOMAIN.md; no value is echoed back);
 * 2. compute what billing does not send: the late fee and total owed;
 * 3. make the notice with a deterministic id (batch, template, account,
 *    channel) and a due instant 1 working day on;
 * 4. write it to the outbox unless it exists (resubmitting changes nothing).
 * The dispatcher takes it from there.
 */
import type { Notice } from '../outbound/notice';
import { readRecordFile } from '../shared/record-file';
import { localDateIn, type CalendarSource, type WorkingCalendar } from '../tickets/calendar';
import { billingDateBounds, billingDateProblems, BillingItemSchema, itemErrors, type BillingDateBounds, type BillingItem } from './billing-item';
import { TooManyItemsError } from './errors';
import { lateFee, type LateFeeRule } from './late-fee';

export const MAX_ITEMS_PER_REQUEST = 1000;
/** Conditional PutItems in flight at once (a sliding window; bench/billing-file.ts compares with raw writes at the same). */
export const WRITE_CONCURRENCY = 32;

export interface NoticeWriter {
  /** False when a notice with this id exists already. */
  create(notice: Notice): Promise<boolean>;
}

export interface BillingIntakeDeps {
  readonly notices: NoticeWriter;
  readonly now: () => Date;
  readonly calendar: CalendarSource;
  readonly lateFeeRule: LateFeeRule;
}

/** What one item needs, worked out once per request or file: the calendar, today's date bounds, the due instant. */
export interface ItemDeps {
  readonly calendar: WorkingCalendar;
  readonly lateFeeRule: LateFeeRule;
  readonly dateBounds: BillingDateBounds;
  /** 1 working day after `now` (ISO). */
  readonly dueBy: string;
}

/**
 * The per-request part of the item work, for `now`.
 *
 * @example
 * const itemDeps = itemDepsAt(now, await deps.calendar.current(), deps.lateFeeRule);
 */
export function itemDepsAt(now: Date, calendar: WorkingCalendar, lateFeeRule: LateFeeRule): ItemDeps {
  return { calendar, lateFeeRule, dateBounds: billingDateBounds(localDateIn(now, calendar.timeZone)), dueBy: calendar.addWorkingDays(now, 1).toISOString() };
}

export type ItemResult =
  | { readonly index: number; readonly status: 'accepted' | 'already_accepted'; readonly noticeId: string }
  | { readonly index: number; readonly status: 'duplicate'; readonly noticeId: string; readonly duplicateOf: number }
  | { readonly index: number; readonly status: 'rejected'; readonly errors: readonly string[] };

export function billingNoticeId(batchId: string, item: Pick<BillingItem, 'type' | 'accountNumber' | 'channel'>): string {
  return `billing#${batchId}#${item.type}#${item.accountNumber}#${item.channel}`;
}

/** The outbox notice for a valid item (its phone already in E.164: BillingItemSchema gives it so). */
export function billingNotice(batchId: string, item: BillingItem, now: Date, deps: ItemDeps): Notice {
  const { type, accountNumber, phone, language, customerType, channel, ...fields } = item;
  let params: Record<string, string | number> = fields;
  if (item.type === 'arrears_reminder') {
    const fee = lateFee(item.amountOverdue, item.dueDate, customerType, now, deps.calendar.timeZone, deps.lateFeeRule);
    params = {
      ...fields,
      lateFee: fee.fee,
      lateFeeDays: fee.days,
      lateFeeRatePercent: Number((fee.rate * 100).toFixed(4)),
      lateFeeFrom: fee.from,
      lateFeeAsOf: fee.asOf,
      totalOwed: fee.total,
    };
  }
  const at = now.toISOString();
  return {
    noticeId: billingNoticeId(batchId, item),
    channel,
    template: type,
    language,
    to: phone,
    accountNumber,
    important: false,
    customerType,
    params,
    quietHours: 'reminder',
    source: { kind: 'billing', id: batchId },
    status: 'pending',
    attempts: 0,
    createdAt: at,
    notBefore: at,
    dueBy: deps.dueBy,
  };
}

type Parsed = { readonly index: number; readonly notice: Notice } | { readonly index: number; readonly errors: readonly string[] };

function parseItem(batchId: string, index: number, raw: unknown, now: Date, deps: ItemDeps): Parsed {
  const parsed = BillingItemSchema.safeParse(raw);
  if (!parsed.success) return { index, errors: itemErrors(parsed.error) };
  const dateProblems = billingDateProblems(parsed.data, deps.dateBounds);
  if (dateProblems.length > 0) return { index, errors: dateProblems };
  return { index, notice: billingNotice(batchId, parsed.data, now, deps) };
}

/**
 * Writes the valid items' notices, WRITE_CONCURRENCY conditional PutItems in flight at once: a
 * sliding window, so one slow write holds up one slot, not a whole round. Conditional because a
 * notice may exist already (a resubmitted file or request) and may have been sent: it is left alone.
 */
async function write(parsed: readonly Parsed[], deps: BillingIntakeDeps): Promise<ItemResult[]> {
  const results = new Array<ItemResult>(parsed.length);
  let next = 0;
  const worker = async () => {
    while (next < parsed.length) {
      const at = next++;
      const p = parsed[at] as Parsed;
      if ('errors' in p) {
        results[at] = { index: p.index, status: 'rejected', errors: p.errors };
        continue;
      }
      const created = await deps.notices.create(p.notice);
      results[at] = { index: p.index, status: created ? 'accepted' : 'already_accepted', noticeId: p.notice.noticeId };
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, parsed.length) }, worker));
  return results;
}

/**
 * The API's use case: one result per item, in order. Two items of a request
 * for the same account, template and channel: the second is a `duplicate`.
 *
 * @example
 * const results = await acceptBillingItems('2026-03-09-bills', body.items, deps);
 */
export async function acceptBillingItems(batchId: string, items: readonly unknown[], deps: BillingIntakeDeps): Promise<ItemResult[]> {
  if (items.length > MAX_ITEMS_PER_REQUEST) throw new TooManyItemsError(items.length, MAX_ITEMS_PER_REQUEST);
  const now = deps.now();
  const itemDeps = itemDepsAt(now, await deps.calendar.current(), deps.lateFeeRule);
  const firstIndex = new Map<string, number>();
  const parsed: Parsed[] = [];
  const duplicates: ItemResult[] = [];
  items.forEach((raw, index) => {
    const p = parseItem(batchId, index, raw, now, itemDeps);
    if ('notice' in p) {
      const first = firstIndex.get(p.notice.noticeId);
      if (first !== undefined) {
        duplicates.push({ index, status: 'duplicate', noticeId: p.notice.noticeId, duplicateOf: first });
        return;
      }
      firstIndex.set(p.notice.noticeId, index);
    }
    parsed.push(p);
  });
  const results = [...(await write(parsed, deps)), ...duplicates];
  return results.sort((a, b) => a.index - b.index);
}

export interface FileReport {
  readonly batchId: string;
  readonly lines: number;
  readonly accepted: number;
  /** Already in the outbox: an earlier drop of the same file, or a repeated line. */
  readonly alreadyAccepted: number;
  readonly rejected: number;
  /** The first rejected lines with their errors (capped, so the report stays small). */
  readonly rejections: readonly { readonly line: number; readonly errors: readonly string[] }[];
  readonly rejectionsTruncated: boolean;
}

const FILE_CHUNK = 500;
const MAX_REPORTED_REJECTIONS = 1000;
const NUMERIC_FIELDS = new Set(['reading', 'kwhUsed', 'amount', 'previousBalance', 'amountDue', 'amountOverdue']);

/**
 * The file's use case: streamed, a chunk of records at a time, so memory
 * stays flat however long the file. CSV has a header row naming the item
 * fields (quoted fields may hold commas, quotes and line breaks); JSONL has
 * one item per line. Line numbers are 1-based, header included: the line a
 * record starts on.
 *
 * @example
 * const report = await acceptBillingFile('bills-2026-03-09', s3Body, deps);
 */
export async function acceptBillingFile(batchId: string, input: AsyncIterable<string | Uint8Array>, deps: BillingIntakeDeps): Promise<FileReport> {
  const now = deps.now();
  // Read on the first record, inside the loop: awaiting before iterating could lose what a stream emits meanwhile.
  let itemDeps: ItemDeps | undefined;
  let columns: string[] | undefined;
  let chunk: Parsed[] = [];
  const report = { batchId, lines: 0, accepted: 0, alreadyAccepted: 0, rejected: 0, rejections: [] as { line: number; errors: readonly string[] }[], rejectionsTruncated: false };

  const tally = (results: readonly ItemResult[]) => {
    for (const result of results) {
      if (result.status === 'accepted') report.accepted += 1;
      else if (result.status === 'rejected') {
        report.rejected += 1;
        if (report.rejections.length < MAX_REPORTED_REJECTIONS) report.rejections.push({ line: result.index, errors: result.errors });
        else report.rejectionsTruncated = true;
      } else report.alreadyAccepted += 1;
    }
  };
  // One chunk is written while the next is read and parsed, so the table is not idle during parsing;
  // the earlier chunk's writes finish before the next chunk's start (two chunks in memory at most).
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const full = chunk;
    chunk = [];
    await writing;
    writing = prefetch(write(full, deps).then(tally));
  };

  for await (const record of readRecordFile(input)) {
    if ('fields' in record && !columns) {
      columns = record.fields.map((name) => name.trim());
      continue;
    }
    report.lines += 1;
    itemDeps ??= itemDepsAt(now, await deps.calendar.current(), deps.lateFeeRule);
    const raw = 'error' in record ? `item: ${record.error}` : 'json' in record ? parseJsonLine(record.json) : csvRecord(columns ?? [], record.fields);
    chunk.push(typeof raw === 'string' ? { index: record.line, errors: [raw] } : parseItem(batchId, record.line, raw, now, itemDeps));
    if (chunk.length >= FILE_CHUNK) await flush();
  }
  await flush();
  await writing;
  return report;
}

/** Marks a promise awaited later as handled: if the read fails first, its rejection must not crash the process. */
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

function parseJsonLine(line: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'item: not a JSON object';
  } catch {
    // JSON.parse quotes the offending text; the line may hold a phone number.
    return 'item: not valid JSON';
  }
}

function csvRecord(columns: readonly string[], fields: readonly string[]): Record<string, unknown> | string {
  if (fields.length !== columns.length) return `item: expected ${columns.length} fields, found ${fields.length}`;
  const record: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    const value = fields[i] as string;
    if (value === '') return;
    record[name] = NUMERIC_FIELDS.has(name) && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  });
  return record;
}
