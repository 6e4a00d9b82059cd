import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';
import { BackOfficeStack, OPS_API_COUNTED_PARTITIONS, OPS_API_READ_PARTITIONS, OPS_API_WRITTEN_PARTITIONS } from '../../lib/back-office-stack';
import { STAGES } from '../../lib/config';
import { DEFAULT_ROUTING, type RoutingConfig } from '../../functions/workorders/routing';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let outdir: string;
let backOffice: Template;
let replyingFunctions: { name: string; variables: Record<string, unknown> }[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-backoffice-'));
  const app = new App({ outdir, context: { ...CDK_TEST_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const hotline = buildHotline(app);
  app.synth();
  backOffice = Template.fromStack(hotline.backOffice);
  replyingFunctions = [hotline.channels, hotline.webChannels].flatMap((stack) =>
    Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .filter((f) => /^(sms-inbound|email-inbound)$/.test(f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME ?? ''))
      .map((f) => ({ name: f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string, variables: f.Properties.Environment.Variables as Record<string, unknown> })),
  );
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The back office alone on a stand-in table, key and queue: quick to build for another stage or routing. */
function backOfficeAlone(stage: 'dev' | 'prod', routing?: RoutingConfig): Template {
  const app = new App({ context: CDK_TEST_CONTEXT });
  const env = { account: '111122223333', region: STAGES[stage].region };
  const data = new Stack(app, 'Data', { env });
  const table = new dynamodb.TableV2(data, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const stack = new BackOfficeStack(app, 'BackOffice', {
    env,
    config: STAGES[stage],
    table,
    key: new kms.Key(data, 'Key'),
    rejectedContactsQueue: new sqs.Queue(data, 'Rejected'),
    alarmTopic: new sns.Topic(data, 'Alarms'),
    callbackTaskFlowId: 'flow-id',
    ...(routing ? { routing } : {}),
  });
  return Template.fromStack(stack);
}

const actions = (s: Statement) => [s.Action].flat();

/** Every statement of the policies attached to ops-api's role, and the role's inline ones. */
function opsApiStatements(template: Template): Statement[] {
  const [roleId] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: 'Execution role of ops-api' } }));
  expect(roleId).toBeDefined();
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  const inline = ((template.findResources('AWS::IAM::Role')[roleId!]!.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  return [...attached, ...inline];
}

describe('BackOfficeStack: the ops API', () => {
  it('puts the user pool authorizer on every method; no method is anonymous (there is no CORS preflight to exempt)', () => {
    const methods = Object.values(backOffice.findResources('AWS::ApiGateway::Method'));
    expect(methods.length).toBeGreaterThan(0);
    const [authorizerId] = Object.keys(backOffice.findResources('AWS::ApiGateway::Authorizer'));
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(method.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      expect(method.Properties.RequestParameters).toMatchObject({ 'method.request.header.Authorization': true });
      expect(method.Properties.RequestValidatorId).toBeDefined();
    }
    backOffice.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^StaffPool'), 'Arn'] }],
    });
  });

  it('proxies every path and method to ops-api, so a route added to the function needs no change here', () => {
    const resources = Object.values(backOffice.findResources('AWS::ApiGateway::Resource'));
    expect(resources.map((r) => r.Properties.PathPart)).toEqual(['{proxy+}']);
    backOffice.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      Integration: { Type: 'AWS_PROXY', Uri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsApiHandlerFunction'), 'Arn'] }])] } },
    });
  });

  it('logs every request, traces, and throttles at the stage rate', () => {
    backOffice.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: STAGES.dev.backOffice.apiRatePerSecond, ThrottlingBurstLimit: STAGES.dev.backOffice.apiBurst })]),
    });
    backOffice.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'UNAUTHORIZED', ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" } });
  });

  it('gives ops-api the pool and console client to verify tokens against', () => {
    backOffice.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ACCESS_USER_POOL_ID: { Ref: Match.stringLikeRegexp('^StaffPool') },
          ACCESS_CLIENT_ID: { Ref: Match.stringLikeRegexp('^StaffPoolOpsConsole') },
          TABLE_NAME: Match.anyValue(),
          TIME_ZONE: STAGES.dev.timeZone,
        }),
      },
    });
  });
});

