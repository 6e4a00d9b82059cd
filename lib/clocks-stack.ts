import { Duration, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { RoutingConfig } from '../functions/workorders/routing';
import type { StageConfig } from './config';
import { HotlineFunction } from './constructs/hotline-function';
import { alarmToTopic, consumeTableStream, messagesWaiting, workQueue } from './constructs/queues';
import { FUNCTION_CATALOG } from './function-catalog';

export interface ClocksStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack: orders, clock states, chases, the outbox; its stream feeds the clock keeper. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table, and here the queues. */
  readonly key: kms.IKey;
  /** From the channels stack: where the queue alarms go. */
  readonly alarmTopic: sns.ITopic;
  /**
   * The departments and rules (functions/workorders/routing.ts): sla-watch
   * texts a department's duty contact and the sweep reads each department's
   * inbox, so they need the same routing as intake and ops-api
   * (`ROUTING_CONFIG` when it is not the default). @default DEFAULT_ROUTING
   */
  readonly routing?: RoutingConfig;
}

/** How often the sweep looks for clocks whose schedule was lost. */
export const SWEEP_RATE = Duration.minutes(5);
/** A look older than this in the queue means sla-watch is not keeping up (or failing): chases are late. */
const OLDEST_LOOK_ALARM = Duration.minutes(10);
const SLA_WATCH_TIMEOUT = Duration.seconds(30);

/**
 * Clocks that fire (issue 11, step 3): the Scheduler group where the clock
 * keeper puts one one-time schedule per clock, the role Scheduler uses to
 * deliver them to the sla-watch queue (and nowhere else), the queue with its
 * dead-letter queue and alarms, `clock-keeper` on the table stream (work
 * order items only), `sla-watch` on the queue, and `clock-sweep` every five
 * minutes on an EventBridge schedule.
 */
