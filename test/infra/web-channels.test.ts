import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { ChannelsStack } from '../../lib/channels-stack';
import { stageConfig } from '../../lib/config';
import { CHAT_PAGE_REWRITE, chatPageCsp } from '../../lib/constructs/chat-site';
import { StatefulStack } from '../../lib/stateful-stack';
import { SES_RECEIVING_REGIONS, WebChannelsStack } from '../../lib/web-channels-stack';

const CDK_JSON_CONTEXT = CDK_TEST_CONTEXT;

let outdir: string;
let app: App;
let webChannels: WebChannelsStack;
let template: Template;
const config = stageConfig('prod', { allowPlaceholders: true });
/** What the Connect stack's chat hand-over flow id would be (bin/app.ts passes ConnectStack.chatHandoverFlowId). */
const CHAT_FLOW_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';

/** Only the stacks this one depends on (bin/app.ts wires the same props; stacks.test.ts synthesises the whole app). */
function synthesise(stage: typeof config, dir: string) {
  const app = new App({ outdir: dir, context: { ...CDK_JSON_CONTEXT, stage: 'prod' } });
  const env = { account: stage.account, region: stage.region };
  const stateful = new StatefulStack(app, 'Hotline-prod-Stateful', { env, config: stage });
  const channels = new ChannelsStack(app, 'Hotline-prod-Channels', { env, config: stage, table: stateful.table, key: stateful.key });
  const webChannels = new WebChannelsStack(app, 'Hotline-prod-WebChannels', {
    env,
    config: stage,
    table: stateful.table,
    key: stateful.key,
    rejectedContactsQueue: channels.rejectedContactsQueue,
    chatContactFlowId: CHAT_FLOW_ID,
  });
  app.synth();
  return { app, webChannels };
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-web-'));
  ({ app, webChannels } = synthesise(config, outdir));
  template = Template.fromStack(webChannels);
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The statements of the inline policy attached to a function's role, by the policy's logical id prefix. */
function statementsOf(policyIdPrefix: string): { Action: string | string[]; Resource: unknown; Sid?: string }[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const [, policy] = Object.entries(policies).find(([id]) => id.startsWith(policyIdPrefix)) ?? [];
  return (policy as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement;
}

describe('WebChannelsStack: e-mail', () => {
  it('receives only the service address, with scanning and TLS, storing the raw mail before invoking the handler', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Enabled: true,
        Recipients: ['95598@hotline.example.com'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
  });

  it('keeps mail in a KMS-encrypted, versioned, private bucket with a rotating key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets email-inbound read raw mail, write attachments and send only from the service address', () => {
    const statements = statementsOf('EmailInboundAccess');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 'ses:SendEmail', 'dynamodb:BatchGetItem']));
    expect(actions).not.toEqual(expect.arrayContaining(['s3:*', 'dynamodb:Scan', 'dynamodb:DeleteItem', 's3:DeleteObject']));
    expect(statements.find((s) => s.Sid === 'AcknowledgeFromServiceIdentity')).toMatchObject({ Condition: { StringEquals: { 'ses:FromAddress': '95598@hotline.example.com' } } });
  });
});

