import { addCounts, kpiTable, ZERO_COUNTS, type Indicator } from './kpi';
import type { KpiRepository } from './ports';

export interface KpiReport {
  readonly from: string;
  readonly to: string;
  readonly intervals: number;
  readonly indicators: Indicator[];
}

/**
 * The indicators over [from, to): the sum of the 15-minute intervals that start in it.
 *
 * @example
 * await kpiReport(repository, '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
 */
export async function kpiReport(repository: KpiRepository, from: string, to: string): Promise<KpiReport> {
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  const intervals = (await repository.intervals(fromIso, toIso)).filter((i) => i.start >= fromIso && i.start < toIso);
  const total = intervals.reduce((sum, i) => addCounts(sum, i.counts), ZERO_COUNTS);
  return { from: fromIso, to: toIso, intervals: intervals.length, indicators: kpiTable(total) };
}
