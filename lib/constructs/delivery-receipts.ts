import { Annotations, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { FunctionLogLevel } from '../config';
import { FUNCTION_CATALOG } from '../function-catalog';
import type { LogTagKeySecret } from './log-tag-key';
import { HotlineFunction } from './hotline-function';
import { deadLetters } from './queues';

export interface DeliveryReceiptsProps {
  /** What `delivery-receipts` reads (functions/outbound/config.ts): table, dispatch queues, billing bucket, unreachable topic. */
  readonly environment: Readonly<Record<string, string>>;
  readonly connectInstanceArn: string;
  readonly key: kms.IKey;
  readonly logLevel: FunctionLogLevel;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly logTagKey?: LogTagKeySecret;
}

/** The SNS delivery-status log groups for texts sent to phone numbers (names fixed by SNS). */
export function smsDeliveryLogGroupNames(region: string, account: string): [string, string] {
  const base = `sns/${region}/${account}/DirectPublishToPhoneNumber`;
  return [base, `${base}/Failure`];
}

/**
 * Delivery receipts for sent notices (issue 5, "delivery status recorded"):
 *
 * - Texts: SNS writes a delivery-status line per SMS to two log groups it
 *   names itself; this construct creates them (one week: they hold phone
 *   numbers and are only a relay), turns the logging on for the account with
 *   SNS `SetSMSAttributes` (an account setting CloudFormation has no
 *   resource for), and subscribes `delivery-receipts` to both.
 * - Calls: Amazon Connect's contact events on the default event bus; a rule
 *   sends the DISCONNECTED events of API-placed calls of this instance.
 *
 * Events Lambda gives up on land, raw, in the receipts dead-letter queue
 * (the stack alarms on it).
 */
export class DeliveryReceipts extends Construct {
  public readonly function: HotlineFunction;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeliveryReceiptsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetterQueue = deadLetters(this, 'DeadLetters', { key: props.key, removalPolicy: props.removalPolicy });
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: "This is delivery-receipts' dead-letter queue (asynchronous invocations it gave up on); it has no consumer to fail." });

    this.function = new HotlineFunction(this, 'Function', {
      catalogEntry: FUNCTION_CATALOG.deliveryReceipts,
      environment: props.environment,
      logLevel: props.logLevel,
      logTagKey: props.logTagKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: Duration.seconds(60),
      deadLetterQueue: this.deadLetterQueue,
    });

    // Texts: SNS's own log groups, subscribed.
    const deliveryLogs = smsDeliveryLogGroupNames(stack.region, stack.account).map(
      (logGroupName, n) => new logs.LogGroup(this, n === 0 ? 'SmsDelivered' : 'SmsNotDelivered', { logGroupName, retention: logs.RetentionDays.ONE_WEEK, removalPolicy: props.removalPolicy }),
    );
    for (const group of deliveryLogs) {
      group.addSubscriptionFilter('ToDeliveryReceipts', { destination: new destinations.LambdaDestination(this.function.function), filterPattern: logs.FilterPattern.allEvents() });
    }
    const snsLogging = new iam.Role(this, 'SnsDeliveryLogging', {
      assumedBy: new iam.ServicePrincipal('sns.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'SNS writes SMS delivery-status lines to its two log groups',
      inlinePolicies: {
        WriteDeliveryLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: deliveryLogs.map((group) => `${group.logGroupArn}:log-stream:*`),
            }),
            new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups', 'logs:DescribeLogStreams'], resources: deliveryLogs.map((group) => group.logGroupArn) }),
          ],
        }),
      },
    });
    for (const group of deliveryLogs) {
      Validations.of(snsLogging).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(group.node.defaultChild as logs.CfnLogGroup)}.Arn>:log-stream:*]`,
        reason: 'SNS names the log streams of its delivery-status log groups itself; the grant is limited to the streams of these two groups.',
      });
    }
    const setSmsAttributes = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: { DeliveryStatusIAMRole: snsLogging.roleArn, DeliveryStatusSuccessSamplingRate: '100' } },
      physicalResourceId: cr.PhysicalResourceId.of(`${stack.stackName}-sms-delivery-status`),
    };
    // The custom resource's function gets its own log group and a role that writes only there (no managed policy).
    const settingLogs = new logs.LogGroup(this, 'SmsDeliverySettingLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    const settingRole = new iam.Role(this, 'SmsDeliverySettingRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Deploy-time: turns on SNS SMS delivery-status logging for the account',
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [settingLogs.logGroupArn] })] }),
      },
    });
    const accountSetting = new cr.AwsCustomResource(this, 'SmsDeliveryStatusLogging', {
      onCreate: setSmsAttributes,
      onUpdate: setSmsAttributes,
      installLatestAwsSdk: false,
      role: settingRole,
      logGroup: settingLogs,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [snsLogging.roleArn] }),
      ]),
    });
    accountSetting.node.addDependency(...deliveryLogs);
    this.acknowledgeAccountSetting(accountSetting);

    // Calls: Connect contact events, on the default bus of the instance's region (only that bus has them).
    if (props.connectInstanceArn.split(':')[3] === stack.region) {
      new events.Rule(this, 'NoticeCallsEnded', {
        description: 'Amazon Connect: a notice call (placed by the API) of the hotline instance ended',
        eventPattern: {
          source: ['aws.connect'],
          detailType: ['Amazon Connect Contact Event'],
          detail: { eventType: ['DISCONNECTED'], initiationMethod: ['API'], instanceArn: [props.connectInstanceArn] },
        },
        targets: [new targets.LambdaFunction(this.function.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 4, maxEventAge: Duration.hours(6) })],
      });
    } else {
      Annotations.of(this).addInfo('The Connect instance is in another region: call outcomes are not recorded (contact events stay on that region\'s bus)');
    }
  }

  /** The custom resource's Lambda is CDK's own: say why each of its findings is acceptable. */
  private acknowledgeAccountSetting(accountSetting: cr.AwsCustomResource): void {
    Validations.of(accountSetting).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sns:SetSMSAttributes is an account-level setting with no resource ARN; the other statement passes only the SNS logging role.',
    });
    const provider = Stack.of(this).node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
    if (provider) {
      Validations.of(provider).acknowledge({ id: 'AwsSolutions-L1', reason: "CDK's AwsCustomResource provider pins its Node.js runtime; it runs only at deploy time and moves with CDK upgrades." });
    }
  }
}
