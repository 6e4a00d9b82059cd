import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { suspicionEnvironment, type StageConfig } from './config';
import { HotlineFunction } from './constructs/hotline-function';
import { alarmToTopic, deadLetters, messagesWaiting } from './constructs/queues';
import { calendarAlarm, denyPublishToTopics, queryTableIndexes } from './constructs/shared-resources';
import { logTagKey } from './constructs/log-tag-key';
import { FUNCTION_CATALOG } from './function-catalog';

export interface ChannelsStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table, and here the queue and topics. */
  readonly key: kms.IKey;
}

/**
 * Inbound channels. For now two-way SMS: AWS End User Messaging SMS publishes
 * each inbound message to a topic, which invokes `sms-inbound`. Every
 * message that cannot become a contact ends in the rejected-contacts queue
 * with its raw payload, and a non-empty queue pages the on-call address.
 */
export class ChannelsStack extends Stack {
  /** Two-way SMS destination: set it as the origination number's two-way channel. */
  public readonly inboundSmsTopic: sns.Topic;
  /**
   * Dead-letter queue for the whole SMS path, one place to inspect and
   * replay from: bad input the handler rejects (its own message), events the
   * function failed on after Lambda's retries (Lambda DLQ: the raw SNS event),
   * and messages SNS could not deliver to the function (subscription DLQ).
   */
  public readonly rejectedContactsQueue: sqs.Queue;
  public readonly smsInbound: HotlineFunction;
  /** Alarm notifications; the stage's alarm e-mail is subscribed. */
  public readonly alarmTopic: sns.Topic;
  public readonly rejectedContactsAlarm: cloudwatch.Alarm;
  /** Next year's working-day calendar is due (every function reading the calendar reports it). */
  public readonly calendarAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ChannelsStackProps) {
    super(scope, id, props);
    const { config, table, key } = props;

    this.rejectedContactsQueue = deadLetters(this, 'RejectedContacts', { key, removalPolicy: config.removalPolicy });

    this.inboundSmsTopic = new sns.Topic(this, 'InboundSms', {
      displayName: `Hotline ${config.stage} inbound SMS`,
      masterKey: key,
      enforceSSL: true,
    });
    this.inboundSmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingPublishesInboundSms',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:sms-voice:${this.region}:${this.account}:*` },
        },
      }),
    );

    this.smsInbound = new HotlineFunction(this, 'SmsInbound', {
      catalogEntry: FUNCTION_CATALOG.smsInbound,
      environment: {
        TABLE_NAME: table.tableName,
        REJECTED_CONTACTS_QUEUE_URL: this.rejectedContactsQueue.queueUrl,
        SMS_ORIGINATION_NUMBER: config.sms.originationNumber,
        THREAD_WINDOW_HOURS: String(config.threadWindowHours),
        TIME_ZONE: config.timeZone,
        // Cluster reports are filed under the cluster watch's windows (issue 13).
        ...suspicionEnvironment(config),
        // The replies to a fault in the customer's own wiring state it (intake/replies.ts).
        PAID_REPAIR_VISIT_YUAN: String(config.paidRepairVisitYuan),
      },
      logLevel: config.logLevel,
      logTagKey: logTagKey(config),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      // SNS invokes asynchronously: Lambda retries twice, then parks the event here.
      deadLetterQueue: this.rejectedContactsQueue,
    });
    this.grantSmsInboundAccess(table, key);

    this.inboundSmsTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.smsInbound.function, { deadLetterQueue: this.rejectedContactsQueue }),
    );

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `Hotline ${config.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy CDK writes (for enforceSSL) replaces SNS's default one,
    // so CloudWatch needs its own statement to publish.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
        },
      }),
    );
    this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    // What `npm run replay -- --aws --queue-url` drains (README "When parts fail").
    new CfnOutput(this, 'RejectedContactsQueueUrl', { value: this.rejectedContactsQueue.queueUrl, description: 'The rejected-contacts queue: npm run replay -- --aws --queue-url <this>' });

    this.rejectedContactsAlarm = alarmToTopic(this, 'RejectedContactsWaiting', {
      description: 'Inbound contacts are waiting in the rejected-contacts dead-letter queue: inspect the raw payloads and replay or discard them.',
      metric: messagesWaiting(this.rejectedContactsQueue),
      threshold: 0,
      topic: this.alarmTopic,
    });

    this.calendarAlarm = calendarAlarm(this, table, this.alarmTopic);
  }

  /**
   * Exactly what the SMS handler does, instead of grantReadWriteData (which
   * adds BatchWriteItem, DeleteItem, Scan and more). Transactions need no
   * action of their own: TransactWriteItems is authorised per item by
   * PutItem, UpdateItem and ConditionCheckItem, TransactGetItems by GetItem.
   */
  private grantSmsInboundAccess(table: dynamodb.ITableV2, key: kms.IKey): void {
    const role = this.smsInbound.role;
    const dataAccess = new iam.Policy(this, 'SmsInboundDataAccess', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ContactsTicketsOutages',
          actions: [
            'dynamodb:GetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:ConditionCheckItem',
          ],
          resources: [table.tableArn],
        }),
        queryTableIndexes(table),
        new iam.PolicyStatement({
          sid: 'KeepRejectedInput',
          actions: ['sqs:SendMessage'],
          resources: [this.rejectedContactsQueue.queueArn],
        }),
        new iam.PolicyStatement({
          sid: 'UseDataKeyThroughDynamoDbAndSqs',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': [`dynamodb.${this.region}.amazonaws.com`, `sqs.${this.region}.amazonaws.com`],
            },
          },
        }),
      ],
    });

    const replies = new iam.Policy(this, 'SmsInboundReplies', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReplyBySmsToPhoneNumber',
          actions: ['sns:Publish'],
          resources: ['*'],
        }),
        // Replies go to phone numbers only: no topic at all.
        denyPublishToTopics(this),
      ],
    });
    // Attached before the function exists, so no first event meets a bare role.
    this.smsInbound.function.node.addDependency(dataAccess, replies);
    Validations.of(replies).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish with PhoneNumber (direct SMS replies: STOP/HELP confirmations, ticket acknowledgements) has no resource ARN to name; this policy holds only that action.',
    });
  }
}