describe('WebChannelsStack: in a region without SES receiving', () => {
  it('deploys no receipt rule set there, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-cdk-web-hk-'));
    try {
      // A stage configured in Hong Kong, nearer the customers, where SES does not receive mail.
      const { webChannels: hk } = synthesise({ ...config, region: 'ap-east-1' }, dir);
      expect(SES_RECEIVING_REGIONS).not.toContain('ap-east-1');
      Template.fromStack(hk).resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
      expect(Annotations.fromStack(hk).findInfo('*', Match.stringLikeRegexp('SES does not receive mail in ap-east-1'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('WebChannelsStack: chat', () => {
  it('serves POST /chat/api/{action} through a throttled, access-logged HTTP API', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /chat/api/{action}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('lets chat-api start a Connect chat in one contact flow only', () => {
    const connect = statementsOf('ChatApiAccess').find((s) => s.Sid === 'StartAgentChat');
    expect(connect?.Action).toBe('connect:StartChatContact');
    expect(String(connect?.Resource)).toMatch(new RegExp(`^${config.connectInstanceArn}/contact-flow/[0-9a-f-]+$`));
  });
});

describe('WebChannelsStack: chat page on CloudFront', () => {
  interface DistributionConfig {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: Record<string, unknown>[];
    Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: Record<string, unknown> }[];
  }
  function distribution(): DistributionConfig {
    const [resource] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    return (resource as { Properties: { DistributionConfig: DistributionConfig } }).Properties.DistributionConfig;
  }
  /** The bucket the deployment writes the page to. */
  function pageBucketId(): string {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    return (deployment as { Properties: { DestinationBucketName: { Ref: string } } }).Properties.DestinationBucketName.Ref;
  }

  it('serves the page from a private, TLS-only, access-logged bucket through Origin Access Control', () => {
    const bucketId = pageBucketId();
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId] as { Properties: Record<string, unknown> };
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'chat-page/' },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const page = distribution().Origins.find((o) => JSON.stringify(o.DomainName).includes(bucketId));
    expect(page?.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } }),
        ]),
      },
    });
  });

  it('redirects the page to HTTPS, rewrites directory paths and sends a strict CSP', () => {
    const page = distribution().DefaultCacheBehavior;
    expect(page).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', FunctionAssociations: [{ EventType: 'viewer-request' }] });
    expect(distribution()).toMatchObject({ PriceClass: 'PriceClass_200', Logging: { Prefix: 'chat-cdn/' } });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: chatPageCsp(config.region), Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
        }),
      }),
    });
    const csp = chatPageCsp(config.region);
    expect(csp).toContain("script-src 'self'");
  });

  it('lets the page call its own API and the Participant Service of the Connect instance\'s region, nothing else', () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = (policy as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } } } } }).Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const connectSrc = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === 'connect-src');
    const connectRegion = config.connectInstanceArn.split(':')[3];
    expect(connectSrc?.slice(1)).toEqual(["'self'", `https://participant.connect.${connectRegion}.amazonaws.com`]);
  });

  it('has nothing inline in the page that the CSP would block', () => {
    const html = readFileSync(new URL('../../web/chat/index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('sends /chat/api/* to the HTTP API over HTTPS, uncached, with every method and the viewer headers', () => {
    const api = distribution().CacheBehaviors.find((b) => b.PathPattern === '/chat/api/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    });
    const origin = distribution().Origins.find((o) => o.Id === api?.TargetOriginId);
    const [apiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(origin).toMatchObject({
      DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }] }] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('redirects / and /chat to /chat/ and serves index.html for /chat/', () => {
    const rewrite = (uri: string) => runInNewContext(`${CHAT_PAGE_REWRITE}; handler(event)`, { event: { request: { uri } } }) as Record<string, unknown>;
    for (const uri of ['/', '/chat']) expect(rewrite(uri)).toMatchObject({ statusCode: 301, headers: { location: { value: '/chat/' } } });
    expect(rewrite('/chat/')).toEqual({ uri: '/chat/index.html' });
    expect(rewrite('/chat/chat.js')).toEqual({ uri: '/chat/chat.js' });
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: CHAT_PAGE_REWRITE, FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
  });

  it('deploys web/chat under chat/ and invalidates /chat/* on each deploy', () => {
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'chat/',
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/chat/*'],
      // prod keeps the bucket (RETAIN), so deleting the deployment leaves the files too.
      RetainOnDelete: true,
    });
  });

  it('outputs the page URL', () => {
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    template.hasOutput('ChatPageUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/chat/']] } });
  });
});

describe('WebChannelsStack: checks', () => {
  it('has no unacknowledged cdk-nag AwsSolutions findings and no CDK warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
      .filter((finding) => finding.includes('-WebChannels/'));
    expect(findings).toEqual([]);
    expect(Annotations.fromStack(webChannels).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(webChannels).findError('*', Match.anyValue())).toEqual([]);
  });
});
