import { Annotations, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { suspicionEnvironment, type StageConfig } from './config';
import { ChatSite } from './constructs/chat-site';
import { HotlineFunction } from './constructs/hotline-function';
import { accessLogBucket, queryTableIndexes } from './constructs/shared-resources';
import { logTagKey } from './constructs/log-tag-key';
import { FUNCTION_CATALOG } from './function-catalog';

export interface WebChannelsStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack. */
  readonly table: dynamodb.ITableV2;
  readonly key: kms.IKey;
  /** From the channels stack: one dead-letter queue for every inbound channel. */
  readonly rejectedContactsQueue: sqs.IQueue;
  /** The Connect contact flow web chats start in: the Connect stack's chat hand-over flow (`ConnectStack.chatHandoverFlowId`). */
  readonly chatContactFlowId: string;
}

const MAIL_PREFIX = 'inbound/';

/**
 * Regions where SES receives mail (CloudFormation has no receipt rule types
 * elsewhere, e.g. not in ap-east-1). Checked against the CloudFormation
 * validation that `cdk synth` runs.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'me-south-1', 'af-south-1', 'il-central-1',
];

/**
 * E-mail and web chat (issue 4).
 *
 * E-mail: an SES receipt rule for the service address only, with spam and
 * virus scanning, first stores the raw MIME in a KMS-encrypted bucket, then
 * invokes `email-inbound` asynchronously (retries, then the rejected-contacts
 * queue). The rule set must be made the active one once per region
 * (`aws ses set-active-receipt-rule-set`): CloudFormation cannot.
 *
 * Chat: an HTTP API (throttled) in front of `chat-api`, and a CloudFront
 * distribution (ChatSite) serving the page (web/chat) at `/chat/` and that
 * API at `/chat/api/*`, same-origin.
 */
export class WebChannelsStack extends Stack {
  public readonly mailBucket: s3.Bucket;
  public readonly mailKey: kms.Key;
  public readonly emailInbound: HotlineFunction;
  public readonly chatApi: HotlineFunction;
  /** Undefined where SES does not receive mail (see SES_RECEIVING_REGIONS). */
  public readonly receiptRuleSet?: ses.ReceiptRuleSet;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly chatSite: ChatSite;
  /** The address customers write to; the only recipient the rule accepts. */
  public readonly serviceAddress: string;

