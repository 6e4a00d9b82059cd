/**
 * The late fee (电费违约金) on an overdue electricity bill, by a configurable
 * rule. The default follows the common Chinese rule (供电营业规则, the
 * electricity supply business rules): from the day after the due date, a
 * daily fraction of the overdue amount, 0.1% a day for residential
 * customers and 0.2% for business customers (the rules' current-year rate;
 * the 0.3% cross-year business rate is not modelled). The fee is rounded to
 * the fen (0.01 yuan), half up, and counted to "today" in the centre's zone.
 */
import { localDateIn } from '../tickets/calendar';

export interface LateFeeRule {
  /** Fraction of the overdue amount per day, by customer type. */
  readonly dailyRate: { readonly residential: number; readonly business: number };
  /** Days after the due date before the fee starts (0: the day after the due date is day 1). */
  readonly graceDays: number;
}

export const DEFAULT_LATE_FEE_RULE: LateFeeRule = { dailyRate: { residential: 0.001, business: 0.002 }, graceDays: 0 };

export interface LateFee {
  readonly days: number;
  readonly rate: number;
  readonly fee: number;
  readonly total: number;
  /** Local date the fee is counted to. */
  readonly asOf: string;
  /** First local date the fee accrues on. */
  readonly from: string;
}

const DAY_MS = 86_400_000;

/**
 * @example
 * // 100 yuan overdue, due 2026-03-01, today 2026-03-11 in Shanghai: 10 days x 0.1% = 1.00 yuan
 * lateFee(100, '2026-03-01', 'residential', new Date('2026-03-11T02:00:00Z'), 'Asia/Shanghai');
 * // { days: 10, rate: 0.001, fee: 1, total: 101, asOf: '2026-03-11', from: '2026-03-02' }
 */
export function lateFee(amountOverdue: number, dueDate: string, customerType: 'residential' | 'business', now: Date, timeZone: string, rule: LateFeeRule = DEFAULT_LATE_FEE_RULE): LateFee {
  const asOf = localDateIn(now, timeZone);
  const start = Date.parse(`${dueDate}T00:00:00Z`) + (rule.graceDays + 1) * DAY_MS;
  const days = Math.max(0, Math.floor((Date.parse(`${asOf}T00:00:00Z`) - start) / DAY_MS) + 1);
  const rate = rule.dailyRate[customerType];
  const fee = Math.round(amountOverdue * 100 * rate * days + 1e-9) / 100;
  return { days, rate, fee, total: Math.round((amountOverdue + fee) * 100) / 100, asOf, from: new Date(start).toISOString().slice(0, 10) };
}
