import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { suspicionEnvironment, type StageConfig } from './config';
import { DeliveryReceipts } from './constructs/delivery-receipts';
import { HotlineFunction } from './constructs/hotline-function';
import { alarmToTopic, consumeTableStream, messagesWaiting, queueFeeding, workQueue } from './constructs/queues';
import { accessLogBucket, denyPublishToTopics, readCalendarYears, stageRestApi } from './constructs/shared-resources';
import { logTagKey } from './constructs/log-tag-key';
import { FUNCTION_CATALOG } from './function-catalog';
import { containerShare, dispatchBatchSize } from '../functions/outbound/config';

export interface OutboundStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table, and here the queues and the access log. */
  readonly key: kms.IKey;
  /** From the channels stack: where the queue alarms go. */
  readonly alarmTopic: sns.ITopic;
  /** From the channels stack: functions/shared/config.ts requires its URL (the outbound handlers send nothing to it). */
  readonly rejectedContactsQueue: sqs.IQueue;
  /** From the Connect stack: the contact flow that speaks a notice call's `script` attribute. */
  readonly outboundNoticeFlowId: string;
  /** Announce an ETR move only when it is at least this far from the last announced one. @default 30 */
  readonly etrChangeThresholdMinutes?: number;
}

/** The planner's time limit; a job that runs out resumes from its saved cursor on redelivery. */
const PLANNER_TIMEOUT = Duration.minutes(15);
/** A batch of 10 notices paced at a container's share of the rate fits well within this. */
const DISPATCHER_TIMEOUT = Duration.minutes(1);
/** Billing files arrive here; billing-file writes its reports under results/, the dispatcher the unreachable list under unreachable/. */
const BILLING_INCOMING_PREFIX = 'incoming/';

/**
 * Outbound (issue 5). Outage half: the outage API for grid operations
 * (REST API, IAM auth), the planner queue, its dead-letter queue and alarm,
 * and `outage-planner`, which writes notices to the outbox items in the table.
 * The dispatcher and billing intake add their constructs here.
 */
export class OutboundStack extends Stack {
  public readonly outageApi: apigw.RestApi;
  public readonly outageApiFunction: HotlineFunction;
  /** Planning jobs (one per outage change that needs notices). */
  public readonly plannerQueue: sqs.Queue;
  /** Jobs that failed three times, with their raw body. */
  public readonly plannerDeadLetterQueue: sqs.Queue;
  public readonly plannerDeadLetterAlarm: cloudwatch.Alarm;
  public readonly outagePlanner: HotlineFunction;
  /** One message per notice to send (from notice-relay, and the dispatcher's own deferrals); the dispatcher's event source. */
  public readonly dispatchQueue: sqs.Queue;
  /** Important customers' notices: no event source; every dispatcher invocation takes it empty first. */
  public readonly priorityDispatchQueue: sqs.Queue;
  public readonly dispatchDeadLetterQueue: sqs.Queue;
  /** Stream batches notice-relay failed on after its retries (the stream record's position, not the items). */
  public readonly relayFailureQueue: sqs.Queue;
  /** Stream batches of cluster reports cluster-watch failed on after its retries (positions, not items). */
  public readonly clusterWatchFailureQueue: sqs.Queue;
  public readonly noticeRelay: HotlineFunction;
  public readonly dispatcher: HotlineFunction;
  /** Billing's drop bucket: files under incoming/, reports under results/, the unreachable list under unreachable/. */
  public readonly billingBucket: s3.Bucket;
  /** customer_unreachable events (billing subscribes). */
  public readonly unreachableTopic: sns.Topic;
  /** SMS delivery-status logs and notice-call contact events to notice statuses. */
  public readonly deliveryReceipts: DeliveryReceipts;
  public readonly billingNotices: HotlineFunction;
  public readonly billingFile: HotlineFunction;
  private readonly stageName: string;

