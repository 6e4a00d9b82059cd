/**
 * Billing intake: tomorrow's bill notices and arrears reminders, from the
 * API (up to 1,000 items, a result per item) or a file (CSV or JSONL,
 * streamed record by record through shared/record-file.ts, a report at the end). Primary course per item:
 * 1. validate it (fields from DOMAIN.md; no value is echoed back);
 * 2. compute what billing does not send: the late fee and total owed;
 * 3. make the notice with a deterministic id (batch, template, account,
 *    channel) and a due instant 1 working day on;
 * 4. write it to the outbox unless it exists (resubmitting changes nothing),
 *    up to NOTICES_PER_WRITE notices a write, WRITES_IN_FLIGHT writes at once.
 * The dispatcher takes it from there.
 */
import type { Notice } from '../outbound/notice';
import { readRecordFile } from '../shared/record-file';
import { localDateIn, type CalendarSource, type WorkingCalendar } from '../tickets/calendar';
import { billingDateBounds, billingDateProblems, BillingItemSchema, itemErrors, type BillingDateBounds, type BillingItem } from './billing-item';
import { TooManyItemsError } from './errors';
import { lateFee, type LateFeeRule } from './late-fee';

export const MAX_ITEMS_PER_REQUEST = 1000;
/** Notices in one write (DynamoDB's 100 actions a transaction; the store's MAX_NOTICES_PER_CREATE). */
export const NOTICES_PER_WRITE = 100;
/** Writes in flight at once, a sliding window (bench/billing-file.ts compares with raw writes of as many notices in flight). */
export const WRITES_IN_FLIGHT = 8;

export interface NoticeWriter {
  /**
   * Creates those of up to NOTICES_PER_WRITE notices (distinct ids) that do
   * not exist, never changing one that does (it may have been sent): for
   * each, true if this call created it.
   */
  createNew(notices: readonly Notice[]): Promise<boolean[]>;
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
 * A sliding window of writes: `add` waits for a free slot. The first failure is thrown by the next
 * `add` or by `drain`, once the writes in flight have ended (nothing lands after the caller failed).
 */
function writeWindow(size: number) {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  return {
    async add(work: () => Promise<void>): Promise<void> {
      while (inFlight.size >= size && !failure) await Promise.race(inFlight);
      if (failure) {
        await Promise.all(inFlight);
        throw failure.error;
      }
      const running: Promise<void> = work()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },
    async drain(): Promise<void> {
      await Promise.all(inFlight);
      if (failure) throw failure.error;
    },
  };
}

/** Writes notices with distinct ids, a group of NOTICES_PER_WRITE a write, WRITES_IN_FLIGHT at once: for each, whether it was created. */
async function writeAll(notices: readonly Notice[], deps: BillingIntakeDeps): Promise<boolean[]> {
  const created = new Array<boolean>(notices.length);
  const window = writeWindow(WRITES_IN_FLIGHT);
  for (let start = 0; start < notices.length; start += NOTICES_PER_WRITE) {
    const group = notices.slice(start, start + NOTICES_PER_WRITE);
    await window.add(async () => {
      (await deps.notices.createNew(group)).forEach((yes, k) => (created[start + k] = yes));
    });
  }
  await window.drain();
  return created;
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
  const results: ItemResult[] = [];
  const valid: { index: number; notice: Notice }[] = [];
  items.forEach((raw, index) => {
    const p = parseItem(batchId, index, raw, now, itemDeps);
    if ('errors' in p) {
      results.push({ index, status: 'rejected', errors: p.errors });
      return;
    }
    const first = firstIndex.get(p.notice.noticeId);
    if (first !== undefined) {
      results.push({ index, status: 'duplicate', noticeId: p.notice.noticeId, duplicateOf: first });
      return;
    }
    firstIndex.set(p.notice.noticeId, index);
    valid.push(p);
  });
  const created = await writeAll(valid.map((v) => v.notice), deps);
  valid.forEach(({ index, notice }, k) => results.push({ index, status: created[k] ? 'accepted' : 'already_accepted', noticeId: notice.noticeId }));
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

const MAX_REPORTED_REJECTIONS = 1000;
const NUMERIC_FIELDS = new Set(['reading', 'kwhUsed', 'amount', 'previousBalance', 'amountDue', 'amountOverdue']);

/**
 * The file's use case: streamed, a group of NOTICES_PER_WRITE notices at a
 * time, so memory stays flat however long the file (the groups in flight and
 * the one being filled). CSV has a header row naming the item fields (quoted
 * fields may hold commas, quotes and line breaks); JSONL has one item per
 * line. Line numbers are 1-based, header included: the line a record starts
 * on. A line repeated within a group counts as already accepted, as it does
 * across groups (the notice exists by then).
 *
 * @example
 * const report = await acceptBillingFile('bills-2026-03-09', s3Body, deps);
 */
export async function acceptBillingFile(batchId: string, input: AsyncIterable<string | Uint8Array>, deps: BillingIntakeDeps): Promise<FileReport> {
  const now = deps.now();
  // Read on the first record, inside the loop: awaiting before iterating could lose what a stream emits meanwhile.
  let itemDeps: ItemDeps | undefined;
  let columns: string[] | undefined;
  const report = { batchId, lines: 0, accepted: 0, alreadyAccepted: 0, rejected: 0, rejections: [] as { line: number; errors: readonly string[] }[], rejectionsTruncated: false };
  const reject = (line: number, errors: readonly string[]) => {
    report.rejected += 1;
    if (report.rejections.length < MAX_REPORTED_REJECTIONS) report.rejections.push({ line, errors });
    else report.rejectionsTruncated = true;
  };

  // Groups are written while the next is read and parsed, a sliding window: the reader waits only when
  // WRITES_IN_FLIGHT groups are in flight, so the table is never idle during parsing nor memory unbounded.
  const window = writeWindow(WRITES_IN_FLIGHT);
  let group = new Map<string, Notice>();
  const flush = async () => {
    const notices = [...group.values()];
    group = new Map();
    if (notices.length === 0) return;
    await window.add(async () => {
      for (const created of await deps.notices.createNew(notices)) {
        if (created) report.accepted += 1;
        else report.alreadyAccepted += 1;
      }
    });
  };

  for await (const record of readRecordFile(input)) {
    if ('fields' in record && !columns) {
      columns = record.fields.map((name) => name.trim());
      continue;
    }
    report.lines += 1;
    itemDeps ??= itemDepsAt(now, await deps.calendar.current(), deps.lateFeeRule);
    const raw = 'error' in record ? `item: ${record.error}` : 'json' in record ? parseJsonLine(record.json) : csvRecord(columns ?? [], record.fields);
    const parsed = typeof raw === 'string' ? { index: record.line, errors: [raw] } : parseItem(batchId, record.line, raw, now, itemDeps);
    if ('errors' in parsed) reject(parsed.index, parsed.errors);
    else if (group.has(parsed.notice.noticeId)) report.alreadyAccepted += 1;
    else group.set(parsed.notice.noticeId, parsed.notice);
    if (group.size >= NOTICES_PER_WRITE) await flush();
  }
  await flush();
  await window.drain();
  return report;
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
