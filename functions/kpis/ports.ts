import type { IntervalCounts } from './kpi';

export interface KpiRepository {
  /** Whether this caller (a fingerprint) had a contact in [from, before). */
  hadContactBetween(callerTag: string, from: string, before: string): Promise<boolean>;
  /**
   * Adds `counts` to the interval and remembers the contact, once per
   * ContactId; false when the record had already been counted.
   */
  addOnce(contactId: string, interval: string, counts: IntervalCounts, caller?: { tag: string; at: string }, agent?: AgentCall): Promise<boolean>;
  intervals(from: string, to: string): Promise<{ start: string; counts: IntervalCounts }[]>;
}

/** An answered call's share of its agent's day (issue 15: per-agent indicators), added in the same transaction. */
export interface AgentCall {
  readonly agentId: string;
  /** Local date of the call. */
  readonly day: string;
  readonly talkSeconds: number;
  readonly afterCallWorkSeconds: number;
  readonly transferred: number;
}
