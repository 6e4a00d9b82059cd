import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CALLBACK_REASONS } from '../../functions/callbacks/callback';
import { QUALITY_METRICS, qualityDimensions, REQUIRED_CALLBACK_REASONS } from '../../functions/quality/metrics';
import { QUALITY_TARGETS } from '../../functions/quality/quality';

export interface QualityDashboardProps {
  /** `hotline-<stage>-quality`. */
  readonly dashboardName: string;
  /** The stage's table: every quality metric carries it as a dimension. */
  readonly tableName: string;
}

/** A day a point, as the API's indicators sum day counters. */
const PERIOD = Duration.days(1);

/**
 * The indicators beyond the calls (issue 15, DOMAIN.md "What the centre
 * measures") on a CloudWatch dashboard, each against its target: ticket
 * correctness (>= 99%) and key fields of query tickets (>= 95%) from the
 * reviewed sample, outage information (>= 98%), callback rates (100% for
 * complaints, reports and service applications) and satisfaction. The
 * metrics are published with each counted change (functions/quality/metrics.ts);
 * the call indicators are on the Connect stack's dashboard.
 *
 * @example
 * new QualityDashboard(this, 'QualityIndicators', { dashboardName: `hotline-${config.stage}-quality`, tableName: table.tableName });
 */
export class QualityDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: QualityDashboardProps) {
    super(scope, id);
    const metric = (metricName: string, extra: Record<string, string> = {}) =>
      new cloudwatch.Metric({ namespace: QUALITY_METRICS.namespace, metricName, dimensionsMap: qualityDimensions(props.tableName, extra), statistic: cloudwatch.Stats.SUM, period: PERIOD });
    // A day without reviews (or callbacks) draws no point rather than a 0% that never happened.
    // Ids in a graph's expressions must be unique per metric, hence the reason's index in each.
    const share = (label: string, part: cloudwatch.IMetric, whole: cloudwatch.IMetric) =>
      new cloudwatch.MathExpression({ label, expression: 'IF(whole > 0, part / whole)', usingMetrics: { part, whole }, period: PERIOD });
    const callbackRate = (reason: (typeof CALLBACK_REASONS)[number]) => {
      const dims = { reason };
      const i = CALLBACK_REASONS.indexOf(reason);
      return new cloudwatch.MathExpression({
        label: `Callback rate: ${reason}`,
        expression: `IF(planned${i} > 0, (reached${i} + unreachable${i}) / planned${i})`,
        usingMetrics: {
          [`planned${i}`]: metric(QUALITY_METRICS.callbackPlanned, dims),
          [`reached${i}`]: metric(QUALITY_METRICS.callbackReached, dims),
          [`unreachable${i}`]: metric(QUALITY_METRICS.callbackUnreachable, dims),
        },
        period: PERIOD,
      });
    };
    const target = (value: number) => [{ value, label: `target ${Math.round(value * 100)}%` }];
    const percent = { min: 0, max: 1, showUnits: false };

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `Ticket correctness, non-query (target >= ${QUALITY_TARGETS.ticketCorrectnessNonQuery * 100}%)`,
        left: [share('Correct / reviewed (non-query)', metric(QUALITY_METRICS.correct, { kind: 'non_query' }), metric(QUALITY_METRICS.reviewed, { kind: 'non_query' }))],
        leftAnnotations: target(QUALITY_TARGETS.ticketCorrectnessNonQuery),
        leftYAxis: percent,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `Key fields correct, query tickets (target >= ${QUALITY_TARGETS.keyFieldsCorrectQuery * 100}%)`,
        left: [share('Key fields correct / reviewed (query)', metric(QUALITY_METRICS.keyFieldsCorrect, { kind: 'query' }), metric(QUALITY_METRICS.reviewed, { kind: 'query' }))],
        leftAnnotations: target(QUALITY_TARGETS.keyFieldsCorrectQuery),
        leftYAxis: percent,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `Outage information correct (target >= ${QUALITY_TARGETS.outageInformationCorrect * 100}%)`,
        left: [share('Correct / checked', metric(QUALITY_METRICS.outageCorrect), metric(QUALITY_METRICS.outageChecked))],
        leftAnnotations: target(QUALITY_TARGETS.outageInformationCorrect),
        leftYAxis: percent,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Callback rate, complaints, reports and service applications (target 100%)',
        left: REQUIRED_CALLBACK_REASONS.map(callbackRate),
        leftAnnotations: target(QUALITY_TARGETS.requiredCallbackRate),
        leftYAxis: percent,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Callback rate after repairs and outages (the 5% sample), and satisfaction of those reached',
        left: [
          ...CALLBACK_REASONS.filter((reason) => !REQUIRED_CALLBACK_REASONS.includes(reason)).map(callbackRate),
          share('Satisfied / reached (all callbacks)', new cloudwatch.MathExpression({
            expression: `SUM([${CALLBACK_REASONS.map((_, i) => `s${i}`).join(', ')}])`,
            usingMetrics: Object.fromEntries(CALLBACK_REASONS.map((reason, i) => [`s${i}`, metric(QUALITY_METRICS.callbackSatisfied, { reason })])),
            period: PERIOD,
          }), new cloudwatch.MathExpression({
            expression: `SUM([${CALLBACK_REASONS.map((_, i) => `reached${i}`).join(', ')}])`,
            usingMetrics: Object.fromEntries(CALLBACK_REASONS.map((reason, i) => [`reached${i}`, metric(QUALITY_METRICS.callbackReached, { reason })])),
            period: PERIOD,
          })),
        ],
        leftYAxis: percent,
        width: 12,
      }),
    );
  }
}
