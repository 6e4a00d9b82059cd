/**
 * The callback sample of an outage (DOMAIN.md, "Callbacks": at least 5% of
 * fault reporters, spread over the outage's area). Deterministic for a given
 * outage: the order comes from a hash of the outage id and each reporter's
 * key (never from who called first), so a re-run picks the same customers.
 */
import { createHash } from 'node:crypto';

export interface SampledReporter {
  /** Stable per reporter within the outage: the account number, or the sender partition. */
  readonly key: string;
  /** Unknown for a reporter outside the directory: grouped as one feeder of their own. */
  readonly feeder?: string;
  readonly transformer?: string;
}

/** At least 5% of reporters, at least one. */
export const OUTAGE_CALLBACK_PERCENT = 5;

/**
 * How many of `reporters` an outage calls back: `percent` rounded up, at least one (none of none).
 *
 * @example
 * sampleSize(300); // 15
 * sampleSize(3); // 1
 */
export function sampleSize(reporters: number, percent = OUTAGE_CALLBACK_PERCENT): number {
  if (reporters <= 0) return 0;
  return Math.max(1, Math.ceil((reporters * percent) / 100));
}

/**
 * The reporters to call back, in the order they were picked: round by round
 * over the feeders (each feeder with reporters gets one before any gets a
 * second), and within a feeder over its transformers the same way.
 *
 * @example
 * sampleReporters('OUT-1', reporters).map((r) => r.key); // 5% of them, every feeder first once
 */
export function sampleReporters<T extends SampledReporter>(outageId: string, reporters: readonly T[], percent = OUTAGE_CALLBACK_PERCENT): T[] {
  const size = sampleSize(reporters.length, percent);
  const byFeeder = groupBy(reporters, (r) => r.feeder ?? '');
  // Within a feeder: transformers in hashed order, reporters in hashed order, taken round by round.
  const queues = [...byFeeder.entries()]
    .sort(([a], [b]) => rank(outageId, `feeder:${a}`).localeCompare(rank(outageId, `feeder:${b}`)))
    .map(([, members]) => roundRobin([...groupBy(members, (r) => r.transformer ?? '').entries()].sort(([a], [b]) => rank(outageId, `tx:${a}`).localeCompare(rank(outageId, `tx:${b}`))).map(([, group]) => [...group].sort((x, y) => rank(outageId, x.key).localeCompare(rank(outageId, y.key))))));
  return roundRobin(queues).slice(0, size);
}

function roundRobin<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function rank(outageId: string, key: string): string {
  return createHash('sha256').update(`${outageId}\u0000${key}`).digest('hex');
}
