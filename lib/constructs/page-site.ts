import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/**
 * CloudFront Function (viewer request, JS 2.0) on a page behaviour: `/` and
 * `/<page>` redirect to `/<page>/` (the page's relative API path needs the
 * trailing slash), and a path ending in `/` gets `index.html` (S3 behind
 * Origin Access Control has no index documents).
 *
 * @example
 * pageRewrite('chat/'); // redirects / and /chat to /chat/
 */
export function pageRewrite(prefix: string): string {
  return `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/${prefix.replace(/\/$/, '')}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/${prefix}' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;
}

/** The page's API on the distribution: the path it is served under, where it goes, and any function on the way. */
export interface PageApi {
  /** e.g. `/chat/api/*` */
  readonly pathPattern: string;
  readonly origin: cloudfront.IOrigin;
  /** A viewer-request CloudFront Function on the API's path (e.g. to take the page's prefix off), and its comment. */
  readonly rewrite?: { readonly code: string; readonly comment: string };
}

export interface PageSiteProps {
  /** The page's own files, copied to the bucket under `prefix`. */
  readonly pageDir: string;
  /** Key prefix and path of the page, with its trailing slash (`chat/`). */
  readonly prefix: string;
  /** More files deployed beside the page (vendored libraries, a generated config.json), under the same prefix. */
  readonly extraSources?: s3deploy.ISource[];
  /** The Content-Security-Policy CloudFront sends with every answer (the page's and the API's). */
  readonly csp: string;
  readonly api: PageApi;
  /** CloudFront comments (headers policy, rewrite function, distribution), and the deployment role's description. */
  readonly describe: { readonly headers: string; readonly rewrite: string; readonly distribution: string; readonly deployRole: string };
  /** Prefixes of the page bucket's access logs and of CloudFront's standard logs in `logBucket`. */
  readonly logPrefixes: { readonly bucket: string; readonly cdn: string };
  /** Why this page has no geo restriction (AwsSolutions-CFR1) and no WAF web ACL yet (AwsSolutions-CFR2). */
  readonly reasons: { readonly noGeoRestriction: string; readonly noWaf: string };
  /**
   * Receives the page bucket's server access logs and CloudFront's standard
   * logs. Standard logging writes with ACLs: the bucket must not enforce
   * bucket-owner ownership (use BUCKET_OWNER_PREFERRED), and must be in a
   * region CloudFront delivers standard logs to (ap-southeast-1 is; some
   * opt-in regions such as ap-east-1 are not).
   */
  readonly logBucket: s3.IBucket;
  /** Of the deployment function's log group. */
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A page of plain files on CloudFront with its API on the same origin: a
 * private bucket behind Origin Access Control for the page under
 * `/<prefix>`, the API under its path uncached, one strict response headers
 * policy (CSP, HSTS, no framing) on both. Deploying copies the files and
 * invalidates `/<prefix>*`. The chat page (`ChatSite`) and the ops console
 * (`OpsConsoleSite`) are two of these, each on its own distribution.
 */
export class PageSite extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>/<prefix>` */
  public readonly pageUrl: string;

  constructor(scope: Construct, id: string, props: PageSiteProps) {
    super(scope, id);
    const { logBucket, removalPolicy, prefix } = props;

    // Public content, so S3-managed encryption; private all the same: only the distribution reads it.
    this.bucket = new s3.Bucket(this, 'Page', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: props.logPrefixes.bucket,
      removalPolicy,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: props.describe.headers,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: props.csp, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const rewrite = new cloudfront.Function(this, 'PagePaths', {
      comment: props.describe.rewrite,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(pageRewrite(prefix)),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.describe.distribution,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: rewrite }],
      },
      additionalBehaviors: {
        [props.api.pathPattern]: {
          origin: props.api.origin,
          // The page is on HTTPS and calls the API relatively; a redirected POST would arrive as a GET.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          ...(props.api.rewrite
            ? {
                functionAssociations: [{
                  eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
                  function: new cloudfront.Function(this, 'ApiPaths', { comment: props.api.rewrite.comment, runtime: cloudfront.FunctionRuntime.JS_2_0, code: cloudfront.FunctionCode.fromInline(props.api.rewrite.code) }),
                }],
              }
            : {}),
        },
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket,
      logFilePrefix: props.logPrefixes.cdn,
    });
    this.pageUrl = `https://${this.distribution.distributionDomainName}/${prefix}`;

