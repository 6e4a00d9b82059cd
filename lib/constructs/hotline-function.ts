import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CatalogEntry } from '../function-catalog';
import { LAMBDA_BUNDLE } from '../lambda-bundle';
import type { FunctionLogLevel } from '../config';
import type { LogTagKeySecret } from './log-tag-key';

/** Repository root, from this file's location (ESM has no __dirname). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));


export interface HotlineFunctionProps {
  /** Which function, from `FUNCTION_CATALOG`: its entry file and description. */
  readonly catalogEntry: CatalogEntry;
  /** Function settings (`functions/shared/config.ts` reads them). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logLevel: FunctionLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** For the log group: RETAIN in prod keeps the audit trail after a stack change. */
  readonly removalPolicy: RemovalPolicy;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default - unreserved (account pool) */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Where Lambda puts an asynchronous event it gave up on (after its
   * retries), with the raw event as the message body. The caller grants the
   * role sqs:SendMessage and the queue key's kms actions.
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * The stage's log tag key (`logTagKey(config)`), for functions that tag
   * customers in logs: its name and region go in the environment
   * (`LOG_TAG_KEY_SECRET`, `LOG_TAG_KEY_REGION`), the function reads the value
   * at run time, and its role may read that secret only. A function without
   * it cannot tag (functions/shared/fingerprint.ts fails closed).
   */
  readonly logTagKey?: LogTagKeySecret;
}

/**
 * A Lambda function the way every hotline function is built: Node.js 22 on
 * arm64, an ESM bundle made by the local esbuild, its own log group and a
 * role that starts with nothing but permission to write to that log group
 * (callers attach the rest as explicit policies).
 *
 * @example
 * const fn = new HotlineFunction(this, 'SmsInbound', {
 *   catalogEntry: FUNCTION_CATALOG.smsInbound,
 *   environment: { TABLE_NAME: table.tableName },
 *   logLevel: 'INFO', logRetention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN,
 * });
 */
export class HotlineFunction extends Construct {
  /** The function's name in the catalogue (README, logs' service name, alarms and cdk-nag reasons). */
  public readonly catalogName: string;
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HotlineFunctionProps) {
    super(scope, id);
    this.catalogName = props.catalogEntry.name;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // An own role instead of the default one, which carries the
    // AWSLambdaBasicExecutionRole managed policy (logs on every log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.catalogEntry.name}`,
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.catalogEntry.entry),
      handler: 'handler',
      description: props.catalogEntry.description.slice(0, 256),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: props.deadLetterQueue,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.catalogEntry.name,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        ...(props.logTagKey ? { LOG_TAG_KEY_SECRET: props.logTagKey.secretName, LOG_TAG_KEY_REGION: props.logTagKey.region } : {}),
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: LAMBDA_BUNDLE.nodeOptions,
      },
      bundling: {
        // The options bench/bundles.ts measures with (lib/lambda-bundle.ts).
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
        minify: LAMBDA_BUNDLE.minify,
        charset: LAMBDA_BUNDLE.charset === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        sourceMap: LAMBDA_BUNDLE.sourceMap,
        sourcesContent: LAMBDA_BUNDLE.sourcesContent,
        // Bundle the AWS SDK v3 too, rather than use the copy in the Lambda
        // runtime: the function then runs the exact versions in
        // package-lock.json that the tests ran, the runtime's SDK cannot
        // change under it, and only the clients it imports are shipped.
        externalModules: [],
        // No Docker here or in CI: bundle with the esbuild in node_modules.
        forceDockerBundling: false,
      },
    });

    if (props.logTagKey) {
      // By name: the secret lives in the stateful stack (maybe another region); Secrets Manager appends six characters to the name in its ARN.
      const secretArn = Stack.of(this).formatArn({
        service: 'secretsmanager',
        region: props.logTagKey.region,
        resource: 'secret',
        resourceName: `${props.logTagKey.secretName}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.role.attachInlinePolicy(
        new iam.Policy(this, 'ReadLogTagKey', { statements: [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] })] }),
      );
    }

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x (in AWS standard support), the runtime the bundles, tests and local runtime target; moving to nodejs24.x is a deliberate upgrade of all functions at once, not a side effect of a CDK bump.',
    });

    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords
    // to the role's default policy. Callers attach their own policies, so the
    // only '*' resource in this one is X-Ray's.
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permissions, so their resource must be *.',
      });
    }
  }
}
