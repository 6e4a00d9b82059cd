/**
 * CloudWatch embedded metric format, written by hand: a log line that
 * CloudWatch turns into metrics. For a function's one or two gauges this is
 * what Powertools Metrics would print, without its ~12 KB in every bundle
 * that reads the working calendar (bench/run.ts holds bundles to 1.15x their
 * SDK clients); kpi-ingest's call metrics too (its bundle 410.7 -> 398.0 KiB,
 * 1.186 -> 1.149 of its SDK clients, measured with BENCH_ONLY=bundles).
 */

/** EMF takes at most 100 values of a metric in one document. */
const MAX_VALUES_PER_LINE = 100;

export interface EmfMetric {
  readonly name: string;
  /** One value, or several (each its own sample, as Powertools Metrics prints a metric added more than once). */
  readonly value: number | readonly number[];
  readonly unit?: 'Count' | 'None' | 'Milliseconds' | 'Seconds';
}

/**
 * The EMF document of `metrics` under `namespace`, with every dimension in
 * one dimension set (as Powertools Metrics does with a service name and
 * default dimensions).
 *
 * @example
 * emfLine('Hotline/Calendar', { service: 'calendar', Table: 'hotline' }, [{ name: 'CalendarYearsAhead', value: 1 }], new Date());
 */
export function emfLine(namespace: string, dimensions: Readonly<Record<string, string>>, metrics: readonly EmfMetric[], at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [Object.keys(dimensions)], Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit ?? 'Count' })) }],
    },
    ...dimensions,
    ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
  });
}

/**
 * Publishes `metrics` now: one line on stdout, where Lambda ships it to
 * CloudWatch Logs (more when a metric has over 100 values, 100 a line).
 * Honours Powertools' switch, POWERTOOLS_METRICS_DISABLED=true (tests, the local runtime).
 *
 * @example
 * publishEmf('Hotline/Calendar', { service: 'calendar', Table: tableName }, [{ name: 'CalendarNextYearDue', value: 0 }]);
 */
export function publishEmf(namespace: string, dimensions: Readonly<Record<string, string>>, metrics: readonly EmfMetric[], at = new Date()): void {
  if (process.env.POWERTOOLS_METRICS_DISABLED === 'true') return;
  const valuesOf = (m: EmfMetric) => (typeof m.value === 'number' ? [m.value] : m.value);
  const most = Math.max(0, ...metrics.map((m) => valuesOf(m).length));
  for (let from = 0; from < most; from += MAX_VALUES_PER_LINE) {
    const line = metrics.filter((m) => valuesOf(m).length > from).map((m) => (typeof m.value === 'number' ? m : { ...m, value: m.value.slice(from, from + MAX_VALUES_PER_LINE) }));
    process.stdout.write(`${emfLine(namespace, dimensions, line, at)}\n`);
  }
}
