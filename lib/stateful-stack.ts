import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { HOTLINE_TABLE, type KeyAttribute } from '../functions/shared/table-design';
import type { StageConfig } from './config';
import { logTagKeyName } from './constructs/log-tag-key';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What must outlive any deployment of the code: the customer-managed key and
 * the single DynamoDB table. Stateless stacks receive these as typed props.
 */
export class StatefulStack extends Stack {
  /** Encrypts the table, queues and topics (personal data at rest). Rotation on. */
  public readonly key: kms.Key;
  /** The one table, built from `HOTLINE_TABLE` so the local runtime creates the same keys and indexes. */
  public readonly table: dynamodb.TableV2;
  /** The key of the log tags (functions/shared/fingerprint.ts); functions get it by name (constructs/log-tag-key.ts). */
  public readonly logTagKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retain = config.removalPolicy === RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'DataKey', {
      alias: `alias/hotline-${config.stage}-data`,
      description: `Hotline ${config.stage}: table, queues and topics holding customer contacts`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    this.allowServiceDelivery();

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(HOTLINE_TABLE.partitionKey),
      sortKey: attribute(HOTLINE_TABLE.sortKey),
      globalSecondaryIndexes: HOTLINE_TABLE.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      timeToLiveAttribute: HOTLINE_TABLE.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      // Outbox items and outage fan-out are driven from the stream.
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: retain,
      removalPolicy: config.removalPolicy,
    });

    this.logTagKey = new secretsmanager.Secret(this, 'LogTagKey', {
      secretName: logTagKeyName(config),
      description: `Hotline ${config.stage}: HMAC key of the customer tags in logs and call indicators (never rotated: the tags would change)`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.logTagKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating it would change every log tag and the repeat-caller keys of the call indicators mid-stream; it keys one-way tags and is never used to authenticate. Replace it deliberately if it leaks.',
    });
  }

  /**
   * AWS services that write into resources encrypted with this key act as
   * their own principal, so the key policy (not an IAM role) must let them:
   * End User Messaging SMS publishing inbound SMS to the topic, SNS moving
   * undeliverable messages to the encrypted dead-letter queue, and CloudWatch
   * publishing alarms to the encrypted alarm topic. Each is confined to this
   * account's resources (confused-deputy conditions).
   */
  private allowServiceDelivery(): void {
    const services: ReadonlyArray<{ readonly sid: string; readonly service: string; readonly sourceArn: string }> = [
      { sid: 'InboundSmsToEncryptedTopic', service: 'sms-voice', sourceArn: this.arnPattern('sms-voice', '*') },
      { sid: 'SnsToEncryptedDeadLetterQueue', service: 'sns', sourceArn: this.arnPattern('sns', '*') },
      { sid: 'AlarmsToEncryptedTopic', service: 'cloudwatch', sourceArn: this.arnPattern('cloudwatch', 'alarm:*') },
    ];
    for (const { sid, service, sourceArn } of services) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': this.account },
            ArnLike: { 'aws:SourceArn': sourceArn },
          },
        }),
      );
    }
  }

  private arnPattern(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.account}:${resource}`;
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}
