import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CALENDAR_METRICS } from '../../functions/shared/calendar-metrics';
import * as keys from '../../functions/shared/keys';
import { HOTLINE_TABLE } from '../../functions/shared/table-design';

/**
 * Query on every index of the table (intake looks senders up by customer,
 * feeder and status).
 *
 * @example
 * new iam.Policy(this, 'Access', { statements: [queryTableIndexes(table)] });
 */
export function queryTableIndexes(table: dynamodb.ITableV2): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'QueryIndexes',
    actions: ['dynamodb:Query'],
    resources: HOTLINE_TABLE.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
  });
}

/**
 * A server access-log bucket for a bucket holding personal data: private,
 * TLS only, a year of logs, ACLs allowed (CloudFront standard logging needs
 * them). `loggedFor` names what logs into it, for the cdk-nag reason.
 *
 * @example
 * const accessLogs = accessLogBucket(this, 'MailAccessLogs', config.removalPolicy, 'the mail bucket');
 */
export function accessLogBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy, loggedFor: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy,
    lifecycleRules: [{ expiration: Duration.days(365) }],
  });
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: `This is the access-log bucket of ${loggedFor}; logging it into itself would loop.` });
  return bucket;
}

/**
 * Query of the working-day calendar's partition only (`CALENDAR`), for a
 * function that otherwise does not read the table (billing intake).
 *
 * @example
 * new iam.Policy(this, 'Access', { statements: [readCalendarYears(table)] });
 */
export function readCalendarYears(table: dynamodb.ITableV2): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadCalendarYears',
    actions: ['dynamodb:Query'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.calendarPartition] } },
  });
}

/**
 * The alarm that asks for next year's working-day calendar: from 1 November
 * while next year is not loaded (or at once when this year is not), any
 * function reading the calendar publishes `CalendarNextYearDue` = 1.
 *
 * @example
 * calendarAlarm(this, table, alarmTopic);
 */
export function calendarAlarm(scope: Construct, table: dynamodb.ITableV2, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'CalendarNextYearDue', {
    alarmDescription:
      "Next year's working-day calendar is not loaded (or this year's is missing and clocks run on weekends plus fixed-date holidays): load the State Council's notice with `npm run calendar:load -- <year>.json --table <table>` (README, Deploying).",
    metric: new cloudwatch.Metric({
      namespace: CALENDAR_METRICS.namespace,
      metricName: CALENDAR_METRICS.nextYearDue,
      dimensionsMap: { service: CALENDAR_METRICS.service, Table: table.tableName },
      period: Duration.hours(6),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  alarm.addOkAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}

/**
 * The deny that goes with `sns:Publish` on `*` (SMS to a phone number has no
 * ARN to name): IAM authorises such a publish against the phone number
 * itself (`+8613800138000`), never an `arn:...:sns:` ARN, so a deny on every
 * topic ARN leaves SMS alone and makes the role unable to publish to any
 * topic, of this account or another (AWS's own example for "SMS but no
 * topics"). A role that texts customers therefore publishes to no topic;
 * an event a topic must carry is published by another role (issue 12, item 8).
 *
 * @example
 * new iam.Policy(this, 'Replies', { statements: [publishSmsOnly(), denyPublishToTopics(this)] });
 */
export function denyPublishToTopics(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'NoTopics', effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Stack.of(scope).partition}:sns:*:*:*`] });
}

/**
 * A regional REST API of the stage, as the back-office and outbound stacks
 * deploy theirs: named `hotline-<stage>-<name>`, a JSON access log in a log
 * group of its own (`<id>AccessLog`), X-Ray tracing, throttled at `rate`
 * requests a second with `burst`. No execution logging: it needs API
 * Gateway's account-wide CloudWatch role, which one stack should not own;
 * the access log records every request.
 *
 * @example
 * const api = stageRestApi(this, 'OutageApi', { config, name: 'outages', description: 'Outage API', rate: 20, burst: 40 });
 */
export function stageRestApi(
  scope: Construct,
  id: string,
  props: {
    readonly config: { readonly stage: string; readonly logRetention: logs.RetentionDays; readonly removalPolicy: RemovalPolicy };
    readonly name: string;
    readonly description: string;
    readonly rate: number;
    readonly burst: number;
    readonly defaultMethodOptions?: apigw.MethodOptions;
  },
): apigw.RestApi {
  const { config } = props;
  const accessLog = new logs.LogGroup(scope, `${id}AccessLog`, { retention: config.logRetention, removalPolicy: config.removalPolicy });
  return new apigw.RestApi(scope, id, {
    restApiName: `hotline-${config.stage}-${props.name}`,
    description: props.description,
    endpointTypes: [apigw.EndpointType.REGIONAL],
    cloudWatchRole: false,
    deployOptions: {
      stageName: config.stage,
      accessLogDestination: new apigw.LogGroupLogDestination(accessLog),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      tracingEnabled: true,
      throttlingRateLimit: props.rate,
      throttlingBurstLimit: props.burst,
    },
    ...(props.defaultMethodOptions ? { defaultMethodOptions: props.defaultMethodOptions } : {}),
  });
}