  constructor(scope: Construct, id: string, props: WebChannelsStackProps) {
    super(scope, id, props);
    const { config, table, key, rejectedContactsQueue } = props;
    const domain = config.sesDomain ?? `${config.stage}.hotline.example.com`;
    this.serviceAddress = `95598@${domain}`;
    const common = {
      TABLE_NAME: table.tableName,
      REJECTED_CONTACTS_QUEUE_URL: rejectedContactsQueue.queueUrl,
      THREAD_WINDOW_HOURS: String(config.threadWindowHours),
      TIME_ZONE: config.timeZone,
      // Cluster reports are filed under the cluster watch's windows (issue 13).
      ...suspicionEnvironment(config),
      // The e-mail acknowledgement of a fault in the customer's own wiring states it (intake/replies.ts).
      PAID_REPAIR_VISIT_YUAN: String(config.paidRepairVisitYuan),
    };

    // Mail is personal data: its own rotating key, so SES can be allowed to encrypt with it and nothing else.
    this.mailKey = new kms.Key(this, 'MailKey', {
      description: `Hotline ${config.stage}: raw inbound e-mail and attachments`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    this.mailKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesEncryptsReceivedMail',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const accessLogs = accessLogBucket(this, 'MailAccessLogs', config.removalPolicy, 'the mail bucket (and of the chat page bucket and distribution)');
    this.mailBucket = new s3.Bucket(this, 'Mail', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.mailKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'mail/',
      removalPolicy: config.removalPolicy,
      // Raw mail and attachments are kept a year (the ticket keeps the text); old versions a month.
      lifecycleRules: [{ expiration: Duration.days(366), noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.emailInbound = new HotlineFunction(this, 'EmailInbound', {
      catalogEntry: FUNCTION_CATALOG.emailInbound,
      environment: { ...common, MAIL_BUCKET: this.mailBucket.bucketName, MAIL_PREFIX, EMAIL_FROM_ADDRESS: this.serviceAddress },
      logLevel: config.logLevel,
      logTagKey: logTagKey(config),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      timeout: Duration.seconds(30),
      deadLetterQueue: rejectedContactsQueue,
    });
    const emailPolicy = new iam.Policy(this, 'EmailInboundAccess', {
      roles: [this.emailInbound.role],
      statements: [
        ...intakeStatements(table, key, rejectedContactsQueue, this.region, ['dynamodb:BatchGetItem']),
        new iam.PolicyStatement({ sid: 'ReadRawMail', actions: ['s3:GetObject'], resources: [this.mailBucket.arnForObjects(`${MAIL_PREFIX}*`)] }),
        new iam.PolicyStatement({ sid: 'KeepAttachments', actions: ['s3:PutObject'], resources: [this.mailBucket.arnForObjects('attachments/*')] }),
        new iam.PolicyStatement({ sid: 'MailKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.mailKey.keyArn] }),
        new iam.PolicyStatement({
          sid: 'AcknowledgeFromServiceIdentity',
          actions: ['ses:SendEmail'],
          resources: [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/${domain}`],
          conditions: { StringEquals: { 'ses:FromAddress': this.serviceAddress } },
        }),
      ],
    });
    this.emailInbound.function.node.addDependency(emailPolicy);
    const bucketLogicalId = this.resolve((this.mailBucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    for (const prefix of [MAIL_PREFIX, 'attachments/']) {
      Validations.of(emailPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
        reason: `Objects under ${prefix} are named by SES message id (raw mail written by SES, attachments by the function): keys cannot be listed in advance, so the grant names the prefix.`,
      });
    }

    if (SES_RECEIVING_REGIONS.includes(this.region)) {
      this.receiptRuleSet = new ses.ReceiptRuleSet(this, 'InboundMail', {
        rules: [
          {
            recipients: [this.serviceAddress],
            scanEnabled: true,
            tlsPolicy: ses.TlsPolicy.REQUIRE,
            actions: [
              new sesActions.S3({ bucket: this.mailBucket, objectKeyPrefix: MAIL_PREFIX }),
              new sesActions.Lambda({ function: this.emailInbound.function, invocationType: sesActions.LambdaInvocationType.EVENT }),
            ],
          },
        ],
      });
    } else {
      // The mail bucket and email-inbound deploy; the rule must live in a receiving region (docs/architecture.md, "Flow: an e-mail").
      Annotations.of(this).addInfo(`SES does not receive mail in ${this.region}: no receipt rule set in this stack`);
    }

    this.chatApi = new HotlineFunction(this, 'ChatApi', {
      catalogEntry: FUNCTION_CATALOG.chatApi,
      environment: {
        ...common,
        CONNECT_INSTANCE_ID: config.connectInstanceArn.split('/').pop() as string,
        // The instance's region, which a stage config may set apart from the table's.
        CONNECT_REGION: config.connectInstanceArn.split(':')[3] as string,
        CONNECT_CONTACT_FLOW_ID: props.chatContactFlowId,
      },
      logLevel: config.logLevel,
      logTagKey: logTagKey(config),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const chatPolicy = new iam.Policy(this, 'ChatApiAccess', {
      roles: [this.chatApi.role],
      statements: [
        ...intakeStatements(table, key, rejectedContactsQueue, this.region, []),
        new iam.PolicyStatement({
          sid: 'StartAgentChat',
          actions: ['connect:StartChatContact'],
          resources: [`${config.connectInstanceArn}/contact-flow/${props.chatContactFlowId}`],
        }),
      ],
    });
    this.chatApi.function.node.addDependency(chatPolicy);

    const accessLog = new logs.LogGroup(this, 'ChatApiAccessLog', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.httpApi = new apigwv2.HttpApi(this, 'ChatHttpApi', {
      description: `Hotline ${config.stage} web chat API`,
      createDefaultStage: true,
    });
    this.httpApi.addRoutes({
      path: '/chat/api/{action}',
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('ChatApiIntegration', this.chatApi.function),
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as apigwv2.CfnStage;
    // Per-address and per-session limits are in the function; this caps the whole API before Lambda scales.
    stage.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
    stage.accessLogSettings = {
      destinationArn: accessLog.logGroupArn,
      // No body and no query: only ids, status and the caller's address (for abuse handling).
      format: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', route: '$context.routeKey', status: '$context.status', latency: '$context.responseLatency' }),
    };
    for (const route of this.httpApi.node.findAll().filter((c) => c instanceof apigwv2.CfnRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'The web chat serves anonymous customers (DOMAIN.md: reports may be anonymous); account data needs the PIN, checked in the function, and requests are limited per session and per address.',
      });
    }

    // The stack's one access-log bucket (ACLs allowed, as CloudFront standard logging needs) also takes the chat page's logs.
    this.chatSite = new ChatSite(this, 'ChatSite', { httpApi: this.httpApi, logBucket: accessLogs, logRetention: config.logRetention, removalPolicy: config.removalPolicy, connectRegion: config.connectInstanceArn.split(':')[3] as string });
    new CfnOutput(this, 'ChatPageUrl', { description: 'The web chat page (CloudFront)', value: this.chatSite.pageUrl });
  }
}

/** What every intake function does on the table, key and queue (as the SMS stack grants it), plus extras. */
function intakeStatements(table: dynamodb.ITableV2, key: kms.IKey, queue: sqs.IQueue, region: string, extra: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ContactsTicketsOutages',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', ...extra],
      resources: [table.tableArn],
    }),
    queryTableIndexes(table),
    new iam.PolicyStatement({ sid: 'KeepRejectedInput', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    new iam.PolicyStatement({
      sid: 'UseDataKeyThroughDynamoDbAndSqs',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': [`dynamodb.${region}.amazonaws.com`, `sqs.${region}.amazonaws.com`] } },
    }),
  ];
}