  constructor(scope: Construct, id: string, props: OutboundStackProps) {
    super(scope, id, props);
    this.stageName = props.config.stage;
    const { config, table, key, alarmTopic, rejectedContactsQueue } = props;
    const queueBasics = { key, removalPolicy: config.removalPolicy };

    ({ queue: this.plannerQueue, deadLetterQueue: this.plannerDeadLetterQueue } = workQueue(this, 'PlannerJobs', 'PlannerDeadLetters', queueBasics, {
      // Longer than the planner may run, so a job in progress is not handed to a second planner.
      visibilityTimeout: PLANNER_TIMEOUT.plus(Duration.minutes(1)),
      maxReceiveCount: 3,
    }));

    const planningEnvironment = {
      TABLE_NAME: table.tableName,
      PLANNER_QUEUE_URL: this.plannerQueue.queueUrl,
      ETR_CHANGE_THRESHOLD_MINUTES: String(props.etrChangeThresholdMinutes ?? 30),
      TIME_ZONE: config.timeZone,
    };
    const functionDefaults = { environment: planningEnvironment, logLevel: config.logLevel, logRetention: config.logRetention, removalPolicy: config.removalPolicy };

    this.outagePlanner = new HotlineFunction(this, 'OutagePlanner', { ...functionDefaults, logTagKey: logTagKey(config), catalogEntry: FUNCTION_CATALOG.outagePlanner, timeout: PLANNER_TIMEOUT });
    const plannerAccess = this.grantPlannerAccess(table, key);
    this.outagePlanner.function.node.addDependency(plannerAccess);
    // One job at a time per invocation: a job is a whole fan-out, and a failure redelivers only that job.
    this.outagePlanner.function.addEventSource(new SqsEventSource(this.plannerQueue, { batchSize: 1, reportBatchItemFailures: true }));

    this.outageApiFunction = new HotlineFunction(this, 'OutageApiHandler', { ...functionDefaults, catalogEntry: FUNCTION_CATALOG.outageApi });
    const apiAccess = this.grantOutageApiAccess(table, key);
    this.outageApiFunction.function.node.addDependency(apiAccess);
    const { api, validator } = this.buildOutageApi(config);
    this.outageApi = api;

    this.plannerDeadLetterAlarm = alarmToTopic(this, 'PlannerJobsFailed', {
      description: 'An outage notice planning job failed three times and waits in the planner dead-letter queue: customers may be missing notices. Fix the cause and redrive.',
      metric: messagesWaiting(this.plannerDeadLetterQueue),
      threshold: 0,
      topic: alarmTopic,
    });

    // ---- Dispatch: outbox (stream) -> notice-relay -> dispatch queue -> outbound-dispatcher.
    ({ queue: this.dispatchQueue, deadLetterQueue: this.dispatchDeadLetterQueue } = workQueue(this, 'DispatchNotices', 'DispatchDeadLetters', queueBasics, {
      // Six times the dispatcher's timeout, as AWS recommends for an SQS event source.
      visibilityTimeout: Duration.seconds(DISPATCHER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      maxReceiveCount: 5,
    }));
    this.priorityDispatchQueue = queueFeeding(this, 'PriorityDispatchNotices', this.dispatchDeadLetterQueue, queueBasics, {
      // The dispatcher receives it itself; a failed send reappears after one invocation's worth of time.
      visibilityTimeout: Duration.seconds(DISPATCHER_TIMEOUT.toSeconds() * 2),
      retentionPeriod: Duration.days(4),
      maxReceiveCount: 5,
    });
    const dispatchQueueUrls = { DISPATCH_QUEUE_URL: this.dispatchQueue.queueUrl, PRIORITY_DISPATCH_QUEUE_URL: this.priorityDispatchQueue.queueUrl };

    this.billingBucket = this.buildBillingBucket(config, key);
    this.unreachableTopic = new sns.Topic(this, 'UnreachableCustomers', { displayName: `Hotline ${config.stage} unreachable customers`, masterKey: key, enforceSSL: true });

    const baseEnvironment = { TABLE_NAME: table.tableName, REJECTED_CONTACTS_QUEUE_URL: rejectedContactsQueue.queueUrl, TIME_ZONE: config.timeZone };
    const logDefaults = { logLevel: config.logLevel, logRetention: config.logRetention, removalPolicy: config.removalPolicy };

    this.noticeRelay = new HotlineFunction(this, 'NoticeRelay', {
      ...logDefaults,
      catalogEntry: FUNCTION_CATALOG.noticeRelay,
      // The unreachable event names billing's report object, so the relay knows the bucket (it reads nothing there).
      environment: { ...dispatchQueueUrls, BILLING_BUCKET: this.billingBucket.bucketName, UNREACHABLE_TOPIC_ARN: this.unreachableTopic.topicArn },
      timeout: Duration.seconds(30),
    });
    const relayAccess = new iam.Policy(this, 'NoticeRelayAccess', {
      roles: [this.noticeRelay.role],
      statements: [
        new iam.PolicyStatement({ sid: 'EnqueueNotices', actions: ['sqs:SendMessage'], resources: [this.dispatchQueue.queueArn, this.priorityDispatchQueue.queueArn] }),
        // The one publisher of customer_unreachable: a role with no sns:Publish on '*', so naming the topic fences it exactly.
        new iam.PolicyStatement({ sid: 'UnreachableEvent', actions: ['sns:Publish'], resources: [this.unreachableTopic.topicArn] }),
        dataKeyVia(key, this.region, ['sqs', 'sns']),
      ],
    });
    this.noticeRelay.function.node.addDependency(relayAccess);
    ({ failureQueue: this.relayFailureQueue } = consumeTableStream(this, this.noticeRelay, {
      table,
      basics: queueBasics,
      filters: [
        lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { pk: { S: lambda.FilterRule.beginsWith('NOTICE#') } } } }),
        // A notice the dispatcher or delivery-receipts gave up on: the customer_unreachable event.
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('MODIFY'),
          dynamodb: { NewImage: { pk: { S: lambda.FilterRule.beginsWith('NOTICE#') }, status: { S: lambda.FilterRule.isEqual('unreachable') } }, OldImage: { status: { S: lambda.FilterRule.notEquals('unreachable') } } },
        }),
      ],
      failureQueueId: 'RelayFailures',
      alarmId: 'RelayBatchesFailed',
      alarmDescription: 'notice-relay gave up on a stream batch: its new notices are in the outbox but not queued. Re-enqueue them from the failure record, then fix the cause.',
      topic: alarmTopic,
    }));

    // ---- Suspected outages (issue 13): cluster reports (stream) -> cluster-watch.
    const clusterWatch = new HotlineFunction(this, 'ClusterWatch', {
      ...logDefaults,
      catalogEntry: FUNCTION_CATALOG.clusterWatch,
      environment: {
        TABLE_NAME: table.tableName,
        ...suspicionEnvironment(config),
      },
      timeout: Duration.seconds(60),
    });
    const clusterWatchAccess = new iam.Policy(this, 'ClusterWatchDataAccess', {
      roles: [clusterWatch.role],
      statements: [
        // Cluster reports and storm mode (read), the suspicion (conditional put), reports, tickets and orders (attach).
        new iam.PolicyStatement({ sid: 'SuspicionsAndReports', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [table.tableArn] }),
        new iam.PolicyStatement({ sid: 'ActiveOutages', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/gsi2`] }),
        dataKeyVia(key, this.region, ['dynamodb']),
      ],
    });
    clusterWatch.function.node.addDependency(clusterWatchAccess);
    // A batch given up on would leave reports unattached and a suspicion undecided: kept, alarmed, and in the handover's list.
    ({ failureQueue: this.clusterWatchFailureQueue } = consumeTableStream(this, clusterWatch, {
      table,
      basics: queueBasics,
      filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { pk: { S: lambda.FilterRule.beginsWith('CLUSTER#') } } } })],
      batchSize: 1000,
      failureQueueId: 'ClusterWatchFailures',
      alarmId: 'ClusterWatchBatchesFailed',
      alarmDescription:
        "cluster-watch gave up on a stream batch of cluster reports: a suspected outage may not have opened, or reports may not have joined one (each still has its own ticket and crew clock). Fix the cause, then within the stream's 24 hours read the batch the failure record names (shard, sequence numbers) and invoke cluster-watch with it: opening and attaching are conditional, so nothing happens twice.",
      topic: alarmTopic,
    }));

    const concurrency = config.outbound.dispatcherConcurrency;
    this.dispatcher = new HotlineFunction(this, 'OutboundDispatcher', {
      ...logDefaults,
      logTagKey: logTagKey(config),
      catalogEntry: FUNCTION_CATALOG.outboundDispatcher,
      timeout: DISPATCHER_TIMEOUT,
      // The pacing divides the stage's rates by this; more containers would exceed the provider's rate.
      reservedConcurrentExecutions: concurrency,
      environment: {
        ...baseEnvironment,
        SMS_ORIGINATION_NUMBER: config.sms.originationNumber,
        ...dispatchQueueUrls,
        DISPATCHER_CONCURRENCY: String(concurrency),
        SMS_PARTS_PER_SECOND: String(config.sms.messagePartsPerSecond),
        VOICE_CALLS_PER_SECOND: String(config.outbound.voiceCallsPerSecond),
        CONNECT_INSTANCE_ID: connectInstanceId(config.connectInstanceArn),
        // The instance's region, which a stage config may set apart from the table's.
        CONNECT_REGION: config.connectInstanceArn.split(':')[3] as string,
        CONNECT_OUTBOUND_FLOW_ID: props.outboundNoticeFlowId,
        CONNECT_SOURCE_NUMBER: config.sms.originationNumber,
        BILLING_BUCKET: this.billingBucket.bucketName,
      },
    });
    const dispatcherAccess = this.grantDispatcherAccess(table, key, config.connectInstanceArn, props.outboundNoticeFlowId);
    this.dispatcher.function.node.addDependency(dispatcherAccess);
    // Batches sized to a container's shares (dispatchBatchSize); SQS delivers more than 10 only with a batching window.
    const batchSize = dispatchBatchSize({
      smsPartsPerSecond: containerShare(config.sms.messagePartsPerSecond, concurrency),
      voiceCallsPerSecond: containerShare(config.outbound.voiceCallsPerSecond, concurrency),
    });
    this.dispatcher.function.addEventSource(
      new SqsEventSource(this.dispatchQueue, {
        batchSize,
        ...(batchSize > 10 ? { maxBatchingWindow: Duration.seconds(1) } : {}),
        reportBatchItemFailures: true,
        // maxConcurrency must be at least 2; reserved concurrency caps a single container anyway.
        ...(concurrency >= 2 ? { maxConcurrency: concurrency } : {}),
      }),
    );

    this.deliveryReceipts = new DeliveryReceipts(this, 'DeliveryReceipts', {
      ...logDefaults,
      logTagKey: logTagKey(config),
      environment: {
        ...baseEnvironment,
        ...dispatchQueueUrls,
        BILLING_BUCKET: this.billingBucket.bucketName,
      },
      connectInstanceArn: config.connectInstanceArn,
      key,
    });
    const receiptsAccess = this.grantReceiptsAccess(table, key);
    this.deliveryReceipts.function.function.node.addDependency(receiptsAccess);

    this.billingNotices = new HotlineFunction(this, 'BillingNotices', { ...logDefaults, catalogEntry: FUNCTION_CATALOG.billingNotices, environment: baseEnvironment, timeout: Duration.seconds(29) });
    // An S3 event Lambda gave up on (after its two retries) is kept for `npm run replay`, not dropped: the file would never be read.
    this.billingFile = new HotlineFunction(this, 'BillingFile', {
      ...logDefaults,
      catalogEntry: FUNCTION_CATALOG.billingFile,
      environment: baseEnvironment,
      timeout: Duration.minutes(15),
      deadLetterQueue: rejectedContactsQueue,
    });
    const [billingNoticesAccess, billingFileAccess] = this.grantBillingAccess(table, key);
    this.billingNotices.function.node.addDependency(billingNoticesAccess);
    this.billingFile.function.node.addDependency(billingFileAccess);
    this.notifyBillingFile();
    this.addBillingNoticesMethod(api, validator);

    for (const [id, queue, description] of [
      ['DispatchJobsFailed', this.dispatchDeadLetterQueue, 'A notice failed to dispatch five times and waits in the dispatch dead-letter queue: a customer may be missing a notice. Fix the cause and redrive.'],
      ['ReceiptsFailed', this.deliveryReceipts.deadLetterQueue, 'delivery-receipts gave up on an event: some notices stay sent although the carrier or Connect reported on them. Fix the cause, then replay the raw event from the dead-letter queue.'],
    ] as const) {
      alarmToTopic(this, id, { description, metric: messagesWaiting(queue), threshold: 0, topic: alarmTopic });
    }
    alarmToTopic(this, 'DispatchBacklogOld', {
      description: `The oldest message on the dispatch queue is over ${config.outbound.dispatchMaxAgeMinutes} minutes old: notices go out late (rate, concurrency or a failing channel).`,
      metric: this.dispatchQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: config.outbound.dispatchMaxAgeMinutes * 60,
      topic: alarmTopic,
    });
    alarmToTopic(this, 'PriorityBacklogOld', {
      description: 'An important customer\'s notice has waited over 10 minutes on the priority queue: the dispatcher is not running or its channel fails.',
      metric: this.priorityDispatchQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 10 * 60,
      topic: alarmTopic,
    });
  }

  /**
   * ObjectCreated under incoming/ ending .csv or .jsonl invokes billing-file. Set on the bucket resource
   * itself rather than through addEventNotification, whose deploy-time custom resource brings a role with
   * the AWSLambdaBasicExecutionRole managed policy; the bucket waits for the invoke permission, which names
   * the bucket by its fixed name (no cycle through the function's policy).
   */
  private notifyBillingFile(): void {
    const permission = new lambda.CfnPermission(this, 'BillingDropInvokesBillingFile', {
      action: 'lambda:InvokeFunction',
      functionName: this.billingFile.function.functionArn,
      principal: 's3.amazonaws.com',
      sourceAccount: this.account,
      sourceArn: this.billingBucketArn(),
    });
    const bucket = this.billingBucket.node.defaultChild as s3.CfnBucket;
    bucket.notificationConfiguration = {
      lambdaConfigurations: ['.csv', '.jsonl'].map((suffix) => ({
        event: 's3:ObjectCreated:*',
        function: this.billingFile.function.functionArn,
        filter: { s3Key: { rules: [{ name: 'prefix', value: BILLING_INCOMING_PREFIX }, { name: 'suffix', value: suffix }] } },
      })),
    };
    bucket.node.addDependency(permission);
  }

  private billingBucketName(): string {
    return `hotline-${this.stageName}-billing-drop-${this.account}-${this.region}`;
  }

  private billingBucketArn(): string {
    return `arn:${this.partition}:s3:::${this.billingBucketName()}`;
  }

  /** Versioned, KMS-encrypted, TLS-only, private, with server access logs; billing files and the unreachable list are personal data. */
  private buildBillingBucket(config: StageConfig, key: kms.IKey): s3.Bucket {
    const accessLogs = accessLogBucket(this, 'BillingAccessLogs', config.removalPolicy, 'the billing bucket');
    return new s3.Bucket(this, 'BillingDrop', {
      // A fixed name, so the invoke permission and the policies name it without referencing the bucket.
      bucketName: this.billingBucketName(),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'billing/',
      removalPolicy: config.removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
    });
  }

  /** POST /billing/notices on the IAM-authorised API: up to 1,000 items per request (the function checks each item). */
  private addBillingNoticesMethod(api: apigw.RestApi, validator: apigw.RequestValidator): void {
    const model = api.addModel('BillingNotices', {
      contentType: 'application/json',
      modelName: 'BillingNotices',
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        type: apigw.JsonSchemaType.OBJECT,
        required: ['batchId', 'items'],
        properties: {
          batchId: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Za-z0-9_.-]{1,64}$' },
          items: { type: apigw.JsonSchemaType.ARRAY, minItems: 1, maxItems: 1000, items: { type: apigw.JsonSchemaType.OBJECT } },
        },
      },
    });
    api.root
      .addResource('billing')
      .addResource('notices')
      .addMethod('POST', new apigw.LambdaIntegration(this.billingNotices.function), {
        authorizationType: apigw.AuthorizationType.IAM,
        requestValidator: validator,
        requestModels: { 'application/json': model },
      });
  }

  /** Notice outcomes by the provider's id, requeues and its dead letters, the unreachable list (notice-relay publishes the event). */
  private grantReceiptsAccess(table: dynamodb.ITableV2, key: kms.IKey): iam.Policy {
    const policy = new iam.Policy(this, 'DeliveryReceiptsAccess', {
      roles: [this.deliveryReceipts.function.role],
      statements: [
        new iam.PolicyStatement({ sid: 'RecordReceipts', actions: ['dynamodb:UpdateItem'], resources: [table.tableArn] }),
        new iam.PolicyStatement({ sid: 'FindNoticeByProviderId', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/gsi2`] }),
        new iam.PolicyStatement({
          sid: 'RequeueAndDeadLetter',
          actions: ['sqs:SendMessage'],
          resources: [this.dispatchQueue.queueArn, this.priorityDispatchQueue.queueArn, this.deliveryReceipts.deadLetterQueue.queueArn],
        }),
        new iam.PolicyStatement({ sid: 'UnreachableList', actions: ['s3:PutObject'], resources: [this.billingObjects('unreachable/')] }),
        dataKeyVia(key, this.region, ['dynamodb', 'sqs', 's3']),
      ],
    });
    this.acknowledgePrefixGrant(policy, 'unreachable/', 'One object per unreachable customer and notice under unreachable/<batch>/ (named by notice id): keys cannot be listed in advance, so the write names the prefix.');
    return policy;
  }

  /**
   * Notices, opt-outs, deferrals, the priority lane, SMS to phone numbers,
   * calls through the notice flow, the unreachable list. sns:Publish must be
   * '*' for a phone number, so every topic is denied (issue 12, item 8): the
   * unreachable event is notice-relay's, from the table stream.
   */
  private grantDispatcherAccess(table: dynamodb.ITableV2, key: kms.IKey, connectInstanceArn: string, flowId: string): iam.Policy {
    const policy = new iam.Policy(this, 'OutboundDispatcherAccess', {
      roles: [this.dispatcher.role],
      statements: [
        new iam.PolicyStatement({ sid: 'NoticesAndOptOuts', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], resources: [table.tableArn] }),
        new iam.PolicyStatement({ sid: 'DeferNotices', actions: ['sqs:SendMessage'], resources: [this.dispatchQueue.queueArn, this.priorityDispatchQueue.queueArn] }),
        new iam.PolicyStatement({ sid: 'TakePriorityNotices', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], resources: [this.priorityDispatchQueue.queueArn] }),
        new iam.PolicyStatement({ sid: 'SendSmsToPhoneNumber', actions: ['sns:Publish'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'CallCustomers',
          actions: ['connect:StartOutboundVoiceContact'],
          resources: [`${connectInstanceArn}/contact-flow/${flowId}`],
        }),
        new iam.PolicyStatement({ sid: 'UnreachableList', actions: ['s3:PutObject'], resources: [this.billingObjects('unreachable/')] }),
        // The SMS grant above is '*': no topic of any account, this one's included.
        denyPublishToTopics(this),
        dataKeyVia(key, this.region, ['dynamodb', 'sqs', 's3']),
      ],
    });
    this.acknowledgePrefixGrant(policy, 'unreachable/', 'One object per unreachable customer and notice under unreachable/<batch>/ (named by notice id): keys cannot be listed in advance, so the write names the prefix.');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sns:Publish with PhoneNumber (notices sent by SMS) has no resource ARN to name, and the policy denies every topic ARN; the only * resource in this policy is that statement, every other one names its table, queue, flow, bucket prefix or key.',
    });
    return policy;
  }

  /** Billing intake writes new notices (conditional PutItem); billing-file also reads incoming/ and writes results/. */
  private grantBillingAccess(table: dynamodb.ITableV2, key: kms.IKey): [iam.Policy, iam.Policy] {
    const writeNotices = () => new iam.PolicyStatement({ sid: 'CreateNotices', actions: ['dynamodb:PutItem'], resources: [table.tableArn] });
    const notices = new iam.Policy(this, 'BillingNoticesAccess', {
      roles: [this.billingNotices.role],
      statements: [writeNotices(), readCalendarYears(table), dataKeyVia(key, this.region, ['dynamodb'])],
    });
    const file = new iam.Policy(this, 'BillingFileAccess', {
      roles: [this.billingFile.role],
      statements: [
        writeNotices(),
        readCalendarYears(table),
        new iam.PolicyStatement({ sid: 'ReadIncoming', actions: ['s3:GetObject'], resources: [this.billingObjects(BILLING_INCOMING_PREFIX)] }),
        new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [this.billingObjects('results/')] }),
        // sqs: its DLQ, the rejected-contacts queue, is encrypted with the stage key.
        dataKeyVia(key, this.region, ['dynamodb', 's3', 'sqs']),
      ],
    });
    this.acknowledgePrefixGrant(file, BILLING_INCOMING_PREFIX, 'Billing drops files under incoming/ with names of its choosing (one per run): keys cannot be listed in advance, so the read names the prefix.');
    this.acknowledgePrefixGrant(file, 'results/', 'billing-file writes one report per dropped file, named after it: keys cannot be listed in advance, so the write names the prefix.');
    return [notices, file];
  }

  private billingObjects(prefix: string): string {
    return `${this.billingBucketArn()}/${prefix}*`;
  }

  private acknowledgePrefixGrant(policy: iam.Policy, prefix: string, reason: string): void {
    // How cdk-nag prints the resource: pseudo parameters as <AWS::...>.
    const printed = this.billingObjects(prefix).replace(/\$\{Token\[AWS\.(\w+)\.\d+\]\}/g, '<AWS::$1>');
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${printed}]`, reason });
  }

  /** POST /outages, GET /outages/{id}, PUT /outages/{id}/etr, POST /outages/{id}/restore, /confirm, /merge, /reject, GET/PUT /storm-mode; IAM (SigV4) on every method. */
  private buildOutageApi(config: StageConfig): { api: apigw.RestApi; validator: apigw.RequestValidator } {
    const api = stageRestApi(this, 'OutageApi', {
      config,
      name: 'outages',
      description: 'Outage API for grid operations: declare, move the ETR, restore (IAM auth)',
      rate: 20,
      burst: 40,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
    });
    const validator = api.addRequestValidator('ValidateBodyAndParameters', { validateRequestBody: true, validateRequestParameters: true });
    const instant = { type: apigw.JsonSchemaType.STRING, minLength: 20, maxLength: 40 };
    const model = (name: string, schema: apigw.JsonSchema) => api.addModel(name, { contentType: 'application/json', modelName: name, schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, ...schema } });
    const declareModel = model('DeclareOutage', {
      required: ['outageId', 'kind', 'cause'],
      properties: {
        outageId: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$' },
        kind: { type: apigw.JsonSchemaType.STRING, enum: ['planned', 'unplanned'] },
        areas: { type: apigw.JsonSchemaType.ARRAY, items: { type: apigw.JsonSchemaType.STRING } },
        feeders: { type: apigw.JsonSchemaType.ARRAY, items: { type: apigw.JsonSchemaType.STRING } },
        cause: { type: apigw.JsonSchemaType.OBJECT, required: ['zh-CN', 'en'] },
        etr: instant,
        window: { type: apigw.JsonSchemaType.OBJECT, required: ['start', 'end'] },
      },
    });
    const etrModel = model('UpdateEtr', { required: ['etr'], properties: { etr: instant } });
    const integration = new apigw.LambdaIntegration(this.outageApiFunction.function);
    const idParameter = { 'method.request.path.id': true };

    const outages = api.root.addResource('outages');
    outages.addMethod('POST', integration, { requestValidator: validator, requestModels: { 'application/json': declareModel } });
    const outage = outages.addResource('{id}');
    outage.addMethod('GET', integration, { requestValidator: validator, requestParameters: idParameter });
    outage.addResource('etr').addMethod('PUT', integration, { requestValidator: validator, requestParameters: idParameter, requestModels: { 'application/json': etrModel } });
    outage.addResource('restore').addMethod('POST', integration, { requestValidator: validator, requestParameters: idParameter });
    // Issue 13: grid operations decides a suspected outage; operators switch storm mode. The function validates the bodies.
    for (const decision of ['confirm', 'merge', 'reject']) outage.addResource(decision).addMethod('POST', integration, { requestValidator: validator, requestParameters: idParameter });
    const stormMode = api.root.addResource('storm-mode');
    stormMode.addMethod('GET', integration, { requestValidator: validator });
    stormMode.addMethod('PUT', integration, { requestValidator: validator });

    Validations.of(api).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason: 'A regional API for grid operations only, every method IAM (SigV4) authorised and throttled at the stage; a WAF web ACL adds cost without a public caller to filter.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'Every request is in the JSON access log (AwsSolutions-APIG1) and the function logs each command; execution logging would need the account-wide API Gateway CloudWatch role, shared by all APIs in the account, which this stack must not own.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'Callers are grid-operations systems with AWS identities: IAM authorisation (SigV4) instead of a Cognito user pool, which is for people signing in.',
      },
    );
    return { api, validator };
  }

  /** Exactly what the planner does: directory reads, opt-out look-ups, notice batch writes, plan progress. */
  private grantPlannerAccess(table: dynamodb.ITableV2, key: kms.IKey): iam.Policy {
    return new iam.Policy(this, 'OutagePlannerDataAccess', {
      roles: [this.outagePlanner.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'DirectoryOptOutsNoticesProgress',
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
          resources: [table.tableArn],
        }),
        new iam.PolicyStatement({ sid: 'CustomersByFeeder', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/gsi1`] }),
        dataKeyVia(key, this.region, ['dynamodb']),
      ],
    });
  }

  /** The API reads and writes outage items, counts reports and plans, and enqueues planning jobs. */
  private grantOutageApiAccess(table: dynamodb.ITableV2, key: kms.IKey): iam.Policy {
    return new iam.Policy(this, 'OutageApiDataAccess', {
      roles: [this.outageApiFunction.role],
      statements: [
        new iam.PolicyStatement({ sid: 'OutageItems', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], resources: [table.tableArn] }),
        new iam.PolicyStatement({ sid: 'EnqueuePlanningJobs', actions: ['sqs:SendMessage'], resources: [this.plannerQueue.queueArn] }),
        dataKeyVia(key, this.region, ['dynamodb', 'sqs']),
      ],
    });
  }
}

/** The instance id, the last part of `arn:aws:connect:<region>:<account>:instance/<id>`. */
function connectInstanceId(instanceArn: string): string {
  return instanceArn.split('/').pop() ?? '';
}

function dataKeyVia(key: kms.IKey, region: string, services: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseDataKeyThroughServices',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': services.map((service) => `${service}.${region}.amazonaws.com`) } },
  });
}
