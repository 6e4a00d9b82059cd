import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';
import { HOTLINE_TABLE } from '../../functions/shared/table-design';
import { STAGES, stageConfig } from '../../lib/config';

const CDK_JSON_CONTEXT = CDK_TEST_CONTEXT;

type Hotline = ReturnType<typeof buildHotline>;

interface SynthesisedStage {
  readonly app: App;
  readonly hotline: Hotline;
  readonly outdir: string;
  readonly stateful: Template;
  readonly channels: Template;
}

/**
 * Synthesises a stage as `cdk synth` would, with the AwsSolutions plugin
 * registered by `buildHotline`. Validation failures are reported (in
 * validation-report.json) instead of thrown, so the template tests still run
 * and the nag test can list every finding.
 */
function synthesise(stage: string): SynthesisedStage {
  const outdir = mkdtempSync(join(tmpdir(), `hotline-cdk-${stage}-`));
  const app = new App({
    outdir,
    context: { ...CDK_JSON_CONTEXT, stage, '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const hotline = buildHotline(app);
  app.synth();
  return {
    app,
    hotline,
    outdir,
    stateful: Template.fromStack(hotline.stateful),
    channels: Template.fromStack(hotline.channels),
  };
}

/** Every action an IAM statement allows, across a template's policies and role inline policies. */
function allowedActions(template: Template): string[] {
  const documents: Array<{ Statement: Array<{ Effect: string; Action: string | string[] }> }> = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) documents.push(policy.Properties.PolicyDocument);
  for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
    for (const inline of role.Properties.Policies ?? []) documents.push(inline.PolicyDocument);
  }
  return documents
    .flatMap((document) => document.Statement)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat());
}

function keySchema(partitionKey: { name: string }, sortKey: { name: string }) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    { AttributeName: sortKey.name, KeyType: 'RANGE' },
  ];
}

let dev: SynthesisedStage;
let prod: SynthesisedStage;

beforeAll(() => {
  // Each synthesis bundles sms-inbound with esbuild; done once per stage for the whole file.
  dev = synthesise('dev');
  prod = synthesise('prod');
  // Two syntheses bundle every function (eight and counting); under the full suite's load that passes the 60 s hook default.
}, 240_000);

afterAll(() => {
  for (const stage of [dev, prod]) if (stage) rmSync(stage.outdir, { recursive: true, force: true });
});

describe('StatefulStack', () => {
  it('builds the table keys and indexes from HOTLINE_TABLE', () => {
    const attributes = [
      HOTLINE_TABLE.partitionKey,
      HOTLINE_TABLE.sortKey,
      ...HOTLINE_TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    dev.stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    dev.stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: keySchema(HOTLINE_TABLE.partitionKey, HOTLINE_TABLE.sortKey),
      AttributeDefinitions: Match.arrayWith(attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type }))),
      GlobalSecondaryIndexes: HOTLINE_TABLE.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: HOTLINE_TABLE.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('turns on point-in-time recovery, KMS encryption with the stack key, and the stream', () => {
    const keyId = Object.keys(dev.stateful.findResources('AWS::KMS::Key'))[0];
    dev.stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        }),
      ],
    });
    dev.stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('protects the table and key in prod, and lets dev be torn down', () => {
    prod.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    prod.stateful.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    expect(prod.hotline.stateful.terminationProtection).toBe(true);
    dev.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
  });
});

