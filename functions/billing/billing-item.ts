/**
 * What the billing system submits, item by item (DOMAIN.md, "Outbound"):
 * bill notices (meter-reading date, reading, kWh used, amount, previous
 * balance, amount due) and arrears reminders (billing period, amount
 * overdue, due date, where to pay; the late fee and total owed are computed
 * here, by the documented rule in late-fee.ts).
 */
import * as z from 'zod/mini';
import { toMainlandE164 } from '../customers/mainland-phone';

const MAX_AMOUNT = 100_000_000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// No control characters (C0, DEL, C1) in text that goes into a message.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const money = z.number().check(
  z.refine((n) => Number.isFinite(n) && Math.abs(n) <= MAX_AMOUNT, { message: `must be a finite amount up to ${MAX_AMOUNT}` }),
  z.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'at most 2 decimal places (fen)' }),
);
const nonNegativeMoney = money.check(z.gte(0));
const localDate = z.string().check(
  z.regex(DATE, 'must be a YYYY-MM-DD date'),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'not a calendar date' }),
);

const common = {
  accountNumber: z.string().check(z.regex(/^\d{6,20}$/, 'must be 6 to 20 digits')),
  // Parsed once, here: the item carries the E.164 form on (numbering rules are the costliest step of an item).
  phone: z.pipe(
    z.string().check(z.maxLength(32)),
    z.transform((s, ctx) => {
      // Mainland numbers only: a province's bill run has no other (customers/mainland-phone.ts).
      const e164 = toMainlandE164(s);
      // No `input` in the issue: only path and message leave this module, and the value may be personal data.
      if (e164 === undefined) ctx.issues.push({ code: 'custom', message: 'not a valid mainland China phone number', input: '' });
      return e164 ?? '';
    }),
  ),
  language: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
  customerType: z._default(z.enum(['residential', 'business']), 'residential'),
  channel: z._default(z.enum(['sms', 'voice']), 'sms'),
};

export const BillNoticeItemSchema = z.object({
  type: z.literal('bill_notice'),
  ...common,
  meterReadingDate: localDate,
  reading: z.number().check(z.gte(0), z.lte(1e12)),
  kwhUsed: z.number().check(z.gte(0), z.lte(1e9)),
  amount: nonNegativeMoney,
  previousBalance: money,
  amountDue: nonNegativeMoney,
});

export const ArrearsReminderItemSchema = z.object({
  type: z.literal('arrears_reminder'),
  ...common,
  billingPeriod: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a YYYY-MM month')),
  amountOverdue: nonNegativeMoney.check(z.gt(0)),
  dueDate: localDate,
  whereToPay: z.string().check(
    z.minLength(1),
    z.maxLength(200),
    z.refine((s) => !CONTROL.test(s), { message: 'must not contain control characters' }),
  ),
});

export const BillingItemSchema = z.discriminatedUnion('type', [BillNoticeItemSchema, ArrearsReminderItemSchema]);
export type BillingItem = z.infer<typeof BillingItemSchema>;

/** A batch id names the notices (`billing#<batch>#...`): resubmitting a batch never sends twice. */
export const BatchIdSchema = z.string().check(z.regex(/^[\w.-]{1,64}$/, 'batchId must be 1 to 64 letters, digits, _ . -'));

/** Field errors as `path: message`, without the values (they may be personal data). */
export function itemErrors(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`);
}

/** How far from today (the centre's local date) billing dates may lie; a date beyond is a billing-system error, not a bill. */
export const BILLING_DATE_RANGE = {
  meterReadingDate: { yearsBefore: 1, daysAfter: 1 },
  dueDate: { yearsBefore: 5, yearsAfter: 1 },
  billingPeriod: { yearsBefore: 5 },
} as const;

function shiftDate(date: string, years: number, days = 0): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first and last acceptable value of each billing date field, for one `today`. */
export interface BillingDateBounds {
  readonly meterReadingDate: readonly [string, string];
  readonly dueDate: readonly [string, string];
  readonly billingPeriod: readonly [string, string];
}

/**
 * The bounds of BILLING_DATE_RANGE around `today` (the centre's local date),
 * worked out once per request or file rather than per item.
 *
 * @example
 * billingDateBounds('2026-03-11').dueDate; // ['2021-03-11', '2027-03-11']
 */
export function billingDateBounds(today: string): BillingDateBounds {
  const { meterReadingDate, dueDate, billingPeriod } = BILLING_DATE_RANGE;
  return {
    meterReadingDate: [shiftDate(today, -meterReadingDate.yearsBefore), shiftDate(today, 0, meterReadingDate.daysAfter)],
    dueDate: [shiftDate(today, -dueDate.yearsBefore), shiftDate(today, dueDate.yearsAfter)],
    billingPeriod: [shiftDate(today, -billingPeriod.yearsBefore).slice(0, 7), today.slice(0, 7)],
  };
}

/**
 * Field errors for billing dates outside the sane range around `today`
 * (a meter read in 1900, a due date in 9999, a billing period not yet begun):
 * they would otherwise become a late fee of centuries or a notice nobody can read.
 * Takes `today` or, for many items, `billingDateBounds(today)`.
 *
 * @example
 * billingDateProblems({ type: 'arrears_reminder', dueDate: '9999-12-31', billingPeriod: '2026-02' }, '2026-03-11');
 * // ['dueDate: must be between 2021-03-11 and 2027-03-11']
 */
export function billingDateProblems(
  item: { readonly type: BillingItem['type']; readonly meterReadingDate?: string; readonly dueDate?: string; readonly billingPeriod?: string },
  today: string | BillingDateBounds,
): string[] {
  const bounds = typeof today === 'string' ? billingDateBounds(today) : today;
  const problems: string[] = [];
  const within = (field: keyof BillingDateBounds, value: string | undefined) => {
    const [first, last] = bounds[field];
    if (value !== undefined && (value < first || value > last)) problems.push(`${field}: must be between ${first} and ${last}`);
  };
  within('meterReadingDate', item.meterReadingDate);
  within('dueDate', item.dueDate);
  within('billingPeriod', item.billingPeriod);
  return problems;
}
