/**
 * The small bill summary the IVR reads to a verified caller. The billing
 * system owns bills; the hotline keeps only the latest summary per account
 * (`CUSTOMER#<account>` / `BILL#LATEST`, written by the billing feed, or by
 * the local seed), so self-service costs one GetItem and never a call into billing.
 */
export interface BillSummary {
  readonly accountNumber: string;
  /** Billing period, `YYYY-MM`. */
  readonly period: string;
  readonly kwh: number;
  /** Amounts in fen (1/100 yuan), integers: no floating-point money. */
  readonly billAmountFen: number;
  /** Positive: the customer owes this much today; zero or negative: paid up (credit). */
  readonly balanceDueFen: number;
  /** Local date the bill is due, `YYYY-MM-DD`. */
  readonly dueDate: string;
}

/**
 * A deterministic made-up bill for a synthetic customer (demos, local seed, bench).
 *
 * @example
 * syntheticBillSummary('3312345678').period; // '2026-10'
 */
export function syntheticBillSummary(accountNumber: string): BillSummary {
  const n = Number(accountNumber.slice(-4));
  const kwh = 80 + (n % 400);
  const billAmountFen = Math.round(kwh * 53.8);
  return { accountNumber, period: '2026-10', kwh, billAmountFen, balanceDueFen: n % 3 === 0 ? 0 : billAmountFen, dueDate: '2026-11-25' };
}