describe('BackOfficeStack: the staff user pool', () => {
  it('lets no one sign themselves up, asks a strong password and an authenticator app of everyone, and enforces threat protection', () => {
    backOffice.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'INACTIVE',
    });
  });

  it('protects the prod pool from deletion', () => {
    backOfficeAlone('prod').hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('has one console client: no secret, authorization code only (PKCE), no password flows', () => {
    const clients = Object.values(backOffice.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    // The configured URLs, and the deployed console's own page (its distribution's domain) to come back to.
    const consolePage = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^OpsConsoleDistribution/), 'DomainName'] }, '/ops/']] };
    expect(clients[0]!.Properties.CallbackURLs).toEqual([...STAGES.dev.backOffice.consoleCallbackUrls, consolePage]);
    expect(clients[0]!.Properties.LogoutURLs).toEqual([...STAGES.dev.backOffice.consoleLogoutUrls, consolePage]);
  });

  it('has a group for every centre role and one per configured department (the discipline office is its role)', () => {
    const names = Object.values(backOffice.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName as string);
    const departments = DEFAULT_ROUTING.departments.filter((d) => d.kind !== 'discipline_office').map((d) => `department:${d.departmentId}`);
    expect(names.sort()).toEqual(['agent', 'discipline_office', 'quality_inspector', 'shift_lead', 'supervisor', ...departments].sort());
    expect(names).not.toContain('department:discipline-office');
  });

  it('adds a group when a department is added to the routing config', () => {
    const routing: RoutingConfig = {
      ...DEFAULT_ROUTING,
      departments: [...DEFAULT_ROUTING.departments, { departmentId: 'repair-SX-YUECHENG', kind: 'repair', name: '越城区抢修班', area: 'SX-YUECHENG', dutyContact: '+8613900000105', workingHours: { from: '00:00', to: '24:00' } }],
    };
    const template = backOfficeAlone('dev', routing);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'department:repair-SX-YUECHENG' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ ROUTING_CONFIG: Match.stringLikeRegexp('repair-SX-YUECHENG') }) } });
  });
});

