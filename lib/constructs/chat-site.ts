import { fileURLToPath } from 'node:url';
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** The page's files (index.html, chat.js, chat.css), as `local/web-channels.ts` serves them. */
const CHAT_PAGE_DIR = fileURLToPath(new URL('../../web/chat', import.meta.url));

/** Key prefix and path of the page: the same `/chat/` as locally, so `api/<action>` (relative, in chat.js) is `/chat/api/<action>`. */
export const CHAT_PAGE_PREFIX = 'chat/';

/** The Amazon Connect Participant Service of a region, which the page calls to chat with an agent. */
export function participantServiceOrigin(connectRegion: string): string {
  return `https://participant.connect.${connectRegion}.amazonaws.com`;
}

/**
 * The page allows only its own files, its own API and the Participant
 * Service of the Connect instance's region (the agent chat): chat.js and
 * chat.css are files (no inline script or style), and the API is same-origin.
 */
export const chatPageCsp = (connectRegion: string): string => [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `connect-src 'self' ${participantServiceOrigin(connectRegion)}`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * CloudFront Function (viewer request, JS 2.0) on the page behaviour: `/`
 * and `/chat` redirect to `/chat/` (the page's relative API path needs the
 * trailing slash), and a path ending in `/` gets `index.html` (S3 behind
 * Origin Access Control has no index documents).
 */
export const CHAT_PAGE_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/chat') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/chat/' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

export interface ChatSiteProps {
  /** The chat HTTP API; its `/chat/api/*` routes are served from the page's origin. */
  readonly httpApi: apigwv2.IHttpApi;
  /**
   * Receives the page bucket's server access logs and CloudFront's standard
   * logs (which carry the customers' real addresses; the API sees CloudFront's).
   * Standard logging writes with ACLs: the bucket must not enforce bucket-owner
   * ownership (use BUCKET_OWNER_PREFERRED), and must be in a region CloudFront
   * delivers standard logs to (ap-southeast-1 is; some opt-in regions such as
   * ap-east-1 are not).
   */
  readonly logBucket: s3.IBucket;
  /** Of the deployment function's log group. */
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The Connect instance's region, whose Participant Service the page may call; the stack's region if not given. */
  readonly connectRegion?: string;
}

/**
 * The web chat page on CloudFront (issue 4): a private bucket behind Origin
 * Access Control for the page under `/chat/`, and the chat HTTP API under
 * `/chat/api/*` uncached, so the page calls its API same-origin.
 * Deploying copies `web/chat` to the bucket and invalidates `/chat/*`.
 */
export class ChatSite extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>/chat/` */
  public readonly pageUrl: string;

  constructor(scope: Construct, id: string, props: ChatSiteProps) {
    super(scope, id);
    const { httpApi, logBucket, logRetention, removalPolicy } = props;

    // Public content, so S3-managed encryption; private all the same: only the distribution reads it.
    this.bucket = new s3.Bucket(this, 'Page', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'chat-page/',
      removalPolicy,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Hotline chat page: strict CSP (own files and API only), HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: chatPageCsp(props.connectRegion ?? Stack.of(this).region), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const rewrite = new cloudfront.Function(this, 'PagePaths', {
      comment: 'Hotline chat: / and /chat to /chat/, directory paths to index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(CHAT_PAGE_REWRITE),
    });

    // https://<api id>.execute-api.<region>.amazonaws.com: the host name is the third part.
    const apiDomain = Fn.select(2, Fn.split('/', httpApi.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Hotline web chat: the page and its API, same origin',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: rewrite }],
      },
      additionalBehaviors: {
        [`/${CHAT_PAGE_PREFIX}api/*`]: {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          // The page is on HTTPS and calls the API relatively; a redirected POST would arrive as a GET.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'chat-cdn/',
    });
    this.pageUrl = `https://${this.distribution.distributionDomainName}/${CHAT_PAGE_PREFIX}`;

    this.deployPage(logRetention, removalPolicy);

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A utility\'s customer page with no legal reason to refuse any country (customers travel; the hotline number is public anyway).',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF web ACL yet: chat-api limits each session (and PIN attempts) itself and the HTTP API stage is throttled; its per-address limit sees CloudFront\'s edge addresses, so a web ACL with a rate-based rule per viewer address (us-east-1) is the fix, see docs/architecture.md "Flow: a web chat".',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The stages have no custom domain yet, so the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS version; a custom domain with an ACM certificate (us-east-1) sets TLSv1.2_2021.',
      },
    );
  }

  /**
   * Copies web/chat to `chat/` and invalidates `/chat/*` on every deploy.
   * CDK's BucketDeployment runs one Python function (with the AWS CLI layer
   * shipped in aws-cdk-lib: no Docker at synth); it gets its own role and log
   * group here rather than the managed basic execution policy (logs on every
   * log group) and a never-expiring log group left behind by Lambda.
   */
  private deployPage(logRetention: logs.RetentionDays, removalPolicy: RemovalPolicy): void {
    const files = new s3assets.Asset(this, 'PageFiles', { path: CHAT_PAGE_DIR });
    const logGroup = new logs.LogGroup(this, 'DeployLogs', { retention: logRetention, removalPolicy });
    const role = new iam.Role(this, 'DeployRole', {
      description: 'CDK BucketDeployment of the chat page: read the page asset, sync the page bucket, invalidate the distribution',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(new iam.PolicyStatement({ sid: 'OwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.bucket(files.bucket, files.s3ObjectKey)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: CHAT_PAGE_PREFIX,
      // File names are not content-hashed: browsers check back within minutes; CloudFront is invalidated on deploy.
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.minutes(5))],
      distribution: this.distribution,
      distributionPaths: [`/${CHAT_PAGE_PREFIX}*`],
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
        reason: `${grantedBy}: the page bucket holds only the deployed page, whose file list changes with web/chat.`,
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