export class ClocksStack extends Stack {
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  /** The role Scheduler assumes to deliver a schedule: sqs:SendMessage to the sla-watch queue only. */
  public readonly schedulerRole: iam.Role;
  public readonly slaWatchQueue: sqs.Queue;
  public readonly slaWatchDeadLetterQueue: sqs.Queue;
  /** Stream batches the clock keeper failed on after its retries (positions, not items). */
  public readonly keeperFailureQueue: sqs.Queue;
  public readonly clockKeeper: HotlineFunction;
  public readonly slaWatch: HotlineFunction;
  public readonly clockSweep: HotlineFunction;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ClocksStackProps) {
    super(scope, id, props);
    const { config, table, key, alarmTopic } = props;
    const queueBasics = { key, removalPolicy: config.removalPolicy };

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ClockSchedules', { scheduleGroupName: `hotline-${config.stage}-clocks`, removalPolicy: config.removalPolicy });
    const schedulesOfGroup = this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.scheduleGroup.scheduleGroupName}/*` });

    ({ queue: this.slaWatchQueue, deadLetterQueue: this.slaWatchDeadLetterQueue } = workQueue(this, 'SlaWatchLooks', 'SlaWatchDeadLetters', queueBasics, {
      // Six times sla-watch's timeout, as AWS recommends for an SQS event source.
      visibilityTimeout: Duration.seconds(SLA_WATCH_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      maxReceiveCount: 5,
    }));

    this.schedulerRole = new iam.Role(this, 'ClockSchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to deliver the clocks\' one-time schedules to the sla-watch queue',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ArnLike: { 'aws:SourceArn': schedulesOfGroup } },
      }),
    });
    new iam.Policy(this, 'ClockSchedulerDelivery', {
      roles: [this.schedulerRole],
      statements: [
        new iam.PolicyStatement({ sid: 'DeliverLooks', actions: ['sqs:SendMessage'], resources: [this.slaWatchQueue.queueArn] }),
        dataKeyVia(key, this.region, ['sqs']),
      ],
    });

    const logDefaults = { logLevel: config.logLevel, logRetention: config.logRetention, removalPolicy: config.removalPolicy };
    const environment = {
      TABLE_NAME: table.tableName,
      TIME_ZONE: config.timeZone,
      CLOCK_SCHEDULE_GROUP: this.scheduleGroup.scheduleGroupName,
      SLA_WATCH_QUEUE_ARN: this.slaWatchQueue.queueArn,
      SLA_WATCH_QUEUE_URL: this.slaWatchQueue.queueUrl,
      CLOCK_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      ...(props.routing ? { ROUTING_CONFIG: JSON.stringify(props.routing) } : {}),
    };
    const manageSchedules = () =>
      new iam.PolicyStatement({ sid: 'ManageClockSchedules', actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [schedulesOfGroup] });
    // Schedule names come from order, milestone and instant at run time: the group's schedules, no other group's.
    const scheduleWildcard = {
      // cdk-nag names the finding by the ARN as synthesised: a stage with its account written out has it there.
      id: `AwsSolutions-IAM5[Resource::arn:aws:scheduler:${this.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:schedule/${this.scheduleGroup.scheduleGroupName}/*]`,
      reason: 'One-time schedules are named from the work order, milestone and instant when the clock starts, so they cannot be listed here; the wildcard is confined to the clocks\' own schedule group.',
    };
    const passSchedulerRole = () => new iam.PolicyStatement({ sid: 'PassSchedulerRole', actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn] });

    // ---- clock-keeper: table stream (work orders) -> one-time schedules.
    this.clockKeeper = new HotlineFunction(this, 'ClockKeeper', { ...logDefaults, catalogEntry: FUNCTION_CATALOG.clockKeeper, environment, timeout: Duration.seconds(60) });
    const keeperAccess = new iam.Policy(this, 'ClockKeeperAccess', { roles: [this.clockKeeper.role], statements: [manageSchedules(), passSchedulerRole()] });
    Validations.of(keeperAccess).acknowledge(scheduleWildcard);
    this.clockKeeper.function.node.addDependency(keeperAccess);
    const keeper = consumeTableStream(this, this.clockKeeper, {
      table,
      basics: queueBasics,
      // Work orders only: a change of any other item moves no clock. An order removed (REMOVE has no NewImage) is matched by its old image.
      filters: [
        lambda.FilterCriteria.filter({ dynamodb: { NewImage: { sk: { S: lambda.FilterRule.beginsWith('ORDER#') } } } }),
        lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('REMOVE'), dynamodb: { OldImage: { sk: { S: lambda.FilterRule.beginsWith('ORDER#') } } } }),
      ],
      failureQueueId: 'ClockKeeperFailures',
      alarmId: 'ClockKeeperFailed',
      alarmDescription: 'The clock keeper gave up on a stream batch: some work orders may have no schedules (the sweep still catches them within minutes). Fix the cause.',
      topic: alarmTopic,
    });
    this.keeperFailureQueue = keeper.failureQueue;
    this.alarms.push(keeper.alarm);

    // ---- sla-watch: the queue -> re-read, chase, next look.
    this.slaWatch = new HotlineFunction(this, 'SlaWatch', { ...logDefaults, catalogEntry: FUNCTION_CATALOG.slaWatch, environment, timeout: SLA_WATCH_TIMEOUT });
    const watchAccess = new iam.Policy(this, 'SlaWatchAccess', {
      roles: [this.slaWatch.role],
      statements: [
        // The order and the clock's state (GetItem); the chase, state, timeline line and text (one TransactWriteItems of Puts).
        new iam.PolicyStatement({ sid: 'OrdersAndChases', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [table.tableArn] }),
        manageSchedules(),
        passSchedulerRole(),
        dataKeyVia(key, this.region, ['dynamodb']),
      ],
    });
    Validations.of(watchAccess).acknowledge(scheduleWildcard);
    this.slaWatch.function.node.addDependency(watchAccess);
    this.slaWatch.function.addEventSource(new SqsEventSource(this.slaWatchQueue, { batchSize: 10, reportBatchItemFailures: true }));

    // ---- clock-sweep: every five minutes, the inboxes by due instant -> lost looks to sla-watch.
    this.clockSweep = new HotlineFunction(this, 'ClockSweep', { ...logDefaults, catalogEntry: FUNCTION_CATALOG.clockSweep, environment, timeout: Duration.minutes(2) });
    const sweepAccess = new iam.Policy(this, 'ClockSweepAccess', {
      roles: [this.clockSweep.role],
      statements: [
        new iam.PolicyStatement({ sid: 'InboxesByDueInstant', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/gsi1`] }),
        new iam.PolicyStatement({ sid: 'ClockStates', actions: ['dynamodb:BatchGetItem'], resources: [table.tableArn] }),
        new iam.PolicyStatement({ sid: 'SendLostLooks', actions: ['sqs:SendMessage'], resources: [this.slaWatchQueue.queueArn] }),
        dataKeyVia(key, this.region, ['dynamodb', 'sqs']),
      ],
    });
    this.clockSweep.function.node.addDependency(sweepAccess);
    new events.Rule(this, 'SweepEveryFiveMinutes', {
      description: 'The clocks\' safety net: clocks whose one-time schedule was lost go to sla-watch',
      schedule: events.Schedule.rate(SWEEP_RATE),
      targets: [new eventsTargets.LambdaFunction(this.clockSweep.function, { retryAttempts: 0 })],
    });

    // ---- alarms: a look waiting too long, or one that failed five times.
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      this.alarms.push(alarmToTopic(this, alarmId, { description, metric, threshold, topic: alarmTopic }));
    };
    alarm(
      'SlaWatchLagging',
      'A clock look has waited over 10 minutes in the sla-watch queue: chases of late department steps are late themselves. Check sla-watch errors and throttles.',
      this.slaWatchQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      OLDEST_LOOK_ALARM.toSeconds(),
    );
    alarm(
      'SlaWatchFailed',
      'A clock look failed five times and waits in the sla-watch dead-letter queue: a late step may not be chased. Fix the cause and redrive.',
      messagesWaiting(this.slaWatchDeadLetterQueue),
      0,
    );
  }
}

/** Decrypt and data keys on the stateful key, only through the named services. */
function dataKeyVia(key: kms.IKey, region: string, services: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseDataKeyThroughServices',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': services.map((service) => `${service}.${region}.amazonaws.com`) } },
  });
}