describe('BackOfficeStack: ops-api least privilege', () => {
  it('allows only reads, puts and updates on the table, queries on its indexes, the table key through DynamoDB, its logs and X-Ray', () => {
    const allowed = opsApiStatements(backOffice).filter((s) => s.Effect === 'Allow').flatMap(actions);
    expect([...new Set(allowed)].sort()).toEqual([
      'cloudwatch:DescribeAlarms', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey',
      'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:GetQueueAttributes', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
  });

  it('writes only the partitions its routes write (tickets and their orders, the outbox, corrections, callbacks, the handover, quality; the complaint a callback opens through intake)', () => {
    const writes = opsApiStatements(backOffice).filter((s) => s.Effect === 'Allow' && actions(s).some((a) => a === 'dynamodb:PutItem' || a === 'dynamodb:UpdateItem'));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TICKET#*', 'NOTICE#*', 'QUALITY#CORRECTIONS', 'CORRECTIONS#*', 'CALLBACK#*', 'QUALITY#*', 'HANDOVER', 'CONTACT#*', 'PHONE#*'] } });
    expect([...OPS_API_WRITTEN_PARTITIONS]).toEqual(['TICKET#*', 'NOTICE#*', 'QUALITY#CORRECTIONS', 'CORRECTIONS#*', 'CALLBACK#*', 'QUALITY#*', 'HANDOVER', 'CONTACT#*', 'PHONE#*']);
  });

  it('reads the base table only in the partitions its routes read: no customer, PIN or chat item, no confidential chases', () => {
    const reads = opsApiStatements(backOffice).filter((s) => s.Effect === 'Allow' && actions(s).includes('dynamodb:GetItem'));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...OPS_API_READ_PARTITIONS] } });
    expect([...OPS_API_READ_PARTITIONS]).toEqual(['TICKET#*', 'CALENDAR', 'CHASES#????-??-??', 'CALLBACK#*', 'HANDOVER', 'QUALITY#*', 'KPI#PT15M', 'KPIAGENT#*', 'PHONE#*', 'CONTACT#*']);
    // No customer profile or PIN ledger (CUSTOMER#), no chat session (CHAT#), no confidential chases.
    expect(OPS_API_READ_PARTITIONS.filter((p) => /^(CUSTOMER|CHAT|EMAIL|CHASES#CONFIDENTIAL)/.test(p))).toEqual([]);
    // The only unconditioned grant on the table's data is Query on the indexes (listings by customer, department, status).
    const unconditioned = opsApiStatements(backOffice).filter((s) => s.Effect === 'Allow' && actions(s).some((a) => a.startsWith('dynamodb:')) && !s.Condition);
    expect(unconditioned.flatMap(actions)).toEqual(['dynamodb:Query']);
    expect(JSON.stringify(unconditioned[0]!.Resource)).toMatch(/\/index\/gsi1.*\/index\/gsi2/);
  });

  it('only counts in an outage\'s partition (the board\'s report counts): Query with Select COUNT, so no reporter\'s number is ever read', () => {
    const counts = opsApiStatements(backOffice).filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Condition ?? {}).includes('dynamodb:Select'));
    expect(counts).toHaveLength(1);
    expect(actions(counts[0]!)).toEqual(['dynamodb:Query']);
    expect(counts[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTAGE#*'] }, StringEquals: { 'dynamodb:Select': 'COUNT' } });
    expect([...OPS_API_COUNTED_PARTITIONS]).toEqual(['OUTAGE#*']);
    expect(OPS_API_READ_PARTITIONS.filter((p) => p.startsWith('OUTAGE'))).toEqual([]);
  });

  it('uses the data key through DynamoDB only', () => {
    const kmsStatement = opsApiStatements(backOffice).find((s) => actions(s).some((a) => a.startsWith('kms:')))!;
    expect(kmsStatement.Condition).toEqual({ StringEquals: { 'kms:ViaService': `dynamodb.${STAGES.dev.region}.amazonaws.com` } });
  });
});

describe('BackOfficeStack: the handover\'s system state (issue 15)', () => {
  const opsApi = () => Object.values(backOffice.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'ops-api')!;

  it('names every queue where failed work waits, the dispatch queues, and the stage\'s alarm prefix', () => {
    const variables = opsApi().Properties.Environment.Variables as Record<string, unknown>;
    const dlqs = JSON.stringify(variables.HANDOVER_DLQ_URLS);
    for (const name of ['rejected-contacts', 'outage-planner', 'notice-dispatch', 'notice-relay-failures', 'delivery-receipts', 'sla-watch', 'clock-keeper-failures', 'cluster-watch-failures', 'callback-planner-failures']) {
      expect(dlqs).toContain(`\\"${name}\\":`);
    }
    // Every table stream consumer's on-failure queue is there: cluster-watch's is the Outbound stack's.
    expect(dlqs).toMatch(/cluster-watch-failures[^{]*\{[^}]*"StackName":"Hotline-dev-Outbound"[^}]*ClusterWatchFailures/);
    // Two dispatch queues (bulk and priority), joined by a comma.
    expect(JSON.stringify(variables.HANDOVER_DISPATCH_QUEUE_URLS)).toMatch(/"Fn::Join":\[",",\[.*DispatchNotices.*PriorityDispatchNotices/);
    expect(variables.HANDOVER_ALARM_PREFIX).toBe('Hotline-dev-');
  });

  it('reads the depth of those queues only, and the alarms of its own account and region only', () => {
    const statements = opsApiStatements(backOffice);
    const depths = statements.filter((st) => actions(st).includes('sqs:GetQueueAttributes'));
    expect(depths).toHaveLength(1);
    expect(actions(depths[0]!)).toEqual(['sqs:GetQueueAttributes']);
    // The rejected contacts, seven other dead-letter or failure queues (cluster-watch's among them), the planner's failures, and the two dispatch queues.
    expect((depths[0]!.Resource as unknown[]).length).toBe(11);
    expect(JSON.stringify(depths[0]!.Resource)).toMatch(/"StackName":"Hotline-dev-Outbound"[^}]*ClusterWatchFailures[^"]*Arn/);
    expect(JSON.stringify(depths[0]!.Resource)).not.toContain('"*"');
    const alarms = statements.filter((st) => actions(st).includes('cloudwatch:DescribeAlarms'));
    expect(alarms).toHaveLength(1);
    expect(actions(alarms[0]!)).toEqual(['cloudwatch:DescribeAlarms']);
    expect(JSON.stringify(alarms[0]!.Resource)).toMatch(/:cloudwatch:ap-southeast-1:.*:alarm:\*/);
  });
});

describe('BackOfficeStack: callback-planner (issue 15)', () => {
  const planner = () => Object.entries(backOffice.findResources('AWS::Lambda::Function')).find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'callback-planner')!;
  const plannerStatements = (): Statement[] => {
    const [roleId] = Object.keys(backOffice.findResources('AWS::IAM::Role', { Properties: { Description: 'Execution role of callback-planner' } }));
    return Object.values(backOffice.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };

  it('is invoked by the table stream only for results that owe a callback, restored outages and callbacks waiting for a try', () => {
    const [logicalId] = planner();
    const mappings = Object.values(backOffice.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => JSON.stringify(m.Properties.FunctionName).includes(logicalId));
    expect(mappings).toHaveLength(1);
    const filters = (mappings[0]!.Properties.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(filters).toEqual([
      { dynamodb: { NewImage: { sk: { S: [{ prefix: 'ORDER#' }] }, state: { S: ['restored', 'answered', 'result_reported'] } } } },
      { dynamodb: { NewImage: { sk: { S: ['OUTAGE'] }, status: { S: ['restored'] } } } },
      { dynamodb: { NewImage: { sk: { S: ['CALLBACK'] }, state: { S: ['planned'] } } } },
    ]);
    // A batch given up on is kept, with its stream position, in the planner's failure queue (alarmed).
    expect(mappings[0]!.Properties).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 10, DestinationConfig: { OnFailure: { Destination: expect.anything() } } });
    backOffice.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('callback planner gave up'), Threshold: 0 });
  });

  it('runs one at a time, so its token bucket at the stage\'s rate is the whole planner\'s pace against StartTaskContact', () => {
    const [, fn] = planner();
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.Environment.Variables).toMatchObject({ CALLBACK_TASK_RATE: String(STAGES.dev.callbacks.tasksPerSecond), CONNECT_INSTANCE_ID: '00000000-0000-0000-0000-000000000000', CONNECT_REGION: 'ap-southeast-1' });
    expect(JSON.stringify(fn.Properties.Environment.Variables.CALLBACK_CONTACT_FLOW_ID)).toMatch(/Fn::ImportValue|Fn::Select|Fn::GetStackOutput/);
  });

  it('starts tasks in the callback task flow of the stage\'s instance only', () => {
    const connect = plannerStatements().filter((st) => actions(st).some((a) => a.startsWith('connect:')));
    expect(connect).toHaveLength(1);
    expect(actions(connect[0]!)).toEqual(['connect:StartTaskContact']);
    const resource = JSON.stringify(connect[0]!.Resource);
    expect(resource).toContain(`${STAGES.dev.connectInstanceArn}/contact-flow/`);
    expect(resource).not.toContain('*');
  });

  it('reads and writes only the partitions planning needs: tickets and callbacks, outages\' reports, the calendar, profiles; writes callbacks and their counters', () => {
    const byAction = new Map<string, unknown>();
    // Its own policy's statements (the stream grants DescribeStream, GetRecords, GetShardIterator and ListStreams on the stream itself).
    const onTable = plannerStatements().filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')) && !JSON.stringify(x.Resource).includes('StreamArn'));
    for (const st of onTable) for (const action of actions(st)) byAction.set(action, st.Condition);
    const keysOf = (action: string) => (byAction.get(action) as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })['ForAllValues:StringLike']['dynamodb:LeadingKeys'];
    expect([...byAction.keys()].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(keysOf('dynamodb:GetItem')).toEqual(['TICKET#*', 'CALLBACK#*']);
    expect(keysOf('dynamodb:Query')).toEqual(['OUTAGE#*', 'CALENDAR']);
    expect(keysOf('dynamodb:BatchGetItem')).toEqual(['CUSTOMER#*']);
    expect(keysOf('dynamodb:PutItem')).toEqual(['CALLBACK#*']);
    expect(keysOf('dynamodb:UpdateItem')).toEqual(['QUALITY#CALLBACKS']);
  });
});

