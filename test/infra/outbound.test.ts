import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';
import { STAGES } from '../../lib/config';

const CDK_JSON_CONTEXT = CDK_TEST_CONTEXT;

let outdir: string;
let app: App;
let outbound: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-outbound-'));
  app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const hotline = buildHotline(app);
  app.synth();
  outbound = Template.fromStack(hotline.outbound);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Actions allowed by the stack's IAM policies attached to the role of `functionName`'s execution role description. */
function actionsOfPolicy(logicalIdPrefix: string): string[] {
  return Object.entries(outbound.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(logicalIdPrefix))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((statement) => [statement.Action].flat());
}

describe('OutboundStack: the outage API and the planner', () => {
  it('puts IAM authorisation on every outage and billing API method, with request validation', () => {
    const methods = Object.values(outbound.findResources('AWS::ApiGateway::Method'));
    // Outages: declare, read, ETR, restore; issue 13: confirm, merge, reject, storm mode (GET, PUT); billing notices.
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(['GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'PUT', 'PUT']);
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
      expect(method.Properties.RequestValidatorId).toBeDefined();
    }
    outbound.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });

  it('logs every API request to an access log', () => {
    outbound.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('feeds the planner from an encrypted queue, one job at a time, with a dead-letter queue that alarms', () => {
    outbound.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      VisibilityTimeout: 16 * 60,
    });
    outbound.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    outbound.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outage-planner', ETR_CHANGE_THRESHOLD_MINUTES: '30', PLANNER_QUEUE_URL: Match.anyValue() }) },
    });
    outbound.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, AlarmActions: [Match.anyValue()] });
  });

  it('grants the planner batch writes and the API no more than outage items and the queue', () => {
    const planner = actionsOfPolicy('OutagePlannerDataAccess');
    expect(planner).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']));
    const api = actionsOfPolicy('OutageApiDataAccess');
    expect(api).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']));
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) expect(api).not.toContain(forbidden);
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:*']) expect(planner).not.toContain(forbidden);
  });

  it('has no unacknowledged AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations
      .flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`))
      .filter((finding) => finding.includes('-Outbound/'));
    expect(findings).toEqual([]);
  });
});

/** The resource's environment variable (or other property) lookup for the function whose POWERTOOLS_SERVICE_NAME is `name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read loosely as findResources returns them
function functionNamed(name: string): { id: string; properties: Record<string, any> } {
  const found = Object.entries(outbound.findResources('AWS::Lambda::Function')).find(([, fn]) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  if (!found) throw new Error(`no function ${name}`);
  return { id: found[0], properties: found[1].Properties };
}

describe('OutboundStack: the dispatcher and billing intake', () => {
  it('relays only inserted NOTICE# items (and changes to unreachable, below) from the table stream, with an on-failure destination', () => {
    const relay = functionNamed('notice-relay');
    const mappings = Object.values(outbound.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.FunctionName?.Ref === relay.id);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(mapping.StartingPosition).toBe('LATEST');
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
    expect(mapping.BisectBatchOnFunctionError).toBe(true);
    const patterns = (mapping.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'NOTICE#' }] } } } },
      { eventName: ['MODIFY'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'NOTICE#' }] }, status: { S: ['unreachable'] } }, OldImage: { status: { S: [{ 'anything-but': ['unreachable'] }] } } } },
    ]);
    expect(relay.properties.Environment.Variables.DISPATCH_QUEUE_URL).toBeDefined();
  });

  it('runs the cluster watch on inserted CLUSTER# items only, with an on-failure destination, and no Scan, deletes or batch writes', () => {
    const watch = functionNamed('cluster-watch');
    const mappings = Object.values(outbound.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.FunctionName?.Ref === watch.id);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
    const patterns = (mapping.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'CLUSTER#' }] } } } }]);
    expect(watch.properties.Environment.Variables).toMatchObject({ SUSPICION_THRESHOLD: '3', STORM_SUSPICION_THRESHOLD: '2', SUSPICION_WINDOW_MINUTES: '30' });
    const actions = actionsOfPolicy('ClusterWatchDataAccess');
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) expect(actions).not.toContain(forbidden);
  });

  it('keeps a batch cluster-watch gave up on in its own encrypted failure queue, alarms on it, and may send there only', () => {
    const watch = functionNamed('cluster-watch');
    const mapping = Object.values(outbound.findResources('AWS::Lambda::EventSourceMapping')).find((m) => m.Properties.FunctionName?.Ref === watch.id)!.Properties;
    expect(mapping).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 10, BatchSize: 1000 });
    const [queueId, attribute] = mapping.DestinationConfig.OnFailure.Destination['Fn::GetAtt'] as [string, string];
    expect(queueId).toMatch(/^ClusterWatchFailures/);
    expect(attribute).toBe('Arn');
    const queue = outbound.findResources('AWS::SQS::Queue')[queueId]!.Properties;
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    // The alarm the handover lists by the stage's prefix: above 0 messages, to the operators' topic when it fires and when it clears.
    const alarms = Object.entries(outbound.findResources('AWS::CloudWatch::Alarm')).filter(([, alarm]) => JSON.stringify(alarm.Properties.Dimensions).includes(queueId));
    expect(alarms.map(([id]) => id)).toEqual([expect.stringMatching(/^ClusterWatchBatchesFailed/)]);
    expect(alarms[0]![1].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [expect.anything()],
      OKActions: [expect.anything()],
      AlarmDescription: expect.stringContaining('cluster-watch gave up'),
    });
    // Its role sends to that queue and no other (the on-failure destination is sent by the function's role).
    const roleId = watch.properties.Role['Fn::GetAtt'][0] as string;
    const sqsStatements = Object.values(outbound.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('sqs:')));
    expect(sqsStatements).toHaveLength(1);
    expect([sqsStatements[0]!.Action].flat().sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(sqsStatements[0]!.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('feeds the dispatcher from an encrypted queue with a dead-letter queue, reporting item failures, at the stage concurrency', () => {
    const dispatcher = functionNamed('outbound-dispatcher');
    expect(dispatcher.properties.ReservedConcurrentExecutions).toBe(STAGES.dev.outbound.dispatcherConcurrency);
    const mapping = Object.values(outbound.findResources('AWS::Lambda::EventSourceMapping')).find((m) => m.Properties.FunctionName?.Ref === dispatcher.id);
    expect(mapping?.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // dev's shares (1 part, 1 call a second) make the smallest batch, which needs no batching window.
    expect(mapping?.Properties.BatchSize).toBe(10);
    expect(mapping?.Properties.MaximumBatchingWindowInSeconds).toBeUndefined();
    const queueId = mapping?.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
    const queue = outbound.findResources('AWS::SQS::Queue')[queueId]!.Properties;
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(queue.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    expect(queue.VisibilityTimeout).toBe(6 * dispatcher.properties.Timeout);
    const env = dispatcher.properties.Environment.Variables;
    for (const name of ['TABLE_NAME', 'REJECTED_CONTACTS_QUEUE_URL', 'DISPATCH_QUEUE_URL', 'CONNECT_INSTANCE_ID', 'CONNECT_OUTBOUND_FLOW_ID', 'BILLING_BUCKET']) expect(env[name]).toBeDefined();
    // The unreachable event is notice-relay's (sns-grants.test.ts): the dispatcher is not told the topic.
    expect(env.UNREACHABLE_TOPIC_ARN).toBeUndefined();
    expect(env.SMS_PARTS_PER_SECOND).toBe(String(STAGES.dev.sms.messagePartsPerSecond));
    expect(env.DISPATCHER_CONCURRENCY).toBe(String(STAGES.dev.outbound.dispatcherConcurrency));
    outbound.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: STAGES.dev.outbound.dispatchMaxAgeMinutes * 60, AlarmActions: [Match.anyValue()] });
  });

  it('relays a notice the table records unreachable to the unreachable topic, as well as new notices to the queues', () => {
    const relay = functionNamed('notice-relay');
    const topic = relay.properties.Environment.Variables.UNREACHABLE_TOPIC_ARN as { Ref: string };
    expect(topic.Ref).toMatch(/^UnreachableCustomers/);
    expect(relay.properties.Environment.Variables.BILLING_BUCKET).toBeDefined();
    outbound.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'UnreachableEvent', Action: 'sns:Publish', Resource: { Ref: topic.Ref } })]) } });
  });

  it('keeps important customers on a priority queue that only the dispatcher takes from, with a dead-letter queue and an age alarm', () => {
    const dispatcher = functionNamed('outbound-dispatcher');
    const relay = functionNamed('notice-relay');
    const priorityUrl = dispatcher.properties.Environment.Variables.PRIORITY_DISPATCH_QUEUE_URL as { Ref: string };
    expect(relay.properties.Environment.Variables.PRIORITY_DISPATCH_QUEUE_URL).toEqual(priorityUrl);
    const queue = outbound.findResources('AWS::SQS::Queue')[priorityUrl.Ref]!.Properties;
    expect(queue.KmsMasterKeyId).toBeDefined();
    expect(queue.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    // No event source of its own: it would compete with the bulk queue's for the dispatcher's reserved concurrency.
    const sources = Object.values(outbound.findResources('AWS::Lambda::EventSourceMapping')).map((m) => JSON.stringify(m.Properties.EventSourceArn));
    expect(sources.some((arn) => arn.includes(priorityUrl.Ref))).toBe(false);
    outbound.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayEquals(['sqs:DeleteMessage', 'sqs:ReceiveMessage']), Resource: { 'Fn::GetAtt': [priorityUrl.Ref, 'Arn'] } })]) },
    });
    outbound.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [priorityUrl.Ref, 'QueueName'] } }],
      AlarmActions: [Match.anyValue()],
    });
  });

  it('grants the dispatcher and relay no Scan, deletes or wildcards, and the dispatcher calls only through its contact flow', () => {
    const dispatcher = actionsOfPolicy('OutboundDispatcherAccess');
    expect(dispatcher).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'sns:Publish', 'connect:StartOutboundVoiceContact', 's3:PutObject', 'sqs:SendMessage']));
    const relay = actionsOfPolicy('NoticeRelayAccess');
    expect(relay).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sns:Publish']));
    for (const actions of [dispatcher, relay, actionsOfPolicy('BillingNoticesAccess'), actionsOfPolicy('BillingFileAccess')]) {
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*', 's3:*', 'sqs:*']) expect(actions).not.toContain(forbidden);
    }
    // Billing intake reads the working-day calendar's partition and nothing else of the table.
    for (const policy of ['BillingNoticesAccess', 'BillingFileAccess']) {
      const statements = Object.entries(outbound.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(policy))?.[1].Properties.PolicyDocument.Statement;
      expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Sid: 'ReadCalendarYears', Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CALENDAR'] } } })]));
    }
    outbound.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'connect:StartOutboundVoiceContact', Resource: { 'Fn::Join': ['', [`${STAGES.dev.connectInstanceArn}/contact-flow/`, { 'Fn::Select': [3, Match.anyValue()] }]] } })]) },
    });
  });

  it('keeps billing files in a private, versioned, encrypted, logged bucket that notifies billing-file for .csv and .jsonl under incoming/', () => {
    outbound.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    const billingFile = functionNamed('billing-file');
    const [drop] = Object.values(outbound.findResources('AWS::S3::Bucket', { Properties: { NotificationConfiguration: Match.anyValue() } }));
    const configs = drop!.Properties.NotificationConfiguration.LambdaConfigurations as { Event: string; Function: unknown; Filter: { S3Key: { Rules: { Name: string; Value: string }[] } } }[];
    const rules = configs.map((c) => ({ event: c.Event, rules: Object.fromEntries(c.Filter.S3Key.Rules.map((r) => [r.Name.toLowerCase(), r.Value])) }));
    expect(rules).toEqual([
      { event: 's3:ObjectCreated:*', rules: { prefix: 'incoming/', suffix: '.csv' } },
      { event: 's3:ObjectCreated:*', rules: { prefix: 'incoming/', suffix: '.jsonl' } },
    ]);
    for (const c of configs) expect(c.Function).toEqual({ 'Fn::GetAtt': [billingFile.id, 'Arn'] });
    // S3 checks the invoke permission when it saves the configuration: the bucket waits for it.
    const permissions = outbound.findResources('AWS::Lambda::Permission', { Properties: { Principal: 's3.amazonaws.com', FunctionName: { 'Fn::GetAtt': [billingFile.id, 'Arn'] } } });
    expect(Object.keys(permissions)).toHaveLength(1);
    expect(drop!.DependsOn).toEqual(expect.arrayContaining(Object.keys(permissions)));
    expect(outbound.findResources('Custom::S3BucketNotifications')).toEqual({});
  });

  it('keeps an S3 event billing-file gave up on in the rejected-contacts queue (its DLQ), for the replay', () => {
    const billingFile = functionNamed('billing-file');
    expect(JSON.stringify(billingFile.properties.DeadLetterConfig?.TargetArn)).toContain('RejectedContacts');
  });

  it('serves POST /billing/notices with IAM auth and a validated body of at most 1,000 items', () => {
    const billing = functionNamed('billing-notices');
    const methods = Object.values(outbound.findResources('AWS::ApiGateway::Method')).filter((m) => JSON.stringify(m.Properties.Integration?.Uri ?? '').includes(billing.id));
    expect(methods).toHaveLength(1);
    expect(methods[0]!.Properties).toMatchObject({ HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', RequestValidatorId: expect.anything() });
    outbound.hasResourceProperties('AWS::ApiGateway::Model', { Name: 'BillingNotices', Schema: Match.objectLike({ properties: Match.objectLike({ items: Match.objectLike({ maxItems: 1000 }) }) }) });
  });
});

