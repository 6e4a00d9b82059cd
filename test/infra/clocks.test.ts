import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHotline } from '../../bin/app';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { DEFAULT_ROUTING } from '../../functions/workorders/routing';

let outdir: string;
let app: App;
let clocks: Template;
let hotline: ReturnType<typeof buildHotline>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-clocks-'));
  app = new App({ outdir, context: { ...CDK_TEST_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  hotline = buildHotline(app);
  app.synth();
  clocks = Template.fromStack(hotline.clocks);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The statements of the IAM policies whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  return Object.entries(clocks.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(prefix))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const idOf = (type: string, pattern: RegExp) => Object.keys(clocks.findResources(type)).find((id) => pattern.test(id))!;

describe('ClocksStack (Hotline-<stage>-Clocks)', () => {
  it('is its own stack beside the stateful one', () => {
    expect(hotline.clocks.stackName).toBe('Hotline-dev-Clocks');
    clocks.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'hotline-dev-clocks' });
  });

  it('lets Scheduler (from this account\'s clock schedules) send to the sla-watch queue and nothing else', () => {
    const queue = idOf('AWS::SQS::Queue', /^SlaWatchLooks/);
    clocks.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() }, ArnLike: { 'aws:SourceArn': Match.anyValue() } } })],
      },
    });
    const delivery = statementsOf('ClockSchedulerDelivery');
    expect(delivery.map((s) => s.Action)).toEqual(['sqs:SendMessage', ['kms:Decrypt', 'kms:GenerateDataKey']]);
    expect(delivery[0]!.Resource).toEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
  });

  it('lets clock-keeper and sla-watch create and delete schedules in the clocks\' group only, and pass the scheduler role only', () => {
    const role = idOf('AWS::IAM::Role', /^ClockSchedulerRole/);
    for (const prefix of ['ClockKeeperAccess', 'SlaWatchAccess']) {
      const statements = statementsOf(prefix);
      const manage = statements.find((s) => JSON.stringify(s.Action).includes('scheduler:'))!;
      expect(manage.Action).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
      expect(JSON.stringify(manage.Resource)).toContain(':schedule/hotline-dev-clocks/*');
      const pass = statements.find((s) => s.Action === 'iam:PassRole')!;
      expect(pass.Resource).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    }
  });

  it('runs clock-keeper on the table stream filtered to work order items', () => {
    clocks.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: Match.arrayWith([{ Pattern: JSON.stringify({ dynamodb: { NewImage: { sk: { S: [{ prefix: 'ORDER#' }] } } } }) }]) },
    });
  });

  it('feeds sla-watch from an encrypted queue with a dead-letter queue, reporting item failures, and alarms on age and dead letters', () => {
    clocks.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue(), RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 } });
    clocks.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    clocks.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 600, AlarmActions: [Match.anyValue()] });
    clocks.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
  });

  it('sweeps every five minutes on an EventBridge schedule; the sweep reads the inbox index and sends to the one queue', () => {
    clocks.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', Targets: [Match.objectLike({ Arn: Match.anyValue() })] });
    const sweep = statementsOf('ClockSweepAccess');
    expect(sweep.map((s) => s.Action)).toEqual(['dynamodb:Query', 'dynamodb:BatchGetItem', 'sqs:SendMessage', ['kms:Decrypt', 'kms:GenerateDataKey']]);
    expect(JSON.stringify(sweep[0]!.Resource)).toContain('/index/gsi1');
  });

  it('gives the three functions the clocks\' settings', () => {
    for (const description of ['DynamoDB stream of the table, filtered to work orders', 'Clock looks from SQS', 'Every five minutes']) {
      clocks.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(description),
        Environment: { Variables: Match.objectLike({ CLOCK_SCHEDULE_GROUP: 'hotline-dev-clocks', SLA_WATCH_QUEUE_ARN: Match.anyValue(), CLOCK_SCHEDULER_ROLE_ARN: Match.anyValue(), TABLE_NAME: Match.anyValue() }) },
      });
    }
  });

  it('gives sla-watch and the sweep the routing the back office has (duty contacts, inboxes), not the default', () => {
    const routing = { ...DEFAULT_ROUTING, departments: DEFAULT_ROUTING.departments.map((d) => (d.departmentId === 'billing' ? { ...d, dutyContact: '+8613900009999' } : d)) };
    const custom = buildHotline(new App({ context: { ...CDK_TEST_CONTEXT, stage: 'dev' } }), undefined, { routing });
    const variablesOf = (template: Template, service: string) =>
      Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!.Properties.Environment.Variables as Record<string, unknown>;
    const clocksTemplate = Template.fromStack(custom.clocks);
    for (const service of ['sla-watch', 'clock-sweep']) expect(JSON.parse(String(variablesOf(clocksTemplate, service).ROUTING_CONFIG))).toEqual(routing);
    expect(variablesOf(Template.fromStack(custom.backOffice), 'ops-api').ROUTING_CONFIG).toBe(JSON.stringify(routing));
    // The default routing is the functions' own default: no variable to drift.
    expect(variablesOf(clocks, 'sla-watch').ROUTING_CONFIG).toBeUndefined();
  });

  it.each(['dev', 'prod'])('has no unacknowledged cdk-nag AwsSolutions finding in %s', (stage) => {
    const stageApp = new App({ outdir: mkdtempSync(join(tmpdir(), `hotline-cdk-clocks-${stage}-`)), context: { ...CDK_TEST_CONTEXT, stage, '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const report = new AwsSolutionsChecks().validateScope(buildHotline(stageApp).clocks);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))).toEqual([]);
    rmSync(stageApp.outdir, { recursive: true, force: true });
  });
});
