import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as keys from '../../functions/shared/keys';
import type { StageConfig } from '../config';
import { FUNCTION_CATALOG } from '../function-catalog';
import { HotlineFunction } from './hotline-function';
import { logTagKey } from './log-tag-key';
import { consumeTableStream } from './queues';

export interface CallbackPlannerProps {
  readonly config: StageConfig;
  /** From the stateful stack: its stream feeds the planner; callbacks and their counters are written to it. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table and the failure queue. */
  readonly key: kms.IKey;
  /** Where the failure alarm goes. */
  readonly alarmTopic: sns.ITopic;
  /** From the Connect stack: the callback task flow (StartTaskContact's `ContactFlowId`). */
  readonly taskFlowId: string;
  /** functions/shared/config.ts requires its URL (the planner sends nothing to it). */
  readonly rejectedContactsQueue: sqs.IQueue;
}

/**
 * The table stream records the planner is invoked for, and no others: work
 * orders whose result owes a callback (a fault restored, a complaint or
 * application answered, a report's result), outages restored, and callbacks
 * waiting for a try (`planned`). functions/callbacks/handlers/callback-planner.ts
 * (`triggerOf`) decides the same again; local/callbacks.ts watches a superset.
 */
export const CALLBACK_PLANNER_FILTERS: readonly Record<string, unknown>[] = [
  { dynamodb: { NewImage: { sk: { S: lambda.FilterRule.beginsWith('ORDER#') }, state: { S: lambda.FilterRule.or('restored', 'answered', 'result_reported') } } } },
  { dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('OUTAGE') }, status: { S: lambda.FilterRule.isEqual('restored') } } } },
  { dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('CALLBACK') }, state: { S: lambda.FilterRule.isEqual('planned') } } } },
];

/** Planning a restored outage writes one small transaction per sampled reporter (5% of a large outage's reporters). */
const PLANNER_TIMEOUT = Duration.minutes(5);
/** Callbacks waiting for a try per invocation: at 2 tasks a second, ten seconds of StartTaskContact. */
const BATCH_SIZE = 20;

/**
 * `callback-planner` (issue 15) on the table stream: plans the callbacks a
 * result owes into legal windows and starts each try as an Amazon Connect
 * task in the callback task flow. One invocation at a time over the whole
 * stream (reserved concurrency 1), so its token bucket at the stage's
 * `callbacks.tasksPerSecond` is the planner's total against Connect's
 * StartTaskContact quota; a batch that fails ten times is kept (its stream
 * position) in the failure queue, whose alarm asks for a look.
 *
 * @example
 * new CallbackPlanner(this, 'CallbackPlanner', { config, table, key, alarmTopic, taskFlowId, rejectedContactsQueue });
 */
export class CallbackPlanner extends Construct {
  public readonly planner: HotlineFunction;
  /** Stream batches the planner gave up on (positions, not items): replay from the stream's 24 hours, or re-save the items. */
  public readonly failureQueue: sqs.Queue;
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CallbackPlannerProps) {
    super(scope, id);
    const { config, table, key, alarmTopic } = props;
    const stack = Stack.of(this);
    const instanceArn = config.connectInstanceArn;

    this.planner = new HotlineFunction(this, 'Planner', {
      catalogEntry: FUNCTION_CATALOG.callbackPlanner,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      // Callback ids are HMACs under the stage's log tag key (no reversible hash of a number goes to Connect).
      logTagKey: logTagKey(config),
      timeout: PLANNER_TIMEOUT,
      reservedConcurrentExecutions: 1,
      environment: {
        TABLE_NAME: table.tableName,
        REJECTED_CONTACTS_QUEUE_URL: props.rejectedContactsQueue.queueUrl,
        TIME_ZONE: config.timeZone,
        CONNECT_INSTANCE_ID: instanceArn.split('/').pop() as string,
        CONNECT_REGION: instanceArn.split(':')[3] as string,
        CALLBACK_CONTACT_FLOW_ID: props.taskFlowId,
        CALLBACK_TASK_RATE: String(config.callbacks.tasksPerSecond),
      },
    });

    const callbackPartition = `${keys.callback('').pk}*`;
    const leadingKeys = (partitions: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } });
    const access = new iam.Policy(this, 'PlannerAccess', {
      roles: [this.planner.role],
      statements: [
        // The reporter of a whistleblowing report (its ticket), a callback as it stands.
        new iam.PolicyStatement({ sid: 'ReadTicketsAndCallbacks', actions: ['dynamodb:GetItem'], resources: [table.tableArn], conditions: leadingKeys([`${keys.ticketPartition('')}*`, callbackPartition]) }),
        // An outage's reports, and the working-day calendar.
        new iam.PolicyStatement({ sid: 'ReadOutageReportsAndCalendar', actions: ['dynamodb:Query'], resources: [table.tableArn], conditions: leadingKeys([`${keys.outage('').pk}*`, keys.calendarPartition]) }),
        // Reporters' directory profiles (customer type, language, feeder and transformer), 100 at a time.
        new iam.PolicyStatement({ sid: 'ReadReporterProfiles', actions: ['dynamodb:BatchGetItem'], resources: [table.tableArn], conditions: leadingKeys([`${keys.customerProfile('').pk}*`]) }),
        // A callback and its day's counter, one transaction.
        new iam.PolicyStatement({ sid: 'WriteCallbacks', actions: ['dynamodb:PutItem'], resources: [table.tableArn], conditions: leadingKeys([callbackPartition]) }),
        new iam.PolicyStatement({ sid: 'CountCallbacks', actions: ['dynamodb:UpdateItem'], resources: [table.tableArn], conditions: leadingKeys([keys.callbackCounter('').pk]) }),
        new iam.PolicyStatement({
          sid: 'UseDataKeyThroughDynamoDb',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` } },
        }),
        // Tasks in the callback task flow of the stage's instance, nowhere else.
        new iam.PolicyStatement({ sid: 'StartCallbackTasks', actions: ['connect:StartTaskContact'], resources: [`${instanceArn}/contact-flow/${props.taskFlowId}`] }),
      ],
    });
    this.planner.function.node.addDependency(access);

    // A batch given up on (after halving and ten retries) is kept, by its stream position, and alarmed; the back office lists the queue in the handover.
    ({ failureQueue: this.failureQueue, alarm: this.failureAlarm } = consumeTableStream(this, this.planner, {
      table,
      basics: { key, removalPolicy: config.removalPolicy },
      filters: CALLBACK_PLANNER_FILTERS.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      batchSize: BATCH_SIZE,
      failureQueueId: 'Failures',
      alarmId: 'Failed',
      alarmDescription:
        'The callback planner gave up on a stream batch: some results may have no callbacks planned, or some callbacks no Connect task. Fix the cause, then save the items again (a re-plan is idempotent).',
      topic: alarmTopic,
    }));
  }
}
