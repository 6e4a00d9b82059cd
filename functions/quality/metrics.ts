/**
 * The quality indicators as CloudWatch metrics (EMF), named once for the
 * adapters that publish them with each counted change (the same
 * transaction's counters the API sums) and the dashboard that draws each
 * indicator against its target (lib/constructs/quality-dashboard.ts).
 * Pure data; publishing is `shared/emf.ts`.
 */
import type { CallbackReason } from '../callbacks/callback';
import type { EmfMetric } from '../shared/emf';

export const QUALITY_METRICS = {
  namespace: 'Hotline/Quality',
  service: 'quality',
  /** Sample reviews by kind (`non_query`, `query`): reviewed, correct, key fields correct (query tickets). */
  reviewed: 'SampleReviewed',
  correct: 'SampleCorrect',
  keyFieldsCorrect: 'SampleKeyFieldsCorrect',
  /** Outages' published information checked by inspectors, and found correct. */
  outageChecked: 'OutageInfoChecked',
  outageCorrect: 'OutageInfoCorrect',
  /** Callbacks by reason: planned, reached, unreachable after three tries, reached and satisfied. */
  callbackPlanned: 'CallbackPlanned',
  callbackReached: 'CallbackReached',
  callbackUnreachable: 'CallbackUnreachable',
  callbackSatisfied: 'CallbackSatisfied',
} as const;

/** The dimensions every quality metric carries (the stage's table tells stages apart), plus its own. */
export function qualityDimensions(tableName: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { service: QUALITY_METRICS.service, Table: tableName, ...extra };
}

/**
 * What one sample review adds.
 *
 * @example
 * reviewMetrics({ correct: true, keyFieldsCorrect: false }); // [SampleReviewed 1, SampleCorrect 1, SampleKeyFieldsCorrect 0]
 */
export function reviewMetrics(verdict: { readonly correct: boolean; readonly keyFieldsCorrect?: boolean }): EmfMetric[] {
  return [
    { name: QUALITY_METRICS.reviewed, value: 1 },
    { name: QUALITY_METRICS.correct, value: verdict.correct ? 1 : 0 },
    ...(verdict.keyFieldsCorrect !== undefined ? [{ name: QUALITY_METRICS.keyFieldsCorrect, value: verdict.keyFieldsCorrect ? 1 : 0 }] : []),
  ];
}

/** What one outage check adds. */
export function outageCheckMetrics(correct: boolean): EmfMetric[] {
  return [
    { name: QUALITY_METRICS.outageChecked, value: 1 },
    { name: QUALITY_METRICS.outageCorrect, value: correct ? 1 : 0 },
  ];
}

const CALLBACK_COUNTER_METRICS: Readonly<Record<string, string>> = {
  planned: QUALITY_METRICS.callbackPlanned,
  reached: QUALITY_METRICS.callbackReached,
  unreachable: QUALITY_METRICS.callbackUnreachable,
  satisfied: QUALITY_METRICS.callbackSatisfied,
};

/**
 * The callback counters a change added, as metrics (`onTime` and
 * `unsatisfied` stay in the API's report only).
 *
 * @example
 * callbackMetrics(['reached', 'satisfied', 'onTime']); // [CallbackReached 1, CallbackSatisfied 1]
 */
export function callbackMetrics(counters: readonly string[]): EmfMetric[] {
  return counters.flatMap((counter) => (CALLBACK_COUNTER_METRICS[counter] ? [{ name: CALLBACK_COUNTER_METRICS[counter], value: 1 }] : []));
}

/** The callback reasons DOMAIN.md requires in full (complaints, reports, service applications): the dashboard's 100% lines. */
export const REQUIRED_CALLBACK_REASONS: readonly CallbackReason[] = ['complaint_result', 'report_result', 'service_completed'];
