import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { HOTLINE_TABLE } from '../../functions/shared/table-design';

/**
 * Query on every index of the table (intake looks senders up by customer,
 * feeder and status).
 *
 * @example
 * new iam.Policy(this, 'Access', { statements: [queryTableIndexes(table)] });
 */
export function queryTableIndexes(table: dynamodb.ITableV2): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'QueryIndexes',
    actions: ['dynamodb:Query'],
    resources: HOTLINE_TABLE.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
  });
}

/**
 * A server access-log bucket for a bucket holding personal data: private,
 * TLS only, a year of logs, ACLs allowed (CloudFront standard logging needs
 * them). `loggedFor` names what logs into it, for the cdk-nag reason.
 *
 * @example
 * const accessLogs = accessLogBucket(this, 'MailAccessLogs', config.removalPolicy, 'the mail bucket');
 */
export function accessLogBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy, loggedFor: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy,
    lifecycleRules: [{ expiration: Duration.days(365) }],
  });
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: `This is the access-log bucket of ${loggedFor}; logging it into itself would loop.` });
  return bucket;
}

/**
 * The deny that goes with `sns:Publish` on `*` (SMS to a phone number has no
 * ARN to name): IAM authorises such a publish against the phone number
 * itself (`+8613800138000`), never an `arn:...:sns:` ARN, so a deny on topic
 * ARNs leaves SMS alone. A role that names no topic is denied every topic.
 * A role that also publishes to named topics cannot be fenced exactly (IAM
 * has no "every topic but these" that spares phone numbers: `NotResource`
 * would deny the numbers too), so it is denied the hotline's topics of
 * `otherStacks` (the inbound SMS topic, alarm topics: publishing there would
 * forge a customer's text or an alarm) and topics of other accounts.
 *
 * @example
 * new iam.Policy(this, 'Replies', { statements: [publishSmsOnly(), ...denyPublishToUnnamedTopics(this, {})] });
 */
export function denyPublishToUnnamedTopics(scope: Construct, fence: { readonly otherStacks?: readonly string[] }): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  if (!fence.otherStacks) {
    return [new iam.PolicyStatement({ sid: 'NoTopics', effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${stack.partition}:sns:*:*:*`] })];
  }
  return [
    new iam.PolicyStatement({
      sid: 'NoOtherHotlineTopics',
      effect: iam.Effect.DENY,
      actions: ['sns:Publish'],
      // CloudFormation names an unnamed topic <stack name>-<logical id>-<suffix>.
      resources: fence.otherStacks.map((name) => `arn:${stack.partition}:sns:*:*:${name}-*`),
    }),
    new iam.PolicyStatement({
      sid: 'NoTopicsOfOtherAccounts',
      effect: iam.Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${stack.partition}:sns:*:*:*`],
      // ForAnyValue: denies only when the key is present and names another account, never by its absence.
      conditions: { 'ForAnyValue:StringNotEquals': { 'aws:ResourceAccount': [stack.account] } },
    }),
  ];
}