describe('BackOfficeStack: the quality dashboard (issue 15)', () => {
  interface Widget { properties: { title: string; metrics?: unknown[]; annotations?: { horizontal?: { value: number; label: string }[] } } }
  /** The dashboard body as JSON, its tokens (the table's name, the region) as text. */
  const widgets = (): Widget[] => {
    const dashboards = Object.values(backOffice.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('hotline-dev-quality');
    const parts = dashboards[0]!.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    return (JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('')) as { widgets: Widget[] }).widgets;
  };

  it.each([
    ['Ticket correctness, non-query', 0.99],
    ['Key fields correct, query tickets', 0.95],
    ['Outage information correct', 0.98],
    ['Callback rate, complaints, reports and service applications', 1],
  ])('draws %s against its target (%s)', (title, target) => {
    const widget = widgets().find((w) => w.properties.title.startsWith(title));
    expect(widget, title).toBeDefined();
    expect(widget!.properties.annotations?.horizontal).toEqual([expect.objectContaining({ value: target, label: `target ${Math.round(target * 100)}%` })]);
    expect(widget!.properties.metrics?.length).toBeGreaterThan(0);
  });

  it('draws the metrics the functions publish (quality/metrics.ts), per kind and reason', () => {
    const text = JSON.stringify(widgets());
    for (const name of ['SampleReviewed', 'SampleCorrect', 'SampleKeyFieldsCorrect', 'OutageInfoChecked', 'OutageInfoCorrect', 'CallbackPlanned', 'CallbackReached', 'CallbackUnreachable', 'CallbackSatisfied']) expect(text).toContain(name);
    for (const reason of ['complaint_result', 'report_result', 'service_completed', 'fault_repair', 'outage_restored']) expect(text).toContain(reason);
    expect(text).toContain('Hotline/Quality');
  });
});

describe('BackOfficeStack: cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding', () => {
    const report = join(outdir, 'validation-report.json');
    // The plugin writes its report on every synthesis, findings or not.
    expect(existsSync(report)).toBe(true);
    const findings = (JSON.parse(readFileSync(report, 'utf8')) as { pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[] }).pluginReports
          .flatMap((r) => r.violations)
          .flatMap((v) => v.violatingConstructs.filter((c) => c.constructPath.startsWith('Hotline-dev-BackOffice/')).map((c) => `${v.ruleName} ${c.constructPath}`));
    expect(findings).toEqual([]);
  });
});

describe('the paid home-repair visit\'s price', () => {
  it('reaches both functions that reply to a contact from the stage config', () => {
    expect(replyingFunctions.map((f) => f.name).sort()).toEqual(['email-inbound', 'sms-inbound']);
    for (const { variables } of replyingFunctions) expect(variables.PAID_REPAIR_VISIT_YUAN).toBe(String(STAGES.dev.paidRepairVisitYuan));
  });
});