describe('OutboundStack: delivery receipts', () => {
  it("subscribes delivery-receipts to both of SNS's SMS delivery-status log groups, kept one week, and turns the logging on", () => {
    const receipts = functionNamed('delivery-receipts');
    const groups = outbound.findResources('AWS::Logs::LogGroup');
    const named = (suffix: string) => Object.entries(groups).find(([, g]) => JSON.stringify(g.Properties.LogGroupName ?? '').includes(`DirectPublishToPhoneNumber${suffix}"`));
    for (const suffix of ['', '/Failure']) {
      const [groupId, group] = named(suffix) ?? [];
      expect(group?.Properties.RetentionInDays, suffix).toBe(7);
      outbound.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: { Ref: groupId }, FilterPattern: '', DestinationArn: { 'Fn::GetAtt': [receipts.id, 'Arn'] } });
    }
    const setting = Object.values(outbound.findResources('Custom::AWS')).map((r) => JSON.stringify(r.Properties.Create));
    expect(setting.some((create) => create.includes('setSMSAttributes') && create.includes('DeliveryStatusIAMRole') && create.includes('DeliveryStatusSuccessSamplingRate'))).toBe(true);
  });

  it('sends the end of every API-placed call of the instance to delivery-receipts, with a dead-letter queue for the raw event', () => {
    const receipts = functionNamed('delivery-receipts');
    outbound.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.connect'],
        'detail-type': ['Amazon Connect Contact Event'],
        detail: { eventType: ['DISCONNECTED'], initiationMethod: ['API'], instanceArn: [STAGES.dev.connectInstanceArn] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [receipts.id, 'Arn'] }, DeadLetterConfig: { Arn: Match.anyValue() } })],
    });
    const deadLetters = receipts.properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0] as string;
    outbound.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }], AlarmActions: [Match.anyValue()] });
    for (const name of ['DISPATCH_QUEUE_URL', 'PRIORITY_DISPATCH_QUEUE_URL', 'BILLING_BUCKET', 'TABLE_NAME']) expect(receipts.properties.Environment.Variables[name], name).toBeDefined();
  });

  it('lets delivery-receipts update notices and query the delivery index, nothing wider', () => {
    const actions = actionsOfPolicy('DeliveryReceiptsAccess');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:Query', 'sqs:SendMessage', 's3:PutObject']));
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:*', 'sqs:*', 's3:*', 'sns:Publish']) expect(actions).not.toContain(forbidden);
    outbound.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'FindNoticeByProviderId', Resource: { 'Fn::Join': ['', [Match.anyValue(), '/index/gsi2']] } })]) },
    });
  });
});
