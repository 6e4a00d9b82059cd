import type { IntervalCounts } from './kpi';

export interface KpiRepository {
  /** Whether this caller (a fingerprint) had a contact in [from, before). */
  hadContactBetween(callerTag: string, from: string, before: string): Promise<boolean>;
  /**
   * Adds `counts` to the interval and remembers the contact, once per
   * ContactId; false when the record had already been counted.
   */
  addOnce(contactId: string, interval: string, counts: IntervalCounts, caller?: { tag: string; at: string }): Promise<boolean>;
  intervals(from: string, to: string): Promise<{ start: string; counts: IntervalCounts }[]>;
}