describe('the log tag key', () => {
  /** The functions that tag customers in logs or KPI items (functions/shared/fingerprint.ts). */
  const TAGGING = ['sms-inbound', 'voice-ivr', 'kpi-ingest', 'email-inbound', 'chat-api', 'outage-planner', 'outbound-dispatcher', 'delivery-receipts'];

  it('is a generated secret of the stage, read at run time by the functions that tag, never put in any function configuration', () => {
    dev.stateful.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'hotline-dev/log-tag-key', GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
    const { stateful, channels, telephony, connect, webChannels, outbound } = dev.hotline;
    const tagging: string[] = [];
    for (const stack of [stateful, channels, telephony, connect, webChannels, outbound]) {
      const template = Template.fromStack(stack);
      for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
        const variables = fn.Properties.Environment?.Variables ?? {};
        const service = variables.POWERTOOLS_SERVICE_NAME;
        if (service === undefined) continue; // CDK's own deploy-time functions
        expect(JSON.stringify(variables), `${stack.stackName}/${id}`).not.toMatch(/LOG_TAG_KEY"|resolve:secretsmanager/);
        const grants = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === fn.Properties.Role['Fn::GetAtt'][0])));
        if (variables.LOG_TAG_KEY_SECRET === undefined) {
          expect(grants, `${stack.stackName}/${id}`).not.toContain('secretsmanager:');
          continue;
        }
        tagging.push(service);
        expect(variables).toMatchObject({ LOG_TAG_KEY_SECRET: 'hotline-dev/log-tag-key', LOG_TAG_KEY_REGION: 'ap-southeast-1' });
        // GetSecretValue on that secret only (its name plus the six characters Secrets Manager appends).
        expect(grants).toContain('"Action":"secretsmanager:GetSecretValue"');
        expect(grants).toContain(':secretsmanager:ap-southeast-1:');
        expect(grants).toContain(':secret:hotline-dev/log-tag-key-??????');
      }
    }
    expect(tagging.sort()).toEqual([...TAGGING].sort());
  });
});

describe('ChannelsStack', () => {
  it('encrypts the inbound SMS topic and lets only End User Messaging in this account publish', () => {
    dev.channels.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Hotline dev inbound SMS',
      KmsMasterKeyId: Match.anyValue(),
    });
    dev.channels.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ]),
      },
    });
  });

  it('subscribes sms-inbound with a dead-letter queue on the subscription', () => {
    const queueId = Object.keys(dev.channels.findResources('AWS::SQS::Queue'))[0];
    dev.channels.resourceCountIs('AWS::SQS::Queue', 1);
    dev.channels.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });

  it('names the rejected-contacts queue in an output, for the replay in AWS (npm run replay -- --aws --queue-url)', () => {
    const queueId = Object.keys(dev.channels.findResources('AWS::SQS::Queue'))[0]!;
    dev.channels.hasOutput('RejectedContactsQueueUrl', { Value: { Ref: queueId } });
  });

  it('keeps rejected contacts 14 days, encrypted, TLS only, and uses the queue as the function DLQ', () => {
    const queueId = Object.keys(dev.channels.findResources('AWS::SQS::Queue'))[0];
    dev.channels.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
      KmsMasterKeyId: Match.anyValue(),
    });
    dev.channels.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    dev.channels.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });

  it('runs sms-inbound on nodejs22.x arm64 with the settings functions/shared/config.ts reads', () => {
    dev.channels.resourceCountIs('AWS::Lambda::Function', 1);
    dev.channels.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: Match.anyValue(),
          REJECTED_CONTACTS_QUEUE_URL: Match.anyValue(),
          SMS_ORIGINATION_NUMBER: dev.hotline.config.sms.originationNumber,
          THREAD_WINDOW_HOURS: String(dev.hotline.config.threadWindowHours),
          TIME_ZONE: 'Asia/Shanghai',
          // Cluster reports filed under the window the cluster watch counts by (issue 13).
          SUSPICION_WINDOW_MINUTES: String(dev.hotline.config.suspicion?.windowMinutes ?? 30),
          POWERTOOLS_SERVICE_NAME: 'sms-inbound',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
        }),
      },
    });
    dev.channels.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    prod.channels.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('grants the function only the DynamoDB actions it uses', () => {
    const actions = allowedActions(dev.channels);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'sqs:SendMessage',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'sns:Publish',
      ]),
    );
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
      expect(actions).not.toContain(forbidden);
    }
    // No managed policies (AWSLambdaBasicExecutionRole would allow logs on every log group).
    for (const role of Object.values(dev.channels.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('alarms to the alarm e-mail as soon as anything waits in the rejected-contacts queue', () => {
    const alarmTopicId = Object.entries(dev.channels.findResources('AWS::SNS::Topic')).find(
      ([, topic]) => topic.Properties.DisplayName === 'Hotline dev alarms',
    )?.[0];
    expect(alarmTopicId).toBeDefined();
    dev.channels.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: alarmTopicId }],
    });
    dev.channels.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: dev.hotline.config.alarmEmail,
      TopicArn: { Ref: alarmTopicId },
    });
  });

  it("alarms when next year's working-day calendar is due, on the metric the functions publish for this table", () => {
    dev.channels.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Hotline/Calendar',
      MetricName: 'CalendarNextYearDue',
      Dimensions: [Match.objectLike({ Name: 'Table' }), { Name: 'service', Value: 'calendar' }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
      AlarmDescription: Match.stringLikeRegexp('calendar:load'),
    });
  });
});

