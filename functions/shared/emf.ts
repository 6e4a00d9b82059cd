/**
 * CloudWatch embedded metric format, written by hand: a log line that
 * CloudWatch turns into metrics. For a function's one or two gauges this is
 * what Powertools Metrics would print, without its ~12 KB in every bundle
 * that reads the working calendar (bench/run.ts holds bundles to 1.15x their
 * SDK clients).
 */

export interface EmfMetric {
  readonly name: string;
  readonly value: number;
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
 * Publishes `metrics` now: one line on stdout, where Lambda ships it to CloudWatch Logs.
 * Honours Powertools' switch, POWERTOOLS_METRICS_DISABLED=true (tests, the local runtime).
 *
 * @example
 * publishEmf('Hotline/Calendar', { service: 'calendar', Table: tableName }, [{ name: 'CalendarNextYearDue', value: 0 }]);
 */
export function publishEmf(namespace: string, dimensions: Readonly<Record<string, string>>, metrics: readonly EmfMetric[], at = new Date()): void {
  if (process.env.POWERTOOLS_METRICS_DISABLED === 'true') return;
  process.stdout.write(`${emfLine(namespace, dimensions, metrics, at)}\n`);
}
