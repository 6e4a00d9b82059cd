import { ArnFormat, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROLES } from '../functions/access/principal';
import * as keys from '../functions/shared/keys';
import { HOTLINE_TABLE } from '../functions/shared/table-design';
import { DEFAULT_ROUTING, type RoutingConfig } from '../functions/workorders/routing';
import type { StageConfig } from './config';
import { CallbackPlanner } from './constructs/callback-planner';
import { HotlineFunction } from './constructs/hotline-function';
import { OpsConsoleSite } from './constructs/ops-console-site';
import { QualityDashboard } from './constructs/quality-dashboard';
import { accessLogBucket, stageRestApi } from './constructs/shared-resources';
import { FUNCTION_CATALOG } from './function-catalog';

export interface BackOfficeStackProps extends StackProps {
  readonly config: StageConfig;
  /** From the stateful stack. */
  readonly table: dynamodb.ITableV2;
  /** From the stateful stack: encrypts the table. */
  readonly key: kms.IKey;
  /** From the channels stack: functions/shared/config.ts requires its URL (ops-api sends nothing to it). */
  readonly rejectedContactsQueue: sqs.IQueue;
  /** From the channels stack: where the callback planner's failure alarm goes. */
  readonly alarmTopic: sns.ITopic;
  /** From the Connect stack: the flow callback tasks start in (StartTaskContact's `ContactFlowId`). */
  readonly callbackTaskFlowId: string;
  /**
   * What the handover reports as the system's state (issue 15): the
   * stage's dead-letter and failure queues by the name the page shows, and
   * the dispatch queues whose waiting notices are the backlog. The rejected
   * contacts queue and the callback planner's failures are always in it.
   */
  readonly systemState?: {
    readonly deadLetterQueues?: Readonly<Record<string, sqs.IQueue>>;
    readonly dispatchQueues?: readonly sqs.IQueue[];
  };
  /**
   * The departments and rules (functions/workorders/routing.ts): one
   * `department:<id>` group per department, and ops-api's ROUTING_CONFIG
   * when it is not the default. @default DEFAULT_ROUTING
   */
  readonly routing?: RoutingConfig;
}

/**
 * The user pool groups a role is granted by (`cognito:groups`, access/token-claims.ts):
 * one per centre role; a department's staff are in `department:<id>`.
 */
const ROLE_GROUPS = ROLES.filter((role) => role !== 'department');

/**
 * What ops-api writes, by partition (`dynamodb:LeadingKeys`): a ticket's
 * partition (its status, timeline lines, work orders), the outbox (the
 * reporter's texts a work-order step writes), and the correction counters and log.
 */
export const OPS_API_WRITTEN_PARTITIONS = [
  `${keys.ticketPartition('')}*`,
  `${keys.notice('').pk}*`,
  keys.correctionCounter('').pk,
  `${keys.correctionLogPartition('')}*`,
  // Issue 15: callbacks and their counters, the handover record, the quality sample, reviews, outage checks and scores.
  `${keys.callback('').pk}*`,
  'QUALITY#*',
  keys.handover('', '').pk,
  // A callback not satisfied opens a complaint through intake: its contact item and the sender's thread pointer.
  'CONTACT#*',
  'PHONE#*',
] as const;
/**
 * What ops-api reads by partition: tickets with their timelines and orders,
 * the working-day calendar (corrections re-plan clocks), and a day's chases
 * (`CHASES#<YYYY-MM-DD>`; not `CHASES#CONFIDENTIAL#...`, which only the
 * office's own listing by department shows, through the index).
 */
export const OPS_API_READ_PARTITIONS = [
  `${keys.ticketPartition('')}*`,
  keys.calendarYear(0).pk,
  keys.chasesPartition('????-??-??', false),
  // Issue 15: callbacks, the handover, the quality partitions and the call indicators (per interval and per agent-day).
  `${keys.callback('').pk}*`,
  keys.handover('', '').pk,
  'QUALITY#*',
  'KPI#PT15M',
  'KPIAGENT#*',
  // A complaint opened from a callback: the sender's partition (look-up) and the contact item (idempotency).
  'PHONE#*',
  'CONTACT#*',
] as const;
/**
 * Where ops-api only counts (Query with `Select: COUNT`, `dynamodb:Select`):
 * an outage's partition, whose `REPORT#` items hold the reporters' numbers.
 * The shift lead's board (GET /outages) shows how many reports an outage has,
 * never who sent them; the outage items themselves come through the status index.
 */