describe('the suspicion settings (issue 13)', () => {
  // Cluster-watch counts a window's reports under the key intake filed them by: one stage setting, read by every stack.
  it('gives cluster-watch and every function that files cluster reports the same SUSPICION_* from the stage config', () => {
    const suspicion = { threshold: 5, stormThreshold: 3, windowMinutes: 45 };
    const app = new App({ context: { ...CDK_JSON_CONTEXT, stage: 'dev' } });
    const hotline = buildHotline(app, { ...STAGES.dev, suspicion });
    const settingsByFunction = new Map<string, Record<string, unknown>>();
    for (const stack of [hotline.channels, hotline.telephony, hotline.webChannels, hotline.outbound, hotline.clocks, hotline.backOffice]) {
      for (const fn of Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))) {
        const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
        const settings = Object.fromEntries(Object.entries(variables).filter(([name]) => name.includes('SUSPICION_')));
        if (Object.keys(settings).length > 0) settingsByFunction.set(String(variables.POWERTOOLS_SERVICE_NAME), settings);
      }
    }
    // The intake channels (a network fault report files a cluster report) and the watch. ops-api and outage-api also
    // use intake, but only for a callback's complaint and a rejected suspicion's report, which file none.
    expect([...settingsByFunction.keys()].sort()).toEqual(['chat-api', 'cluster-watch', 'email-inbound', 'sms-inbound', 'voice-ivr']);
    for (const [name, settings] of settingsByFunction) {
      expect(settings, name).toEqual({ SUSPICION_THRESHOLD: '5', STORM_SUSPICION_THRESHOLD: '3', SUSPICION_WINDOW_MINUTES: '45' });
    }
  });

  it('refuses a stage whose suspicion settings the functions would refuse at a cold start', () => {
    const original = STAGES.dev.suspicion;
    const stages = STAGES as unknown as Record<string, { suspicion?: unknown }>;
    try {
      stages.dev!.suspicion = { threshold: 3, stormThreshold: 2, windowMinutes: 7.5 };
      expect(() => stageConfig('dev', { allowPlaceholders: true })).toThrow(/suspicion\.windowMinutes must be a positive whole number/);
    } finally {
      if (original === undefined) delete stages.dev!.suspicion;
      else stages.dev!.suspicion = original;
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  // cdk-nag 3 runs as a policy-validation plugin and reports through the
  // validation report, not through construct annotations, so
  // Annotations.findError would find nothing either way. Its README names
  // validateScope() as the entry point for tests.
  it.each(['dev', 'prod'])('finds nothing unacknowledged in %s', (stage) => {
    const { app } = stage === 'dev' ? dev : prod;
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it.each(['dev', 'prod'])('synthesises %s with an empty validation report (what `cdk synth` checks)', (stage) => {
    const { outdir } = stage === 'dev' ? dev : prod;
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string }> }>;
    };
    const findings = report.pluginReports.flatMap((plugin) => plugin.violations.map((v) => `${plugin.pluginName}: ${v.ruleName}`));
    expect(findings).toEqual([]);
  });

  it('has no CDK warnings or errors on any stack', () => {
    for (const stack of [dev.hotline.stateful, dev.hotline.channels]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('acknowledges only specific AwsSolutions findings, each with a reason', () => {
    const acknowledgements = dev.app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            path: construct.node.path,
            id: id.replace(/^annotation::/i, ''),
            reason,
          })),
        ),
    );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(id, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      // Wildcard findings are acknowledged one finding at a time (v3's appliesTo).
      if (id.startsWith('AwsSolutions-IAM')) expect(id, path).toMatch(/\[(Resource|Action)::.+\]$/);
      expect(reason.trim().length, `${path} ${id}`).toBeGreaterThanOrEqual(40);
    }
  });
});
