import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { HotlineFunction } from './constructs/hotline-function';
import { FUNCTION_CATALOG } from './function-catalog';

export interface OutboundStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table, and here the queues and the access log. */
  readonly key: kms.IKey;
  /** From the channels stack: where the queue alarms go. */
  readonly alarmTopic: sns.ITopic;
  /** Announce an ETR move only when it is at least this far from the last announced one. @default 30 */
  readonly etrChangeThresholdMinutes?: number;
}

/** The planner's time limit; a job that runs out resumes from its saved cursor on redelivery. */
const PLANNER_TIMEOUT = Duration.minutes(15);

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

  constructor(scope: Construct, id: string, props: OutboundStackProps) {
    super(scope, id, props);
    const { config, table, key, alarmTopic } = props;
    const queueDefaults = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, removalPolicy: config.removalPolicy };

    this.plannerDeadLetterQueue = new sqs.Queue(this, 'PlannerDeadLetters', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    this.plannerQueue = new sqs.Queue(this, 'PlannerJobs', {
      ...queueDefaults,
      // Longer than the planner may run, so a job in progress is not handed to a second planner.
      visibilityTimeout: PLANNER_TIMEOUT.plus(Duration.minutes(1)),
      deadLetterQueue: { queue: this.plannerDeadLetterQueue, maxReceiveCount: 3 },
    });

    const planningEnvironment = {
      TABLE_NAME: table.tableName,
      PLANNER_QUEUE_URL: this.plannerQueue.queueUrl,
      ETR_CHANGE_THRESHOLD_MINUTES: String(props.etrChangeThresholdMinutes ?? 30),
      TIME_ZONE: config.timeZone,
    };
    const functionDefaults = { environment: planningEnvironment, logLevel: config.logLevel, logRetention: config.logRetention, removalPolicy: config.removalPolicy };

    this.outagePlanner = new HotlineFunction(this, 'OutagePlanner', { ...functionDefaults, catalogEntry: FUNCTION_CATALOG.outagePlanner, timeout: PLANNER_TIMEOUT });
    const plannerAccess = this.grantPlannerAccess(table, key);
    this.outagePlanner.function.node.addDependency(plannerAccess);
    // One job at a time per invocation: a job is a whole fan-out, and a failure redelivers only that job.
    this.outagePlanner.function.addEventSource(new SqsEventSource(this.plannerQueue, { batchSize: 1, reportBatchItemFailures: true }));

    this.outageApiFunction = new HotlineFunction(this, 'OutageApiHandler', { ...functionDefaults, catalogEntry: FUNCTION_CATALOG.outageApi });
    const apiAccess = this.grantOutageApiAccess(table, key);
    this.outageApiFunction.function.node.addDependency(apiAccess);
    this.outageApi = this.buildOutageApi(config);

    this.plannerDeadLetterAlarm = new cloudwatch.Alarm(this, 'PlannerJobsFailed', {
      alarmDescription: 'An outage notice planning job failed three times and waits in the planner dead-letter queue: customers may be missing notices. Fix the cause and redrive.',
      metric: this.plannerDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.plannerDeadLetterAlarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
    this.plannerDeadLetterAlarm.addOkAction(new cloudwatchActions.SnsAction(alarmTopic));
  }

  /** POST /outages, GET /outages/{id}, PUT /outages/{id}/etr, POST /outages/{id}/restore; IAM (SigV4) on every method. */
  private buildOutageApi(config: StageConfig): apigw.RestApi {
    const accessLog = new logs.LogGroup(this, 'OutageApiAccessLog', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    const api = new apigw.RestApi(this, 'OutageApi', {
      restApiName: `hotline-${config.stage}-outages`,
      description: 'Outage API for grid operations: declare, move the ETR, restore (IAM auth)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Execution logging needs API Gateway's account-wide CloudWatch role, which one stack should not own: the access log records every request.
      cloudWatchRole: false,
      deployOptions: {
        stageName: config.stage,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLog),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        throttlingRateLimit: 20,
        throttlingBurstLimit: 40,
      },
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
    return api;
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

function dataKeyVia(key: kms.IKey, region: string, services: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseDataKeyThroughServices',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': services.map((service) => `${service}.${region}.amazonaws.com`) } },
  });
}
