import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';

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
  it('puts IAM authorisation on every outage API method, with request validation', () => {
    const methods = Object.values(outbound.findResources('AWS::ApiGateway::Method'));
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(['GET', 'POST', 'POST', 'PUT']);
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