    this.deployPage(props);

    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: props.reasons.noGeoRestriction },
      { id: 'AwsSolutions-CFR2', reason: props.reasons.noWaf },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The stages have no custom domain yet, so the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS version; a custom domain with an ACM certificate (us-east-1) sets TLSv1.2_2021.',
      },
    );
  }

  /**
   * Copies the page (and its extra sources) under the prefix and invalidates
   * `/<prefix>*` on every deploy. CDK's BucketDeployment runs one Python
   * function (with the AWS CLI layer shipped in aws-cdk-lib: no Docker at
   * synth); it gets its own role and log group here rather than the managed
   * basic execution policy (logs on every log group) and a never-expiring
   * log group left behind by Lambda.
   */
  private deployPage(props: PageSiteProps): void {
    const { logRetention, removalPolicy, prefix } = props;
    const files = new s3assets.Asset(this, 'PageFiles', { path: props.pageDir });
    const logGroup = new logs.LogGroup(this, 'DeployLogs', { retention: logRetention, removalPolicy });
    const role = new iam.Role(this, 'DeployRole', {
      description: props.describe.deployRole,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(new iam.PolicyStatement({ sid: 'OwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.bucket(files.bucket, files.s3ObjectKey), ...(props.extraSources ?? [])],
      destinationBucket: this.bucket,
      destinationKeyPrefix: prefix,
      // File names are not content-hashed: browsers check back within minutes; CloudFront is invalidated on deploy.
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.minutes(5))],
      distribution: this.distribution,
      distributionPaths: [`/${prefix}*`],
      // Where the stack may destroy the bucket, deleting the deployment empties it (no auto-delete custom resource needed).
      retainOnDelete: removalPolicy !== RemovalPolicy.DESTROY,
      role,
      logGroup,
    });

    const stack = Stack.of(this);
    const grantedBy = 'CDK\'s BucketDeployment grant for `aws s3 sync` with pruning';
    Validations.of(role).acknowledge(
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${grantedBy} (read the asset, write and prune the page), on the CDK asset bucket and this page bucket only.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${nagPrinted(stack, files.bucket.arnForObjects('*'))}]`,
        reason: `${grantedBy}: reads the page's zip from the CDK asset bucket, named by content hash at synth, so the grant names the bucket's objects.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagPrinted(stack, this.bucket.arnForObjects('*'))}]`,
        reason: `${grantedBy}: the page bucket holds only the deployed page, whose file list changes with its folder.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudfront:CreateInvalidation and GetInvalidation, as CDK\'s BucketDeployment grants them for the invalidation after each deploy; this role belongs to this deployment only.',
      },
    );
    const handler = stack.node.findAll().find((c) => c instanceof lambda.Function && c.role === role);
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The CDK-owned BucketDeployment handler runs the Python runtime that aws-cdk-lib pins with its bundled AWS CLI layer; it moves with CDK upgrades, not here.',
      });
    }
  }
}

/**
 * A resource as cdk-nag names it in a finding id: the resolved template value
 * flattened (`<LogicalId.Attr>`, `<AWS::AccountId>`), so an acknowledgement
 * matches in any stage, with or without a fixed account.
 */
function nagPrinted(stack: Stack, value: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const intrinsic = node as Record<string, unknown>;
    if (intrinsic['Fn::Join']) {
      const [delimiter, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(delimiter);
    }
    if (intrinsic['Fn::Sub']) return flatten(intrinsic['Fn::Sub']);
    if (intrinsic['Fn::GetAtt']) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    if (intrinsic.Ref) return `<${String(intrinsic.Ref)}>`;
    return JSON.stringify(node);
  };
  return flatten(stack.resolve(value));
}
