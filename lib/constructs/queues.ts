/**
 * The queues and alarms the stacks build the same way: a work queue with its
 * dead-letter queue, a stream consumer's on-failure queue and event source, and an alarm that
 * tells the operators' topic when it fires and when it clears. Each is made
 * in the caller's scope under the caller's id, so logical IDs stay those of
 * the stack that owns the resource.
 */
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { HotlineFunction } from './hotline-function';

/** How long a failed message or batch record is kept for a redrive. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** What every queue of a stack shares: the stage's key, TLS only, the stage's removal policy. */
export interface QueueBasics {
  readonly key: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

function encrypted({ key, removalPolicy }: QueueBasics): sqs.QueueProps {
  return { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, removalPolicy };
}

export interface WorkQueueProps {
  /** How long a received message stays hidden (at least the consumer's timeout). */
  readonly visibilityTimeout: Duration;
  /** Receives before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionPeriod?: Duration;
}

/**
 * A queue a function consumes, with a dead-letter queue of its own
 * (`<id>` and `<deadLetterId>`).
 *
 * @example
 * const { queue, deadLetterQueue } = workQueue(this, 'PlannerJobs', 'PlannerDeadLetters', basics, { visibilityTimeout: Duration.minutes(16), maxReceiveCount: 3 });
 */
export function workQueue(scope: Construct, id: string, deadLetterId: string, basics: QueueBasics, props: WorkQueueProps): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
  const deadLetterQueue = deadLetters(scope, deadLetterId, basics);
  const queue = queueFeeding(scope, id, deadLetterQueue, basics, props);
  return { queue, deadLetterQueue };
}

/**
 * A queue a function consumes whose failures go to a dead-letter queue
 * made already (two queues that share one).
 *
 * @example
 * const priority = queueFeeding(this, 'PriorityDispatchNotices', dispatch.deadLetterQueue, basics, { visibilityTimeout: Duration.minutes(2), maxReceiveCount: 5, retentionPeriod: Duration.days(4) });
 */
export function queueFeeding(scope: Construct, id: string, deadLetterQueue: sqs.IQueue, basics: QueueBasics, props: WorkQueueProps): sqs.Queue {
  return new sqs.Queue(scope, id, {
    ...encrypted(basics),
    visibilityTimeout: props.visibilityTimeout,
    ...(props.retentionPeriod ? { retentionPeriod: props.retentionPeriod } : {}),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
}

/**
 * A dead-letter queue: encrypted, kept 14 days (the longest SQS allows: time
 * for a person to look and replay).
 *
 * @example
 * const rejected = deadLetters(this, 'RejectedContacts', basics);
 */
export function deadLetters(scope: Construct, id: string, basics: QueueBasics): sqs.Queue {
  return new sqs.Queue(scope, id, { ...encrypted(basics), retentionPeriod: DEAD_LETTER_RETENTION });
}

/**
 * A stream consumer's on-failure destination: the failed batches' positions,
 * kept 14 days; nothing consumes it, so it needs no dead-letter queue (said to cdk-nag).
 * A consumer on the table stream gets it through `consumeTableStream`, with its alarm.
 *
 * @example
 * const failures = streamFailureQueue(this, 'RelayFailures', basics, 'notice-relay');
 */
export function streamFailureQueue(scope: Construct, id: string, basics: QueueBasics, consumer: string): sqs.Queue {
  const queue = deadLetters(scope, id, basics);
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This is ${consumer}'s on-failure destination (a dead-letter queue for stream batches); it has no consumer to fail, so it needs no dead-letter queue of its own.`,
  });
  return queue;
}

/** Messages waiting on a queue (the most in each minute): above 0 on a dead-letter queue means something failed for good. */
export function messagesWaiting(queue: sqs.IQueue): cloudwatch.IMetric {
  return queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM });
}

/**
 * An alarm above `threshold` on one evaluation period, missing data fine,
 * that tells `topic` when it fires and when it clears.
 *
 * @example
 * alarmToTopic(this, 'PlannerJobsFailed', { description: 'A planning job failed three times...', metric: messagesWaiting(dlq), threshold: 0, topic });
 */
export function alarmToTopic(scope: Construct, id: string, props: { description: string; metric: cloudwatch.IMetric; threshold: number; topic: sns.ITopic }): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.topic));
  alarm.addOkAction(new cloudwatchActions.SnsAction(props.topic));
  return alarm;
}

/**
 * A function's event source on the table stream, as every stream consumer
 * here reads it: from LATEST, batches within 1 s, a failing batch halved
 * and retried 10 times, then its position in `failures`; only the records
 * `filters` select.
 *
 * @example
 * fn.addEventSource(tableStreamSource(table, failures, [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })]));
 */
export function tableStreamSource(table: dynamodb.ITableV2, failures: sqs.IQueue, filters: Record<string, unknown>[], batchSize = 100): DynamoEventSource {
  return new DynamoEventSource(table, {
    startingPosition: lambda.StartingPosition.LATEST,
    batchSize,
    maxBatchingWindow: Duration.seconds(1),
    bisectBatchOnError: true,
    retryAttempts: 10,
    onFailure: new SqsDlq(failures),
    filters,
  });
}

export interface TableStreamConsumerProps {
  readonly table: dynamodb.ITableV2;
  readonly basics: QueueBasics;
  /** The records the consumer is invoked for (`lambda.FilterCriteria.filter` patterns). */
  readonly filters: Record<string, unknown>[];
  readonly batchSize?: number;
  /** Ids in the caller's scope of the failure queue and of its alarm (the alarm's id names it in the handover's list of alarms). */
  readonly failureQueueId: string;
  readonly alarmId: string;
  /** What a failed batch means for the centre and what to do: the alarm's description. */
  readonly alarmDescription: string;
  /** The operators' topic. */
  readonly topic: sns.ITopic;
}

/**
 * How every consumer of the table stream loses nothing silently: its event
 * source (`tableStreamSource`), an on-failure queue that keeps the position of
 * a batch it gave up on (`streamFailureQueue`), the data-key grants CDK's
 * SqsDlq adds for that encrypted queue (acknowledged to cdk-nag with their
 * reason), and an alarm to the operators as soon as one waits there. Hand the
 * queue to the back office's handover list (`systemState.deadLetterQueues`).
 *
 * @example
 * const { failureQueue, alarm } = consumeTableStream(this, clusterWatch, { table, basics, filters, batchSize: 1000, failureQueueId: 'ClusterWatchFailures', alarmId: 'ClusterWatchBatchesFailed', alarmDescription: '...', topic });
 */
export function consumeTableStream(scope: Construct, consumer: HotlineFunction, props: TableStreamConsumerProps): { failureQueue: sqs.Queue; alarm: cloudwatch.Alarm } {
  const name = consumer.catalogName;
  const failureQueue = streamFailureQueue(scope, props.failureQueueId, props.basics, name);
  consumer.function.addEventSource(tableStreamSource(props.table, failureQueue, props.filters, props.batchSize));
  const defaultPolicy = consumer.role.node.tryFindChild('DefaultPolicy');
  if (defaultPolicy) {
    Validations.of(defaultPolicy).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: `Granted by SqsDlq (${name}'s on-failure destination) on the stateful key only, to encrypt failure records on the KMS-encrypted failure queue.` },
      { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: `Granted by SqsDlq (${name}'s on-failure destination) on the stateful key only, the grant CDK makes for sending to a KMS-encrypted queue.` },
    );
  }
  const alarm = alarmToTopic(scope, props.alarmId, { description: props.alarmDescription, metric: messagesWaiting(failureQueue), threshold: 0, topic: props.topic });
  return { failureQueue, alarm };
}
