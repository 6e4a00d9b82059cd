import { runInNewContext } from 'node:vm';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessLogBucket } from '../../lib/constructs/shared-resources';
import { OPS_API_PATH_REWRITE, OpsConsoleSite } from '../../lib/constructs/ops-console-site';
import { opsConsoleCsp } from '../../lib/page-csp';
import { CDK_TEST_CONTEXT } from '../support/cdk';

const HOSTED_UI = 'https://hotline-test.auth.ap-southeast-1.amazoncognito.com';

/**
 * The console in a stack of its own with a stand-in REST API: the back
 * office stack (issue 11, step 4) will give it the real one.
 */
describe('OpsConsoleSite: the ops console on CloudFront', () => {
  let app: App;
  let stack: Stack;
  let template: Template;
  let api: apigateway.RestApi;
  type Behavior = { PathPattern: string; TargetOriginId: string; FunctionAssociations?: { FunctionARN: unknown }[] };
  const distribution = () => Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig as { CacheBehaviors: Behavior[]; Origins: { Id: string; OriginPath?: string; DomainName: unknown }[] };

  beforeAll(() => {
    app = new App({ context: CDK_TEST_CONTEXT });
    stack = new Stack(app, 'OpsConsoleTest', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    api = new apigateway.RestApi(stack, 'OpsApi', { deployOptions: { stageName: 'live' }, cloudWatchRole: false });
    api.root.addResource('tickets').addMethod('GET', new apigateway.MockIntegration());
    const logBucket = accessLogBucket(stack, 'Logs', RemovalPolicy.DESTROY, 'the console');
    new OpsConsoleSite(stack, 'OpsConsole', { api, signIn: { domain: HOSTED_UI, clientId: 'console-client' }, logBucket, logRetention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    template = Template.fromStack(stack);
  });

  it('sends /ops/api/* to the REST API stage, uncached, with the prefix taken off', () => {
    const behavior = distribution().CacheBehaviors.find((b) => b.PathPattern === '/ops/api/*');
    const origin = distribution().Origins.find((o) => o.Id === behavior?.TargetOriginId);
    expect(origin?.OriginPath).toEqual(stack.resolve(`/${api.deploymentStage.stageName}`));
    expect(JSON.stringify(origin?.DomainName)).toContain(stack.getLogicalId(api.node.defaultChild as apigateway.CfnRestApi));
    expect(behavior?.FunctionAssociations).toHaveLength(1);
    const rewrite = (uri: string) => runInNewContext(`${OPS_API_PATH_REWRITE}; handler(event)`, { event: { request: { uri } } }) as { uri: string };
    expect(rewrite('/ops/api/work-orders/261201-0001-0001.1/dispatch').uri).toBe('/work-orders/261201-0001-0001.1/dispatch');
    expect(rewrite('/ops/apiary').uri).toBe('/ops/apiary');
  });

  it('sends the strict CSP that allows the hosted UI for the token exchange, and nothing else outside', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({ SecurityHeadersConfig: Match.objectLike({ ContentSecurityPolicy: { ContentSecurityPolicy: opsConsoleCsp(HOSTED_UI), Override: true } }) }),
    });
    expect(opsConsoleCsp(HOSTED_UI)).toContain(`connect-src 'self' ${HOSTED_UI};`);
    expect(opsConsoleCsp(HOSTED_UI)).toMatch(/script-src 'self';.*style-src 'self';/);
  });

  it('deploys web/ops, the vendored chart library and config.json under ops/, and invalidates /ops/*', () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const properties = deployment?.Properties as { DestinationBucketKeyPrefix: string; DistributionPaths: string[]; SourceObjectKeys: unknown[]; SourceMarkers: Record<string, unknown>[] };
    expect(properties.DestinationBucketKeyPrefix).toBe('ops/');
    expect(properties.DistributionPaths).toEqual(['/ops/*']);
    // The page, uPlot's script and style sheet, and config.json (whose client id is a deploy-time value).
    expect(properties.SourceObjectKeys).toHaveLength(4);
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings and no CDK warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)).filter((f) => f.includes('/OpsConsole/'));
    expect(findings).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*/OpsConsole/*', Match.anyValue())).toEqual([]);
  });
});
