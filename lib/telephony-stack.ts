import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { HOTLINE_TABLE } from '../functions/shared/table-design';
import type { StageConfig } from './config';
import { HotlineFunction } from './constructs/hotline-function';
import { queryTableIndexes } from './constructs/shared-resources';
import { logTagKey } from './constructs/log-tag-key';
import { FUNCTION_CATALOG } from './function-catalog';

/** The IVR contact flow in Amazon Connect flow language; `${VoiceIvrFunctionArn}` and `${AgentQueueArn}` are filled in here. */
export const IVR_FLOW_FILE = fileURLToPath(new URL('../connect/flows/ivr.json', import.meta.url));
/** The outbound notice flow: speaks the `script` contact attribute of a StartOutboundVoiceContact call in its `language`; no placeholders. */
export const OUTBOUND_NOTICE_FLOW_FILE = fileURLToPath(new URL('../connect/flows/outbound-notice.json', import.meta.url));
/** The web chat hand-over flow: `StartChatContact` starts chats here; it tells the customer the ticket number and queues them for an agent. `${AgentQueueArn}` is filled in. */
export const CHAT_HANDOVER_FLOW_FILE = fileURLToPath(new URL('../connect/flows/chat-handover.json', import.meta.url));
export const CALLBACK_TASK_FLOW_FILE = fileURLToPath(new URL('../connect/flows/callback-task.json', import.meta.url));
/** Namespace the kpi-ingest function writes its metrics to (EMF), with the Powertools `service` dimension. */
const KPI_NAMESPACE = 'Hotline/Calls';
const KPI_PERIOD = Duration.minutes(15);

/** The region of an Amazon Connect instance, from its ARN. */
export function connectRegion(instanceArn: string): string {
  return instanceArn.split(':')[3] ?? '';
}

/** voice-ivr has a fixed name so the flow (possibly in another region's stack) can name its ARN without a cross-region reference. */
export function voiceIvrFunctionName(config: StageConfig): string {
  return `hotline-${config.stage}-voice-ivr`;
}

export interface TelephonyStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITableV2;
  readonly key: kms.IKey;
  /** Where the voice function's alarms go (the channels stack's alarm topic). */
  readonly alarmTopic: sns.ITopic;
  /** Where a call's report that DynamoDB refused is kept for replay (the channels stack's rejected-contacts queue). */
  readonly rejectedContactsQueue?: sqs.IQueue;
}

/**
 * The voice function next to the table (issue 3): `voice-ivr`, which the
 * Amazon Connect instance may invoke (and only that instance), with an alarm
 * on its failures. The flow and the contact records live in `ConnectStack`,
 * in the instance's region.
 */
export class TelephonyStack extends Stack {
  public readonly voiceIvr: HotlineFunction;