export const OPS_API_COUNTED_PARTITIONS = [`${keys.outage('').pk}*`] as const;

/**
 * The back office (issue 11): the staff user pool (groups as roles), the
 * REST API the ops console calls with the pool's ID tokens, and `ops-api`
 * behind it. API Gateway's Cognito authorizer turns away any request
 * without a valid token of this pool; ops-api verifies the token again
 * (aws-jwt-verify) and asks the one policy (access/policy.ts) per route,
 * so the authorizer is defence in depth, not the decision.
 */
export class BackOfficeStack extends Stack {
  public readonly userPool: cognito.UserPool;
  /** The ops console: a public client (no secret), authorization code with PKCE. */
  public readonly consoleClient: cognito.UserPoolClient;
  /** Every group by name: the roles and `department:<id>`. */
  public readonly groups: ReadonlyMap<string, cognito.CfnUserPoolGroup>;
  public readonly opsApi: apigw.RestApi;
  public readonly opsApiFunction: HotlineFunction;
  public readonly opsConsole: OpsConsoleSite;
  public readonly callbackPlanner: CallbackPlanner;
  public readonly qualityDashboard: QualityDashboard;

  constructor(scope: Construct, id: string, props: BackOfficeStackProps) {
    super(scope, id, props);
    const { config, table, key } = props;
    const routing = props.routing ?? DEFAULT_ROUTING;

    this.userPool = this.buildUserPool(config);
    this.consoleClient = this.userPool.addClient('OpsConsole', {
      userPoolClientName: `hotline-${config.stage}-ops-console`,
      // A browser app cannot keep a secret: a public client, whose code exchange PKCE protects.
      generateSecret: false,
      // Sign-in through Cognito's hosted pages only (code grant); no password ever reaches the console or the API.
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.EMAIL],
        callbackUrls: [...config.backOffice.consoleCallbackUrls],
        logoutUrls: [...config.backOffice.consoleLogoutUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // A shift: the console signs in again after it; ID and access tokens live an hour.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const signIn = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: config.backOffice.signInDomainPrefix } });
    this.groups = this.buildGroups(routing);

    // Callbacks (issue 15): planned from the table stream, each try a Connect task in the callback task flow.
    this.callbackPlanner = new CallbackPlanner(this, 'CallbackPlanner', {
      config,
      table,
      key,
      alarmTopic: props.alarmTopic,
      taskFlowId: props.callbackTaskFlowId,
      rejectedContactsQueue: props.rejectedContactsQueue,
    });
    const deadLetterQueues: Record<string, sqs.IQueue> = {
      'rejected-contacts': props.rejectedContactsQueue,
      ...props.systemState?.deadLetterQueues,
      'callback-planner-failures': this.callbackPlanner.failureQueue,
    };
    const dispatchQueues = [...(props.systemState?.dispatchQueues ?? [])];
    // The stage's alarms: CloudFormation names each `<stack>-<id>-<suffix>`, and every stack is `Hotline-<stage>-...`.
    const alarmPrefix = `Hotline-${config.stage}-`;

    this.opsApiFunction = new HotlineFunction(this, 'OpsApiHandler', {
      catalogEntry: FUNCTION_CATALOG.opsApi,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      environment: {
        TABLE_NAME: table.tableName,
        REJECTED_CONTACTS_QUEUE_URL: props.rejectedContactsQueue.queueUrl,
        TIME_ZONE: config.timeZone,
        ACCESS_USER_POOL_ID: this.userPool.userPoolId,
        ACCESS_CLIENT_ID: this.consoleClient.userPoolClientId,
        ...(props.routing ? { ROUTING_CONFIG: JSON.stringify(props.routing) } : {}),
        // The handover's system state (handover/adapters/aws-system-state.ts).
        HANDOVER_DLQ_URLS: this.toJsonString(Object.fromEntries(Object.entries(deadLetterQueues).map(([name, queue]) => [name, queue.queueUrl]))),
        ...(dispatchQueues.length > 0 ? { HANDOVER_DISPATCH_QUEUE_URLS: Fn.join(',', dispatchQueues.map((queue) => queue.queueUrl)) } : {}),
        HANDOVER_ALARM_PREFIX: alarmPrefix,
      },
    });
    const access = this.grantOpsApiAccess(table, key);
    const systemState = this.grantSystemStateReads([...Object.values(deadLetterQueues), ...dispatchQueues]);
    this.opsApiFunction.function.node.addDependency(systemState);
    this.opsApiFunction.function.node.addDependency(access);

    this.opsApi = this.buildOpsApi(config);

    // The ops console (issue 16) on its own distribution, the API under /ops/api/ on its origin;
    // its page is a callback and logout URL of the console client (added here: the client comes first).
    const consoleLogs = accessLogBucket(this, 'OpsConsoleAccessLogs', config.removalPolicy, 'the ops console bucket and distribution');
    this.opsConsole = new OpsConsoleSite(this, 'OpsConsole', {
      // The stage by its name, not its resource: the stage depends on ops-api, which names the console
      // client, whose callback URL names this distribution (a token on the stage would close that loop).
      api: { restApiId: this.opsApi.restApiId, deploymentStage: { stageName: config.stage } },
      signIn: { domain: signIn.baseUrl(), clientId: this.consoleClient.userPoolClientId },
      timeZone: config.timeZone,
      logBucket: consoleLogs,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const client = this.consoleClient.node.defaultChild as cognito.CfnUserPoolClient;
    client.callbackUrLs = [...config.backOffice.consoleCallbackUrls, this.opsConsole.pageUrl];
    client.logoutUrLs = [...config.backOffice.consoleLogoutUrls, this.opsConsole.pageUrl];
    new CfnOutput(this, 'OpsConsoleUrl', { description: 'The ops console (CloudFront)', value: this.opsConsole.pageUrl });

    // The quality indicators against their targets (the call indicators are on the Connect stack's dashboard).
    this.qualityDashboard = new QualityDashboard(this, 'QualityIndicators', { dashboardName: `hotline-${config.stage}-quality`, tableName: table.tableName });
  }

  /**
   * What the handover reads of the system: the depth of the named queues
   * (GetQueueAttributes on those queues only) and the alarms in ALARM
   * (DescribeAlarms, which CloudWatch authorises on the account's alarms as
   * a whole: the function asks for the stage's by name prefix).
   */
  private grantSystemStateReads(queues: readonly sqs.IQueue[]): iam.Policy {
    const alarmsOfAccount = this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const policy = new iam.Policy(this, 'OpsApiSystemState', {
      roles: [this.opsApiFunction.role],
      statements: [
        new iam.PolicyStatement({ sid: 'QueueDepths', actions: ['sqs:GetQueueAttributes'], resources: queues.map((queue) => queue.queueArn) }),
        new iam.PolicyStatement({ sid: 'AlarmsFiring', actions: ['cloudwatch:DescribeAlarms'], resources: [alarmsOfAccount] }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:${this.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:alarm:*]`,
      reason:
        "DescribeAlarms lists alarms, and CloudWatch authorises a listing on the account's alarms in the region rather than on names that match the request's prefix; the grant is read-only, this region and account only, and ops-api asks only for the stage's alarms (Hotline-<stage>-) in ALARM.",
    });
    return policy;
  }

  /** Staff only: no self sign-up, a strong password, TOTP MFA for everyone, threat protection on. */
  private buildUserPool(config: StageConfig): cognito.UserPool {
    const retain = config.removalPolicy === RemovalPolicy.RETAIN;
    const pool = new cognito.UserPool(this, 'StaffPool', {
      userPoolName: `hotline-${config.stage}-staff`,
      // An administrator adds each member of staff (README, "Adding a member of staff").
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: false },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff read customers' personal data and whistleblowing reports: a second factor for everyone,
      // an authenticator app rather than SMS (no SIM swap, no SMS cost).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection (compromised credentials, risky sign-ins) blocks, not just reports: the Plus plan.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: retain,
      removalPolicy: config.removalPolicy,
    });
    return pool;
  }

  /**
   * One group per centre role, and `department:<id>` per configured
   * department, except the discipline-inspection office's: its staff are
   * the `discipline_office` role (which answers for its inbox and alone
   * reads reports); a department group for it would be a second, weaker way in.
   */
  private buildGroups(routing: RoutingConfig): Map<string, cognito.CfnUserPoolGroup> {
    const groups = new Map<string, cognito.CfnUserPoolGroup>();
    const add = (name: string, description: string) => {
      groups.set(name, new cognito.CfnUserPoolGroup(this, `Group-${name.replace(/[^A-Za-z0-9]/g, '-')}`, { userPoolId: this.userPool.userPoolId, groupName: name, description }));
    };
    for (const role of ROLE_GROUPS) add(role, `Role ${role} (access/policy.ts)`);
    for (const department of routing.departments) {
      if (department.kind === 'discipline_office') continue;
      add(`department:${department.departmentId}`, `Department ${department.departmentId}: its own work orders only`.slice(0, 2048));
    }
    return groups;
  }

  /**
   * Exactly what ops-api does: Query a ticket's partition (ticket, timeline,
   * orders) and the calendar's, Query the customer, department and status
   * indexes, GetItem an order, and the transactions of an action, a re-route
   * and a correction (Put and Update of the ticket's partition, the outbox
   * and the correction counters and log; nothing deleted, no Scan).
   */
  private grantOpsApiAccess(table: dynamodb.ITableV2, key: kms.IKey): iam.Policy {
    return new iam.Policy(this, 'OpsApiDataAccess', {
      roles: [this.opsApiFunction.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadTicketsOrdersCalendar',
          actions: ['dynamodb:Query', 'dynamodb:GetItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...OPS_API_READ_PARTITIONS] } },
        }),
        new iam.PolicyStatement({
          sid: 'CountOutageReports',
          actions: ['dynamodb:Query'],
          resources: [table.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...OPS_API_COUNTED_PARTITIONS] },
            StringEquals: { 'dynamodb:Select': 'COUNT' },
          },
        }),
        new iam.PolicyStatement({
          sid: 'ListByCustomerDepartmentStatus',
          actions: ['dynamodb:Query'],
          resources: HOTLINE_TABLE.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
        }),
        new iam.PolicyStatement({
          sid: 'RecordActionsAndCorrections',
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...OPS_API_WRITTEN_PARTITIONS] } },
        }),
        new iam.PolicyStatement({
          sid: 'UseDataKeyThroughDynamoDb',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
        }),
      ],
    });
  }

  /**
   * The ops API: every path and method proxied to ops-api (`{proxy+}`, so a
   * route added to the function needs no change here), each behind the
   * user pool authorizer; the Authorization header required; JSON access
   * log; throttled at the stage's rate. No CORS preflight: the console is
   * served from the API's own origin, so no method is anonymous.
   */
  private buildOpsApi(config: StageConfig): apigw.RestApi {
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      authorizerName: `hotline-${config.stage}-staff`,
      cognitoUserPools: [this.userPool],
      identitySource: apigw.IdentitySource.header('Authorization'),
    });
    const api = stageRestApi(this, 'OpsApi', {
      config,
      name: 'ops',
      description: 'Ops API for the centre and the departments (Cognito user pool; ops-api checks the one access policy)',
      rate: config.backOffice.apiRatePerSecond,
      burst: config.backOffice.apiBurst,
    });
    // Parameters: the Authorization header and the path. Bodies differ per route and ops-api checks each with its
    // schema (400 naming the field); a body check here applies only where a method names a model, and none does.
    const validator = api.addRequestValidator('RequireBearer', { validateRequestParameters: true, validateRequestBody: true });
    // The authorizer's own 401 says how to sign in, as ops-api's does.
    api.addGatewayResponse('Unauthorized', {
      type: apigw.ResponseType.UNAUTHORIZED,
      statusCode: '401',
      responseHeaders: { 'WWW-Authenticate': "'Bearer'" },
      templates: { 'application/json': '{"message":"Sign in: a valid bearer token is required"}' },
    });
    const integration = new apigw.LambdaIntegration(this.opsApiFunction.function);
    api.root.addResource('{proxy+}').addMethod('ANY', integration, {
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizer,
      requestValidator: validator,
      requestParameters: { 'method.request.header.Authorization': true, 'method.request.path.proxy': true },
    });

    Validations.of(api).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason: 'Every method is behind the Cognito user pool authorizer (staff with MFA) and throttled at the stage; ops-api verifies the token again. A WAF web ACL adds cost and no filter these callers need; add one when the console is opened beyond the centre.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'Every request is in the JSON access log (AwsSolutions-APIG1) and ops-api logs each decision; execution logging would need the account-wide API Gateway CloudWatch role, shared by all APIs in the account, which this stack must not own.',
      },
    );
    return api;
  }
}