  constructor(scope: Construct, id: string, props: TelephonyStackProps) {
    super(scope, id, props);
    const { config, table, key, alarmTopic, rejectedContactsQueue } = props;

    this.voiceIvr = new HotlineFunction(this, 'VoiceIvr', {
      catalogEntry: FUNCTION_CATALOG.voiceIvr,
      environment: {
        TABLE_NAME: table.tableName,
        THREAD_WINDOW_HOURS: String(config.threadWindowHours),
        TIME_ZONE: config.timeZone,
        IVR_DEADLINE_MS: '3000',
        ...(rejectedContactsQueue ? { REJECTED_CONTACTS_QUEUE_URL: rejectedContactsQueue.queueUrl } : {}),
      },
      logLevel: config.logLevel,
      logTagKey: logTagKey(config),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      // Connect waits at most 8 s; the handler answers by its 3 s internal deadline, so 5 s covers a cold start too.
      timeout: Duration.seconds(5),
    });
    (this.voiceIvr.function.node.defaultChild as lambda.CfnFunction).functionName = voiceIvrFunctionName(config);
    const access = new iam.Policy(this, 'VoiceIvrDataAccess', {
      roles: [this.voiceIvr.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ContactsTicketsOutagesCallState',
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
          resources: [table.tableArn],
        }),
        queryTableIndexes(table),
        new iam.PolicyStatement({
          sid: 'UseDataKeyThroughDynamoDb',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          // SQS too when the rejected-contacts queue (encrypted with the same key) is given.
          conditions: { StringEquals: { 'kms:ViaService': rejectedContactsQueue ? [`dynamodb.${this.region}.amazonaws.com`, `sqs.${this.region}.amazonaws.com`] : `dynamodb.${this.region}.amazonaws.com` } },
        }),
      ],
    });
    if (rejectedContactsQueue) {
      access.addStatements(new iam.PolicyStatement({ sid: 'KeepReportsForReplay', actions: ['sqs:SendMessage'], resources: [rejectedContactsQueue.queueArn] }));
    }
    this.voiceIvr.function.node.addDependency(access);

    this.voiceIvr.function.addPermission('ConnectInvokes', {
      principal: new iam.ServicePrincipal('connect.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: config.connectInstanceArn,
      sourceAccount: config.connectInstanceArn.split(':')[4],
    });

    const errors = new cloudwatch.Alarm(this, 'VoiceIvrErrors', {
      alarmDescription: 'voice-ivr failed invocations: callers are reaching agents without self-service.',
      metric: this.voiceIvr.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    errors.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
  }
}

export interface ConnectStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What must live in the Amazon Connect instance's own region: the IVR
 * contact flow (calling voice-ivr by ARN), the outbound notice flow (the
 * dispatcher's calls play their `script` attribute through it), the Lambda integration
 * association when the function is in the same region (Connect associates
 * only same-region functions; a function elsewhere is called by ARN with
 * the invoke permission), the contact-record stream into `kpi-ingest`, the
 * indicator aggregates, the dashboard and the breach alarms.
 */
export class ConnectStack extends Stack {
  public readonly kpiIngest: HotlineFunction;
  public readonly contactFlow: connect.CfnContactFlow;
  public readonly outboundNoticeFlow: connect.CfnContactFlow;
  /** The id `StartOutboundVoiceContact` takes as `ContactFlowId`: the last part of the flow ARN (`.../instance/<id>/contact-flow/<flowId>`). */
  public readonly outboundNoticeFlowId: string;
  public readonly chatHandoverFlow: connect.CfnContactFlow;
  /** The id `StartChatContact` takes as `ContactFlowId` (chat-api's `CONNECT_CONTACT_FLOW_ID`). */
  public readonly chatHandoverFlowId: string;
  public readonly callbackTaskFlow: connect.CfnContactFlow;
  /** The id `StartTaskContact` takes as `ContactFlowId` (callback-planner's `CALLBACK_CONTACT_FLOW_ID`). */
  public readonly callbackTaskFlowId: string;
  public readonly contactRecords: kinesis.Stream;
  public readonly kpiTable: dynamodb.TableV2;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ConnectStackProps) {
    super(scope, id, props);
    const { config } = props;
    const instanceArn = config.connectInstanceArn;
    const voiceIvrArn = `arn:${Aws.PARTITION}:lambda:${config.region}:${config.account ?? Aws.ACCOUNT_ID}:function:${voiceIvrFunctionName(config)}`;

    this.contactFlow = new connect.CfnContactFlow(this, 'IvrFlow', {
      instanceArn,
      name: `hotline-${config.stage}-ivr`,
      type: 'CONTACT_FLOW',
      description: 'IVR: language, outage check, PIN self-service, keypad fault report, agent hand-off. Stores only language, ticketNumber and ticketType as contact attributes.',
      content: Fn.sub(readFileSync(IVR_FLOW_FILE, 'utf8'), { VoiceIvrFunctionArn: voiceIvrArn, AgentQueueArn: config.connectAgentQueueArn }),
    });
    if (connectRegion(instanceArn) === config.region) {
      const association = new connect.CfnIntegrationAssociation(this, 'VoiceIvrAssociation', {
        instanceId: instanceArn,
        integrationType: 'LAMBDA_FUNCTION',
        integrationArn: voiceIvrArn,
      });
      this.contactFlow.addResourceDependency(association);
    }
    this.outboundNoticeFlow = new connect.CfnContactFlow(this, 'OutboundNoticeFlow', {
      instanceArn,
      name: `hotline-${config.stage}-outbound-notice`,
      type: 'CONTACT_FLOW',
      description: 'Outbound notice calls: speaks the script attribute in the language attribute, offers one replay (press 1), says goodbye. Writes no contact attributes.',
      content: readFileSync(OUTBOUND_NOTICE_FLOW_FILE, 'utf8'),
    });
    this.outboundNoticeFlowId = Fn.select(3, Fn.split('/', this.outboundNoticeFlow.attrContactFlowArn));
    this.chatHandoverFlow = new connect.CfnContactFlow(this, 'ChatHandoverFlow', {
      instanceArn,
      name: `hotline-${config.stage}-chat-handover`,
      type: 'CONTACT_FLOW',
      description: 'Web chat hand-over (chat-api StartChatContact): says the ticket number, queues the chat for an agent. Writes no contact attributes.',
      content: Fn.sub(readFileSync(CHAT_HANDOVER_FLOW_FILE, 'utf8'), { AgentQueueArn: config.connectAgentQueueArn }),
    });
    this.chatHandoverFlowId = Fn.select(3, Fn.split('/', this.chatHandoverFlow.attrContactFlowArn));
    this.callbackTaskFlow = new connect.CfnContactFlow(this, 'CallbackTaskFlow', {
      instanceArn,
      name: `hotline-${config.stage}-callback-task`,
      type: 'CONTACT_FLOW',
      description: "Callback tasks (callback-planner StartTaskContact): a whistleblowing report's (attribute queue=discipline-office) to the office's queue, every other to the agent queue. Writes no contact attributes.",
      content: Fn.sub(readFileSync(CALLBACK_TASK_FLOW_FILE, 'utf8'), { AgentQueueArn: config.connectAgentQueueArn, OfficeQueueArn: config.callbacks.officeQueueArn }),
    });
    this.callbackTaskFlowId = Fn.select(3, Fn.split('/', this.callbackTaskFlow.attrContactFlowArn));

    // The AWS-managed aws/kinesis key (cdk-nag KDS3): Amazon Connect writes contact records with its
    // service-linked role, which needs no grant on it.
    this.contactRecords = new kinesis.Stream(this, 'ContactRecords', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.days(7),
      removalPolicy: config.removalPolicy,
    });
    new connect.CfnInstanceStorageConfig(this, 'ContactRecordsToStream', {
      instanceArn,
      resourceType: 'CONTACT_TRACE_RECORDS',
      storageType: 'KINESIS_STREAM',
      kinesisStreamConfig: { streamArn: this.contactRecords.streamArn },
    });

    // Indicator aggregates are derived data: kept beside the stream they come from (same key design as the main table).
    this.kpiTable = new dynamodb.TableV2(this, 'KpiTable', {
      partitionKey: { name: HOTLINE_TABLE.partitionKey.name, type: dynamodb.AttributeType.STRING },
      sortKey: { name: HOTLINE_TABLE.sortKey.name, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: HOTLINE_TABLE.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: config.removalPolicy,
    });

    this.kpiIngest = new HotlineFunction(this, 'KpiIngest', {
      catalogEntry: FUNCTION_CATALOG.kpiIngest,
      environment: { TABLE_NAME: this.kpiTable.tableName },
      logLevel: config.logLevel,
      // Repeat callers are keyed by this tag; the key is read from the stage region, wherever the instance is.
      logTagKey: logTagKey(config),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      timeout: Duration.seconds(60),
    });
    const access = new iam.Policy(this, 'KpiIngestDataAccess', {
      roles: [this.kpiIngest.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'Aggregates',
          actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
          resources: [this.kpiTable.tableArn],
        }),
      ],
    });
    this.kpiIngest.function.node.addDependency(access);
    this.contactRecords.grantRead(this.kpiIngest.role);
    this.kpiIngest.function.addEventSource(
      new sources.KinesisEventSource(this.contactRecords, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        bisectBatchOnError: true,
      }),
    );

    const alarmKey = new kms.Key(this, 'AlarmsKey', {
      enableKeyRotation: true,
      description: `Hotline ${config.stage}: call-indicator alarm topic`,
      removalPolicy: config.removalPolicy,
    });
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` } },
      }),
    );
    const alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `Hotline ${config.stage} call indicators`, masterKey: alarmKey, enforceSSL: true });
    alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` } },
      }),
    );
    alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    this.dashboard = this.buildDashboard(config, alarmTopic);
  }

  private buildDashboard(config: StageConfig, alarmTopic: sns.ITopic): cloudwatch.Dashboard {
    const metric = (name: string) =>
      new cloudwatch.Metric({ namespace: KPI_NAMESPACE, metricName: name, dimensionsMap: { service: 'kpi-ingest' }, statistic: cloudwatch.Stats.SUM, period: KPI_PERIOD });
    const expression = (label: string, text: string, names: Record<string, string>) =>
      new cloudwatch.MathExpression({ label, expression: text, usingMetrics: Object.fromEntries(Object.entries(names).map(([k, v]) => [k, metric(v)])), period: KPI_PERIOD });

    const serviceLevel = expression('Service level (answered within 12 s)', 'IF(offered > 0, within / offered, 1)', { within: 'AnsweredWithin12s', offered: 'Offered' });
    const answerRate = expression('Answer rate', 'IF(offered > 0, answered / offered, 1)', { answered: 'Answered', offered: 'Offered' });
    const asa = expression('Average speed of answer (s)', 'IF(answered > 0, wait / answered, 0)', { wait: 'QueueWaitSeconds', answered: 'Answered' });
    const talk = expression('Average talk time (s)', 'IF(answered > 0, talk / answered, 0)', { talk: 'TalkSeconds', answered: 'Answered' });
    const acw = expression('Average after-call work (s)', 'IF(answered > 0, acw / answered, 0)', { acw: 'AfterCallWorkSeconds', answered: 'Answered' });
    const transfer = expression('Transfer rate', 'IF(answered > 0, transferred / answered, 0)', { transferred: 'Transferred', answered: 'Answered' });
    const deflected = expression('IVR deflected', 'IF(inbound > 0, deflected / inbound, 0)', { deflected: 'IvrDeflected', inbound: 'Inbound' });
    const repeats = expression('Repeat contacts within 7 days', 'IF(inbound > 0, repeats / inbound, 0)', { repeats: 'RepeatContacts', inbound: 'Inbound' });

    const alarm = (id: string, description: string, metricToWatch: cloudwatch.IMetric, threshold: number, comparisonOperator: cloudwatch.ComparisonOperator) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric: metricToWatch,
        threshold,
        comparisonOperator,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
      return created;
    };
    const alarms = [
      alarm('ServiceLevelBreach', 'Calls were not all answered within 12 s (DOMAIN.md: always) for two 15-minute intervals.', serviceLevel, 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD),
      alarm('TalkTimeBreach', 'Average talk time above 150 s for two 15-minute intervals.', talk, 150, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
      alarm('AfterCallWorkBreach', 'Average after-call work above 60 s for two 15-minute intervals.', acw, 60, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
      alarm('TransferRateBreach', 'Transfer rate above 3% for two 15-minute intervals.', transfer, 0.03, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
      alarm('KpiIngestBehind', 'Contact records are waiting more than 15 minutes to be counted.', this.kpiIngest.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) }), 900_000, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
    ];

    const dashboard = new cloudwatch.Dashboard(this, 'CallIndicators', { dashboardName: `hotline-${config.stage}-calls` });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Calls per 15 minutes', left: ['Inbound', 'Offered', 'Answered', 'Abandoned', 'IvrDeflected'].map(metric), width: 12 }),
      new cloudwatch.GraphWidget({ title: 'Service level and answer rate (target: 100% within 12 s)', left: [serviceLevel, answerRate], leftAnnotations: [{ value: 1, label: 'target' }], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'ASA, talk time (<= 150 s), after-call work (<= 60 s)', left: [asa, talk, acw], leftAnnotations: [{ value: 150, label: 'talk target' }, { value: 60, label: 'ACW target' }], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'Transfer rate (<= 3%), IVR deflection, repeat contacts', left: [transfer, deflected, repeats], leftAnnotations: [{ value: 0.03, label: 'transfer target' }], width: 12 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Breaches', alarms, width: 24 }),
    );
    return dashboard;
  }
}
